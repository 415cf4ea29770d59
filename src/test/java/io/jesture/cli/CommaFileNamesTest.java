package io.jesture.cli;

import io.jesture.TestVideos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static io.jesture.TestVideos.GREY;
import static io.jesture.TestVideos.RED;
import static io.jesture.cli.CliTest.assertBadInput;
import static io.jesture.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real video whose name holds commas, opened through --source-file and through an escaped --source URI. */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CommaFileNamesTest {
    @TempDir
    Path dir;

    @Test
    void aFileNamedWithCommasOpensThroughSourceFileAndAnEscapedUri() throws Exception {
        Path video = TestVideos.write(dir.resolve("take,2, final.mp4"), 32, 32, 15, new TestVideos.Segment(GREY, 15),
                new TestVideos.Segment(RED, 15));
        String model = CliTest.MODEL;

        CliTest.Result r = run("run", "--source-file", video.toString(), "--model", model, "--provider", "cpu", "--offline");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertTrue(r.err().contains("opened video file " + video) && r.err().contains(" 30 frames"), r.err());

        String escaped = "file:" + video.toString().replace(",", "\\,");
        r = run("run", "--source", escaped + ",pace=fast", "--model", model, "--provider", "cpu", "--offline");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertTrue(r.err().contains("opened video file " + video) && r.err().contains(" 30 frames"), r.err());

        r = run("classify", escaped, "--model", model, "--provider", "cpu");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertTrue(r.out().contains("30 frames at 15 fps"), r.out());

        // Unescaped, the name splits at its first comma: one line that says how to write it.
        assertBadInput(run("run", "--source", "file:" + video, "--model", model, "--provider", "cpu"), "'2'", "\\,", "--source-file");
        assertBadInput(run("run", "--source", escaped, "--source-file", video.toString(), "--model", model), "--source", "--source-file",
                "give one");
    }

    @Test
    void theHelpOfEveryRecognizerCommandShowsTheEscapeAndSourceFile() {
        for (String cmd : new String[] {"run", "demo", "daemon"}) {
            CliTest.Result r = run(cmd, "--help");
            assertEquals(ExitCode.OK, r.code(), cmd);
            String help = r.out().replaceAll("\\s+", ""); // picocli wraps long words at punctuation
            assertTrue(help.contains("--source-file=PATH") && help.contains("file:take\\,2.mp4"), cmd + ": " + r.out());
        }
    }
}
