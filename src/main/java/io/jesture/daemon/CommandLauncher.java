package io.jesture.daemon;

import java.io.File;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the program of a {@code command:} action and does not wait for it: input from
 * {@code /dev/null}, output and errors into the daemon's own streams (the journal under systemd). Only
 * the real input backends call it; a dry run never does.
 */
final class CommandLauncher {
    private static final Logger LOG = LoggerFactory.getLogger(CommandLauncher.class);

    private CommandLauncher() {}

    static void start(Action.Command c) {
        try {
            Process p = new ProcessBuilder(c.argv())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.INHERIT)
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            p.onExit().thenAccept(done -> {
                if (done.exitValue() != 0) LOG.warn("command '{}' exited with {}", c.display(), done.exitValue());
            });
        } catch (IOException e) {
            LOG.error("command '{}' could not start: {}", c.display(), e.getMessage());
        }
    }
}
