package io.jesture.daemon;

import static io.jesture.daemon.Scripted.gesture;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code command:} actions: a dry run never starts them, and only a start-time grant enables them. */
@Timeout(60)
public class DaemonCommandSafetyTest {
    @TempDir
    Path dir;

    private final List<String> out = new CopyOnWriteArrayList<>();

    /**
     * Waits for every process this JVM started to end, so that a command that was (wrongly) started
     * has done its work before the test looks for its file.
     */
    public static void awaitChildProcesses() throws Exception {
        for (ProcessHandle h : ProcessHandle.current().descendants().toList()) {
            h.onExit().get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void aDryRunLogsACommandAndRunsNothing() throws Exception {
        Path marker = dir.resolve("x");
        Path file = dir.resolve("actions.yaml");
        Files.writeString(file, "allowCommands: true\ngestures:\n  Swiping Left: {command: \"touch " + marker + "\"}\n");
        try (Daemon d = Daemon.start(file, Scripted.LABELS, new DryRunBackend(out::add), FocusProbe.NONE, false, false,
                Daemon.ReloadListener.NONE)) {
            d.listener().onGesture(gesture("Swiping Left", 0.95, 1000));
            d.sync(() -> {});
        }
        awaitChildProcesses();
        assertFalse(Files.exists(marker), "the dry run ran the command");
        assertTrue(out.contains("dry-run: command touch " + marker), out.toString());
    }
}
