package io.jesture.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code jesture daemon}'s file options: {@code --actions} names the actions file and {@code --config}
 * the recognizer options, as in every other command; the old meanings ({@code --config ACTIONS},
 * {@code --options OPTIONS}) still work for one release.
 */
class DaemonFileOptionsTest {
    @TempDir
    Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Jesture.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private Path actions() throws Exception {
        return Files.writeString(dir.resolve("actions.yaml"), "gestures:\n  Swiping Left: Right\n");
    }

    /** A jesture.yaml that a --check reads: its profile line names a file that is not there, so reading it shows. */
    private Path recognizerOptions() throws Exception {
        return Files.writeString(dir.resolve("jesture.yaml"), "profile: " + dir.resolve("missing.profile") + "\n");
    }

    @Test
    void actionsNamesTheActionsFile() throws Exception {
        Path a = actions();
        assertEquals(ExitCode.OK, run("daemon", "--check", "--actions", a.toString()), err.toString());
        assertTrue(out.toString().startsWith(a + " is valid: 1 mappings"), out.toString());
    }

    @Test
    void configNamesTheRecognizerOptions() throws Exception {
        Path a = actions();
        Path o = recognizerOptions();
        assertEquals(ExitCode.BAD_INPUT, run("daemon", "--check", "--actions", a.toString(), "--config", o.toString()));
        assertTrue(err.toString().contains("missing.profile"), "the options file was read: " + err);
    }

    @Test
    void theOldSpellingsStillWork() throws Exception {
        Path a = actions();
        assertEquals(ExitCode.OK, run("daemon", "--check", "--config", a.toString()), err.toString());
        assertTrue(out.toString().startsWith(a + " is valid: "), out.toString());
        Path o = recognizerOptions();
        assertEquals(ExitCode.BAD_INPUT, run("daemon", "--check", "--config", a.toString(), "--options", o.toString()));
        assertTrue(err.toString().contains("missing.profile"), "--options is read as --config: " + err);
    }

    @Test
    void givingAFileTwiceIsBadInput() throws Exception {
        Path a = actions();
        Path o = recognizerOptions();
        assertEquals(ExitCode.BAD_INPUT, run("daemon", "--check", "--actions", a.toString(), "--config", a.toString()));
        assertTrue(err.toString().contains("give the actions file once, with --actions"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(ExitCode.BAD_INPUT, run("daemon", "--check", "--actions", a.toString(), "--config", o.toString(), "--options", o.toString()));
        assertTrue(err.toString().startsWith("jesture: --options is the old name of --config"), err.toString());
    }
}
