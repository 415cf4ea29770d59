package io.jesture;

import io.jesture.internal.pipeline.SmallFrames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Featureless video through the shipped model: a 2x2 grey file (which once fired "Swiping Left 0.70")
 * and a uniform grey 640x480 one. Both reach the model as the same flat grey clip. Nothing may fire,
 * with the rejection gate or without it, and the 2x2 file gets a one-line warning that its frames are
 * far below the model's input.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class BlankVideoTest {
    static final int[] MID_GREY = {128, 128, 128};

    @TempDir
    Path dir;

    /** What the model said over a whole file. */
    record Seen(int events, String topLabel, double topMean, double backgroundMean, double logSumExpMean, int inferences, String log) {}

    Seen run(Path video, Rejection rejection) throws Exception {
        List<ScoreUpdate> scores = new CopyOnWriteArrayList<>();
        List<GestureEvent> events = new CopyOnWriteArrayList<>();
        GestureOptions o = GestureOptions.builder().source("file:" + video).model(ShippedModelEndToEndTest.MODEL).provider(Provider.CPU)
                .runningMode(RunningMode.OFFLINE).smoothing(Smoothing.builder().rejection(rejection).build())
                .listener(new GestureListener() {
                    @Override public void onScores(ScoreUpdate u) {
                        scores.add(u.copy());
                    }

                    @Override public void onGesture(GestureEvent e) {
                        events.add(e);
                    }
                }).build();
        // The warning is one slf4j line on stderr; slf4j-simple looks System.err up at each line.
        PrintStream stderr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (GestureRecognizer r = GestureRecognizer.create(o)) {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                r.start();
                assertTrue(r.awaitEndOfStream(Duration.ofSeconds(240)), "did not end");
            } finally {
                System.setErr(stderr);
            }
        }
        List<String> labels = scores.get(0).labels();
        double[] mean = new double[labels.size()];
        double background = 0, lse = 0;
        for (ScoreUpdate u : scores) {
            for (int i = 0; i < mean.length; i++) mean[i] += u.raw()[i] / scores.size();
            background += (u.raw()[labels.indexOf("No gesture")] + u.raw()[labels.indexOf("Doing other things")]) / scores.size();
            lse += u.logSumExp() / scores.size();
        }
        int top = 0;
        for (int i = 1; i < mean.length; i++) if (mean[i] > mean[top]) top = i;
        String log = captured.toString(StandardCharsets.UTF_8);
        stderr.print(log);
        return new Seen(events.size(), labels.get(top), mean[top], background, lse, scores.size(), log);
    }

    @Test
    void blankVideosFireNothingAndTinyFramesGetAWarning() throws Exception {
        Path tiny = TestVideos.write(dir.resolve("tiny.mp4"), 2, 2, 30, new TestVideos.Segment(MID_GREY, 300));
        Path grey = TestVideos.write(dir.resolve("grey.mp4"), 640, 480, 15, new TestVideos.Segment(MID_GREY, 150));
        for (Path video : List.of(tiny, grey)) {
            for (Rejection gate : List.of(Rejection.standard(), Rejection.OFF)) {
                Seen s = run(video, gate);
                System.out.printf(Locale.ROOT, "BlankVideoTest %s, gate %s: %d inferences, %d events; mean raw top-1 %s %.3f,"
                                + " background mass %.3f, log-sum-exp %.2f%n", video.getFileName(), gate == Rejection.OFF ? "off" : "standard",
                        s.inferences(), s.events(), s.topLabel(), s.topMean(), s.backgroundMean(), s.logSumExpMean());
                assertTrue(s.inferences() > 5, s.toString());
                assertEquals(0, s.events(), video + " with gate " + gate + ": " + s);
                long warnings = s.log().lines().filter(l -> l.contains("WARN") && l.contains("far below the 88x64 the model reads")).count();
                assertEquals(video == tiny ? 1 : 0, warnings, s.log());
                if (video == tiny) assertTrue(s.log().contains("tiny.mp4 has 2x2 frames"), s.log());
            }
        }
    }

    @Test
    void theWarningNamesTheSizeAndWhatTheModelNeeds() throws Exception {
        ModelInfo info;
        try (GestureRecognizer r = GestureRecognizer.create(GestureOptions.builder().source("synthetic:seed=1")
                .model(ShippedModelEndToEndTest.MODEL).provider(Provider.CPU).build())) {
            info = r.modelInfo();
        }
        String w = SmallFrames.warning("video file tiny.mp4", 2, 2, info);
        assertTrue(w.startsWith("video file tiny.mp4 has 2x2 frames, far below the 88x64 the model reads: each is scaled up 44 times"), w);
        assertTrue(w.endsWith("use a source of at least 88x64"), w);
        assertTrue(SmallFrames.warning("x", 40, 480, info) != null, "40 wide is under half of 88");
        assertNull(SmallFrames.warning("x", 640, 480, info));
        assertNull(SmallFrames.warning("x", 176, 100, info)); // Jester's own framing
        assertNull(SmallFrames.warning("x", 44, 32, info));
    }
}
