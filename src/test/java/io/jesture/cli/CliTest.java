package io.jesture.cli;

import io.jesture.TestVideos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static io.jesture.TestVideos.GREY;
import static io.jesture.TestVideos.RED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CLI in-process, with captured output. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class CliTest {
    @TempDir
    Path dir;

    record Result(int code, String out, String err) {}

    static Result run(String... args) {
        CommandLine cl = Jesture.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    static final String MODEL = TestVideos.model("colour.onnx").toString();

    static void assertBadInput(Result r, String... parts) {
        assertEquals(ExitCode.BAD_INPUT, r.code(), r.toString());
        String[] lines = r.err().strip().split("\n");
        assertTrue(lines[0].startsWith("jesture: "), r.err());
        for (String p : parts) assertTrue(lines[0].contains(p), "'" + p + "' not in: " + r.err());
        assertFalse(r.err().contains("\tat "), "stack trace without --verbose: " + r.err());
    }

    @Test
    void helpWorksEverywhere() {
        for (String cmd : new String[] {"run", "classify", "info", "bench"}) {
            Result r = run(cmd, "--help");
            assertEquals(ExitCode.OK, r.code(), cmd);
            assertTrue(r.out().contains("Usage: jesture " + cmd), r.out());
        }
        Result root = run("--help");
        assertTrue(root.out().contains("run") && root.out().contains("classify") && root.out().contains("info"), root.out());
    }

    @Test
    void runWithBadInputExitsTwoWithOneLine() {
        assertBadInput(run("run", "--source", "webcam:0", "--model", MODEL), "webcam:0", "camera:0");
        assertBadInput(run("run", "--source", "camera:/dev/video99", "--model", MODEL, "--provider", "cpu"), "no camera at /dev/video99");
        assertBadInput(run("run", "--model", dir.resolve("nope.onnx").toString()), "nope.onnx", "does not exist");
        assertBadInput(run("run", "--model", MODEL, "--provider", "tpu"), "tpu", "cpu, cuda or auto");
        assertBadInput(run("run", "--model", MODEL, "--duration", "soon"), "soon");
        assertBadInput(run("run", "--bogus"), "--bogus");
        assertBadInput(run("run", "--model", TestVideos.model("bad_shape.onnx").toString()), "bad_shape.onnx", "T=8");
    }

    /**
     * Every duration and count is checked before anything opens: the source (a camera that is not
     * there) and the model (a file that is not there) would each fail with another message.
     */
    @Test
    void everyDurationAndCountIsCheckedBeforeAnythingOpens() throws Exception {
        String noCamera = "camera:/dev/video99";
        String noModel = dir.resolve("missing.onnx").toString();
        Path video = TestVideos.write(dir.resolve("v.mp4"), 32, 32, 15, new TestVideos.Segment(GREY, 3));
        String[][] cases = {
                {"--stats", "run", "--source", noCamera, "--model", noModel, "--stats=0s"},
                {"--stats", "run", "--source", noCamera, "--model", noModel, "--stats=-1s"},
                {"--stats", "run", "--source", noCamera, "--model", noModel, "--stats=10ms"},
                {"--duration", "run", "--source", noCamera, "--model", noModel, "--duration", "0s"},
                {"--duration", "run", "--source", noCamera, "--model", noModel, "--duration", "PT-5S"},
                {"--duration", "run", "--source", noCamera, "--model", noModel, "--duration", "1000000d"},
                {"--threads", "bench", "--model", noModel, "--threads", "-3"},
                {"--threads", "bench", "--model", noModel, "--threads", "100000"},
                {"--size", "bench", "--model", noModel, "--size", "0x480"},
                {"--seconds", "bench", "--model", noModel, "--live", noCamera, "--seconds", "0"},
                {"--warmup", "bench", "--model", noModel, "--live", noCamera, "--warmup", "-1"},
                {"--interval", "bench", "--model", noModel, "--interval", "-5"},
                {"--fps", "classify", video.toString(), "--model", noModel, "--fps", "1e9"},
                {"--top", "classify", video.toString(), "--model", noModel, "--top", "-1"},
                {"--tolerance", "eval-stream", "--model", noModel, "--tolerance", "0s"},
                {"--tolerance", "eval-stream", "--model", noModel, "--tolerance", "PT-1S"},
                {"--view", "eval-stream", "--model", noModel, "--view", "side"},
                {"--threads", "synth", "--out", dir.resolve("ds").toString(), "--clips", "1", "--threads", "2000"},
        };
        for (String[] c : cases) {
            Result r = run(java.util.Arrays.copyOfRange(c, 1, c.length));
            assertBadInput(r, c[0]);
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
        assertFalse(Files.exists(dir.resolve("ds")), "synth started writing");
    }

    @Test
    void benchLiveReportsCoresPerThreadGroupAndDrops() throws Exception {
        Path video = TestVideos.write(dir.resolve("loop.mp4"), 160, 120, 30, new TestVideos.Segment(GREY, 15),
                new TestVideos.Segment(RED, 15));
        Result r = run("bench", "--model", MODEL, "--provider", "cpu", "--frames", "5", "--clips", "3",
                "--live", "file:" + video + ",loop=true,pace=live", "--warmup", "0.5", "--seconds", "1");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        for (String g : new String[] {"capture", "clips", "inference", "jvm", "total"}) {
            assertTrue(r.out().lines().anyMatch(l -> l.trim().matches(g + " +\\d+\\.\\d{4} .*")), g + " line: " + r.out());
        }
        assertTrue(r.out().contains("dropped), inferences"), r.out());
        assertTrue(r.out().contains("live/isolated"), r.out());
        // Lag: how old frames are when inference starts, and how far the source is behind its timeline.
        assertTrue(r.out().lines().anyMatch(l -> l.trim().matches("lag at the end: frame age at inference p50 \\d+\\.\\d ms,"
                + " max \\d+\\.\\d ms \\(last 64 inferences\\); source lag \\d+\\.\\d ms")), r.out());
        // A file that is not looped ends during the warm-up: one line saying what to use instead.
        assertBadInput(run("bench", "--model", MODEL, "--provider", "cpu", "--frames", "5", "--clips", "3",
                "--live", "file:" + video + ",pace=live", "--warmup", "3", "--seconds", "1"), "ended during the warm-up", "loop=true");
    }

    @Test
    void badConfigExitsTwoNamingTheKey() throws Exception {
        Path cfg = Files.writeString(dir.resolve("c.yaml"), "sourse: camera:0\n");
        assertBadInput(run("run", "--config", cfg.toString()), "c.yaml", "line 1", "sourse");
    }

    @Test
    void aRingSizeTheHeapCannotHoldIsBadInputBeforeAnythingOpens() throws Exception {
        Path cfg = Files.writeString(dir.resolve("ring.yaml"), "source: camera:/dev/video99\nring-size: 16384\n");
        assertBadInput(run("run", "--config", cfg.toString(), "--model", MODEL, "--provider", "cpu"), "ring.yaml", "'ring-size'", "16384");
    }

    @Test
    void runPrintsEventsAsJsonLines() throws Exception {
        Path video = TestVideos.write(dir.resolve("v.mp4"), 160, 120, 30, new TestVideos.Segment(GREY, 20),
                new TestVideos.Segment(RED, 30), new TestVideos.Segment(GREY, 20));
        Result r = run("run", "--source", "file:" + video, "--model", MODEL, "--provider", "cpu", "--json", "--offline");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        String[] lines = r.out().strip().split("\n");
        long gestures = java.util.Arrays.stream(lines).filter(l -> l.contains("\"type\":\"gesture\"")).count();
        assertEquals(1, gestures, r.out());
        assertTrue(r.out().contains("\"label\":\"Swiping Left\""), r.out());
        assertTrue(lines[lines.length - 1].contains("\"type\":\"stats\"") && lines[lines.length - 1].contains("\"framesCaptured\":70"), r.out());
        com.fasterxml.jackson.databind.JsonNode stats = new com.fasterxml.jackson.databind.ObjectMapper().readTree(lines[lines.length - 1]);
        for (String lag : new String[] {"frameAgeP50Millis", "frameAgeMaxMillis", "sourceLagMillis"}) {
            assertTrue(stats.has(lag) && stats.get(lag).asDouble() >= 0, lag + ": " + stats);
        }
        assertTrue(stats.get("frameAgeMaxMillis").asDouble() >= stats.get("frameAgeP50Millis").asDouble(), stats.toString());
        Result withScores = run("run", "--source", "file:" + video, "--model", MODEL, "--provider", "cpu", "--json", "--offline", "--scores");
        long scoreLines = withScores.out().lines().filter(l -> l.contains("\"type\":\"scores\"")).count();
        assertTrue(withScores.out().contains("\"inferences\":" + scoreLines + ","), scoreLines + " score lines: " + withScores.out());
        Result human = run("run", "--source", "file:" + video, "--model", MODEL, "--provider", "cpu", "--offline");
        assertEquals(ExitCode.OK, human.code(), human.toString());
        assertTrue(human.out().matches("(?s)\\d\\d:\\d\\d\\.\\d{3}  Swiping Left .*"), human.out());
    }

    @Test
    void classifyPrintsTopK() throws Exception {
        Path video = TestVideos.write(dir.resolve("red.mp4"), 160, 120, 15, new TestVideos.Segment(RED, 20));
        Result r = run("classify", video.toString(), "--model", MODEL, "--provider", "cpu", "--top", "2");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        String[] lines = r.out().strip().split("\n");
        assertTrue(lines[0].contains("20 frames at 15 fps"), r.out());
        assertTrue(lines[1].trim().endsWith("Swiping Left"), r.out());
        assertEquals(5, lines.length, r.out()); // header, 2 classes, best window, centre clip
        assertTrue(lines[4].startsWith("centre clip: Swiping Left"), r.out());
        assertBadInput(run("classify", dir.resolve("none.mp4").toString(), "--model", MODEL), "none.mp4");
        assertBadInput(run("classify", video.toString(), "--model", MODEL, "--top", "0"), "--top");
    }

    @Test
    void classifyReadsAJesterFrameFolder() throws Exception {
        Path clip = Files.createDirectories(dir.resolve("12345"));
        try (org.bytedeco.opencv.opencv_core.Mat blue = new org.bytedeco.opencv.opencv_core.Mat(100, 176,
                org.bytedeco.opencv.global.opencv_core.CV_8UC3, new org.bytedeco.opencv.opencv_core.Scalar(255, 0, 0, 0))) {
            for (int i = 1; i <= 30; i++) {
                org.bytedeco.opencv.global.opencv_imgcodecs.imwrite(clip.resolve(String.format("%05d.jpg", i)).toString(), blue);
            }
        }
        Result r = run("classify", clip.toString(), "--model", MODEL, "--provider", "cpu", "--top", "1", "--json");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        // 30 frames at 12 fps = 30 model frames, T = 8: 23 windows, all blue = "Swiping Right"
        assertTrue(r.out().contains("\"windows\":23") && r.out().contains("\"label\":\"Swiping Right\""), r.out());
        assertBadInput(run("classify", Files.createDirectories(dir.resolve("empty")).toString(), "--model", MODEL), "00001.jpg");
    }

    @Test
    void infoPrintsTheContract() {
        Result r = run("info", MODEL);
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertTrue(r.out().contains("clip [N, 3, 8, 32, 32]"), r.out());
        assertTrue(r.out().contains("25 No gesture *"), r.out());
        Result json = run("info", MODEL, "--json");
        assertTrue(json.out().contains("\"jesture.clip_length\":\"8\""), json.out());
        assertBadInput(run("info", TestVideos.model("no_metadata.onnx").toString()), "no_metadata.onnx", "jesture.contract");
        // A hands model: what its graph reads, and no advice to re-export it for an embedding it can never have.
        Result hands = run("info", java.nio.file.Path.of(System.getProperty("jesture.projectDir", "."), "models", "jesture-hands.onnx").toString());
        assertEquals(ExitCode.OK, hands.code(), hands.toString());
        assertTrue(hands.out().contains("clip [N, 16, 71] float32 (T, features)"), hands.out());
        assertTrue(hands.out().contains("votes only on clips with a hand in at least 6 of their 16 frames"), hands.out());
        assertTrue(hands.out().contains("a hands model has none"), hands.out());
        assertTrue(hands.out().contains("applied only to clips on which this model does not vote"), hands.out());
        assertTrue(!hands.out().contains("re-export"), hands.out());
        assertBadInput(run("info"), "MODEL");
    }

    @Test
    void classifyTakesSeveralInputsAndStatesTheFpsItPlayed() throws Exception {
        Path red = TestVideos.write(dir.resolve("red.mp4"), 160, 120, 30, new TestVideos.Segment(RED, 30));
        Path blue = TestVideos.writeFrames(dir.resolve("blue"), 24, TestVideos.solidFrames(176, 100, new TestVideos.Segment(TestVideos.BLUE, 24)));
        // 30 frames of 1 cs: 0.3 s as the file's timing reads, 3 s as browsers and players show it.
        Path gif = TestVideos.writeGif(dir.resolve("red.gif"), 30, 1, TestVideos.solidFrames(64, 48, new TestVideos.Segment(RED, 30)));
        assertEquals(java.util.Collections.nCopies(30, 1), TestVideos.gifDelays(gif));
        String[] args = {"classify", red.toString(), blue.toString(), gif.toString(), "file:" + gif + ",fps=15", "frames:" + blue + ",fps=6",
                "--model", MODEL, "--provider", "cpu", "--top", "1"};
        Result r = run(args);
        assertEquals(ExitCode.OK, r.code(), r.toString());
        String[] lines = r.out().strip().split("\n");
        assertEquals(5 * 4, lines.length, r.out());
        assertEquals(red + ": 30 frames at 30 fps (0.97 s), 6 windows, mean probabilities:", lines[0]);
        assertEquals(blue + ": 24 frames at 12 fps (1.92 s), 17 windows, mean probabilities:", lines[4]);
        assertEquals(gif + ": 30 frames at 10 fps (2.90 s), 29 windows, mean probabilities:", lines[8]);
        assertTrue(lines[12].startsWith("file:" + gif + ",fps=15: 30 frames at 15 fps (1.93 s)"), lines[12]);
        assertTrue(lines[16].startsWith("frames:" + blue + ",fps=6: 24 frames at 6 fps (3.83 s)"), lines[16]);
        assertTrue(lines[1].endsWith("Swiping Left") && lines[5].endsWith("Swiping Right") && lines[9].endsWith("Swiping Left"), r.out());

        String[] json = java.util.Arrays.copyOf(args, args.length + 1);
        json[args.length] = "--json";
        Result j = run(json);
        assertEquals(ExitCode.OK, j.code(), j.toString());
        com.fasterxml.jackson.databind.JsonNode array = new com.fasterxml.jackson.databind.ObjectMapper().readTree(j.out());
        assertTrue(array.isArray() && array.size() == 5, j.out());
        assertEquals(10.0, array.get(2).get("fps").asDouble(), 1e-9);
        assertEquals(29, array.get(2).get("windows").asInt());
        assertEquals("Swiping Right", array.get(1).get("top").get(0).get("label").asText());
        assertEquals("Swiping Right", array.get(1).get("centre").get("label").asText());
        assertTrue(array.get(1).get("called_gesture").asBoolean());
        assertBadInput(run("classify", red.toString(), dir.resolve("gone.mp4").toString(), "--model", MODEL), "gone.mp4", "does not exist");
    }

    @Test
    void runReadsAFrameFolderSource() throws Exception {
        Path clip = TestVideos.writeFrames(dir.resolve("clip"), 48, TestVideos.solidFrames(176, 100, new TestVideos.Segment(GREY, 16),
                new TestVideos.Segment(TestVideos.BLUE, 16), new TestVideos.Segment(GREY, 16)));
        Result r = run("run", "--source", "frames:" + clip, "--model", MODEL, "--provider", "cpu", "--offline", "--json");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertTrue(r.out().contains("\"type\":\"gesture\",\"label\":\"Swiping Right\""), r.out());
        assertTrue(r.out().contains("opened frame folder " + clip + " @ 12 fps (176x100 @ 12 fps)"), r.out());
        assertTrue(r.out().contains("\"framesCaptured\":48") && r.out().contains("\"sourceFps\":12.0"), r.out());
        Result human = run("run", "--source", "frames:" + clip + ",fps=24", "--model", MODEL, "--provider", "cpu", "--offline");
        assertEquals(ExitCode.OK, human.code(), human.toString());
        assertTrue(human.err().contains("48 frames (0 dropped,") && human.err().contains("source 24 fps)"), human.err());
    }
}
