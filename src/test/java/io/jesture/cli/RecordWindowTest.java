package io.jesture.cli;

import io.jesture.TestVideos;
import io.jesture.TestVideos.Segment;
import io.jesture.internal.desktop.DesktopDisplay;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code jesture record --window}: with a display the cues also show in a window, with a rendered
 * example of a Jester gesture; without one, asking for the window is one clear line and exit 2. Run
 * under xvfb-run for the first, without DISPLAY for the second; the takes are the same either way.
 */
@Timeout(180)
class RecordWindowTest {
    @Test
    void recordWithAWindowWritesTheSameTakesOrSaysWhyNot(@TempDir Path tmp) throws Exception {
        Path clip = TestVideos.write(tmp.resolve("colours.mp4"), 320, 240, 30,
                new Segment(TestVideos.GREY, 60), new Segment(TestVideos.RED, 60));
        Path out = tmp.resolve("takes");
        CliTest.Result r = CliTest.run("record", "--gesture", "thumb up", "--takes", "2", "--out", out.toString(), "--model", CliTest.MODEL,
                "--source", "file:" + clip + ",loop=true", "--fast", "--countdown", "0.5", "--window");
        String why = DesktopDisplay.whyNot();
        if (why != null) {
            CliTest.assertBadInput(r, "--window needs a desktop display", why);
            return;
        }
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertTrue(r.out().contains("'Thumb Up' (one of the model's classes"), "filed under the model's spelling: " + r.out());
        assertTrue(r.out().contains("the cues show in a window too, with a rendered example of the gesture"), r.out());
        assertTrue(r.out().contains("take 2/2 saved"), r.out());
        assertEquals(List.of("00001;Thumb Up", "00002;Thumb Up"), Files.readAllLines(out.resolve("jester-v1-train.csv")));
        try (Stream<Path> s = Files.list(out.resolve("00002"))) {
            assertEquals(24, s.count(), "colour.onnx's clip (0.67 s) plus 1 s, rounded up to 2.0 s, at 12 fps");
        }

        // --no-window: printed cues only, the same layout.
        CliTest.Result plain = CliTest.run("record", "--gesture", "thumb up", "--takes", "1", "--out", out.toString(), "--model",
                CliTest.MODEL, "--source", "file:" + clip + ",loop=true", "--fast", "--countdown", "0", "--no-window");
        assertEquals(ExitCode.OK, plain.code(), plain.toString());
        assertTrue(!plain.out().contains("window"), plain.out());
        assertEquals(3, Files.readAllLines(out.resolve("jester-v1-train.csv")).size());
    }
}
