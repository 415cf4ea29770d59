package io.jesture.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jesture daemon}'s file options: {@code --actions} names the actions file and {@code --config}
 * the recognizer options, as in every other command; the old meanings ({@code --config ACTIONS},
 * {@code --options OPTIONS}) still work for one release.
 */
class DaemonFileOptionsTest {
    @TempDir
    Path dir;

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
        CliTest.Result r = CliTest.run("daemon", "--check", "--actions", a.toString());
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertTrue(r.out().startsWith(a + " is valid: 1 mappings"), r.out());
    }

    @Test
    void configNamesTheRecognizerOptions() throws Exception {
        CliTest.Result r = CliTest.run("daemon", "--check", "--actions", actions().toString(), "--config", recognizerOptions().toString());
        assertEquals(ExitCode.BAD_INPUT, r.code(), r.toString());
        assertTrue(r.err().contains("missing.profile"), "the options file was read: " + r.err());
    }

    @Test
    void theOldSpellingsStillWork() throws Exception {
        Path a = actions();
        CliTest.Result r = CliTest.run("daemon", "--check", "--config", a.toString());
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertTrue(r.out().startsWith(a + " is valid: "), r.out());
        r = CliTest.run("daemon", "--check", "--config", a.toString(), "--options", recognizerOptions().toString());
        assertEquals(ExitCode.BAD_INPUT, r.code(), r.toString());
        assertTrue(r.err().contains("missing.profile"), "--options is read as --config: " + r.err());
    }

    @Test
    void givingAFileTwiceIsBadInput() throws Exception {
        Path a = actions();
        Path o = recognizerOptions();
        CliTest.Result twice = CliTest.run("daemon", "--check", "--actions", a.toString(), "--config", a.toString());
        CliTest.assertBadInput(twice, "give the actions file once, with --actions");
        CliTest.Result both = CliTest.run("daemon", "--check", "--actions", a.toString(), "--config", o.toString(), "--options", o.toString());
        CliTest.assertBadInput(both, "--options is the old name of --config");
    }
}
