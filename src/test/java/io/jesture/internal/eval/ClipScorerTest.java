package io.jesture.internal.eval;

import io.jesture.GestureListener;
import io.jesture.GestureOptions;
import io.jesture.GestureRecognizer;
import io.jesture.ModelLoadException;
import io.jesture.Provider;
import io.jesture.RunningMode;
import io.jesture.ScoreUpdate;
import io.jesture.TestVideos;
import io.jesture.internal.source.FfmpegSource;
import io.jesture.internal.source.FrameFolderSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.jesture.TestVideos.BLUE;
import static io.jesture.TestVideos.GREY;
import static io.jesture.TestVideos.RED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Both protocols on real files through real ONNX Runtime. The colour models (see
 * src/test/resources/models/make_test_models.py) make the answers known: red is "Swiping Left", blue
 * "Swiping Right", grey "No gesture".
 */
@Timeout(120)
class ClipScorerTest {
    @TempDir
    Path dir;

    static final Path COLOUR = TestVideos.model("colour.onnx");
    /** Alphabetical labels, BGR, 24x40, 4 frames at 6 fps, 0..255-minus-mean input. */
    static final Path ALPHA = TestVideos.model("colour_alpha.onnx");

    static ClipScorer load(Path... models) throws ModelLoadException {
        return ClipScorer.load(List.of(models), Provider.CPU, 1, s -> { });
    }

    /** The training side's centre sampling (data.py sample_indices, mode "center"), written out independently. */
    static int[] trainingCentre(int n, int clipLength, double stride) {
        double span = (clipLength - 1) * stride;
        double slack = (n - 1) - span;
        double start = slack / 2;
        int[] out = new int[clipLength];
        for (int k = 0; k < clipLength; k++) out[k] = (int) Math.max(0, Math.min(n - 1, Math.floor(start + k * stride + 0.5)));
        return out;
    }

    @Test
    void centreClipPicksTheFramesTrainingPicks() {
        double sourceFps = 12;
        int cases = 0;
        for (double modelFps : new double[] {12, 6, 8, 4, 5}) {
            for (int t : new int[] {1, 4, 8, 16}) {
                for (int n = 1; n <= 80; n++) {
                    // As a frame folder stamps them, and as FFmpeg does (whole microseconds).
                    long[] folder = new long[n];
                    long[] micros = new long[n];
                    for (int i = 0; i < n; i++) {
                        folder[i] = Math.round(i * 1e9 / sourceFps);
                        micros[i] = (long) Math.floor(i * 1e6 / sourceFps) * 1000;
                    }
                    int[] expected = trainingCentre(n, t, sourceFps / modelFps);
                    String what = "n=" + n + " T=" + t + " model fps " + modelFps;
                    assertArrayEquals(expected, ClipScorer.centreFrames(folder, n, t, sourceFps, modelFps), what);
                    assertArrayEquals(expected, ClipScorer.centreFrames(micros, n, t, sourceFps, modelFps), what + " (microsecond stamps)");
                    cases++;
                }
            }
        }
        assertEquals(5 * 4 * 80, cases);
    }

    @Test
    void centreClipFollowsTimestampsWhenTheRateVaries() {
        // 0, 0.1, 0.2, 0.3, then a 0.5 s frame, 0.8, 0.85, 0.9 s: ticks every 0.2 s around the centre 0.45 s.
        long[] ms = {0, 100, 200, 300, 800, 850, 900};
        long[] nanos = new long[ms.length];
        for (int i = 0; i < ms.length; i++) nanos[i] = ms[i] * 1_000_000;
        // T=4 at 5 fps: ticks 0.15, 0.35, 0.55, 0.75 s -> nearest frames 0.2 (a tie with 0.1: the later), 0.3,
        // 0.8 (a tie with 0.3: the later), 0.8.
        assertArrayEquals(new int[] {2, 3, 4, 4}, ClipScorer.centreFrames(nanos, nanos.length, 4, 10, 5));
        // T=3 at 2 fps: ticks -0.05, 0.45, 0.95 s -> the first frame, 0.3, the last frame.
        assertArrayEquals(new int[] {0, 3, 6}, ClipScorer.centreFrames(nanos, nanos.length, 3, 10, 2));
    }

    @Test
    void windowsAreExactlyWhatTheOfflinePipelineClassifies() throws Exception {
        Path video = TestVideos.write(dir.resolve("v.mp4"), 160, 120, 30, new TestVideos.Segment(GREY, 20),
                new TestVideos.Segment(RED, 25), new TestVideos.Segment(BLUE, 15));
        List<float[]> raw = new CopyOnWriteArrayList<>();
        GestureOptions options = GestureOptions.builder().source("file:" + video).model(COLOUR).provider(Provider.CPU)
                .runningMode(RunningMode.OFFLINE).stride(1)
                .listener(new GestureListener() {
                    @Override public void onScores(ScoreUpdate s) { raw.add(s.raw().clone()); }
                }).build();
        try (GestureRecognizer r = GestureRecognizer.create(options)) {
            r.start();
            assertTrue(r.awaitEndOfStream(Duration.ofSeconds(60)));
        }
        double[] mean = new double[27];
        for (float[] p : raw) for (int i = 0; i < 27; i++) mean[i] += p[i] / raw.size();
        try (ClipScorer scorer = load(COLOUR)) {
            ClipScore s = scorer.score(FfmpegSource.file(video, false, FfmpegSource.Pace.FAST));
            assertEquals(raw.size(), s.windows());
            assertEquals(60, s.frames());
            assertEquals(30.0, s.fps(), 0.01);
            for (int i = 0; i < 27; i++) assertEquals(mean[i], s.windowMean()[i], 1e-5, "class " + i);
            assertNull(s.error());
        }
    }

    @Test
    void centreClipOfAClipIsItsMiddle() throws Exception {
        // 24 frames at 12 fps with the model at 12 fps, T=8: the centre clip is frames 8..15 (all red),
        // while most windows see blue or grey too.
        Path clip = TestVideos.writeFrames(dir.resolve("clip"), 24, TestVideos.solidFrames(64, 48,
                new TestVideos.Segment(BLUE, 8), new TestVideos.Segment(RED, 8), new TestVideos.Segment(GREY, 8)));
        try (ClipScorer scorer = load(COLOUR)) {
            ClipScore s = scorer.score(new FrameFolderSource(clip, 12, false, FfmpegSource.Pace.FAST));
            assertEquals(17, s.windows());
            float[] c = s.centre();
            assertNotNull(c);
            assertEquals("Swiping Left", s.labels().get(ClipScore.ranking(c)[0]));
            assertTrue(c[0] > 0.99, "all-red centre clip: " + c[0]);
            assertTrue(s.windowMean()[0] < 0.9, "the windows average red with blue and grey: " + s.windowMean()[0]);
        }
    }

    @Test
    void ensembleMatchesClassesByNameAndPreprocessesEachMemberItsOwnWay() throws Exception {
        Path red = TestVideos.write(dir.resolve("red.mp4"), 160, 120, 30, new TestVideos.Segment(RED, 40));
        Path blue = TestVideos.writeFrames(dir.resolve("blue"), 30, TestVideos.solidFrames(176, 100, new TestVideos.Segment(BLUE, 30)));
        try (ClipScorer a = load(COLOUR); ClipScorer b = load(ALPHA); ClipScorer both = load(COLOUR, ALPHA)) {
            assertEquals(a.labels(), both.labels());
            assertTrue(!b.labels().equals(a.labels()), "colour_alpha lists its labels in another order");
            assertEquals(2, both.members().size());
            for (boolean folder : new boolean[] {false, true}) {
                ClipScore sa = folder ? a.score(frames(blue)) : a.score(file(red));
                ClipScore sb = folder ? b.score(frames(blue)) : b.score(file(red));
                ClipScore s = folder ? both.score(frames(blue)) : both.score(file(red));
                String expected = folder ? "Swiping Right" : "Swiping Left";
                // Each member alone reads the colour right through its own contract...
                assertEquals(expected, sa.labels().get(ClipScore.ranking(sa.windowMean())[0]));
                assertEquals(expected, sb.labels().get(ClipScore.ranking(sb.windowMean())[0]));
                assertEquals(expected, sb.labels().get(ClipScore.ranking(sb.centre())[0]));
                // ...and the ensemble is their normalised geometric mean, label by label (members at 12 and
                // 6 fps have no common windows, so each one's window mean is fused).
                double[] windows = new double[27], centre = new double[27];
                double windowSum = 0, centreSum = 0;
                for (int i = 0; i < 27; i++) {
                    int j = sb.labels().indexOf(s.labels().get(i));
                    windows[i] = Math.sqrt((double) sa.windowMean()[i] * sb.windowMean()[j]);
                    centre[i] = Math.sqrt((double) sa.centre()[i] * sb.centre()[j]);
                    windowSum += windows[i];
                    centreSum += centre[i];
                }
                for (int i = 0; i < 27; i++) {
                    assertEquals(windows[i] / windowSum, s.windowMean()[i], 1e-5, s.labels().get(i));
                    assertEquals(centre[i] / centreSum, s.centre()[i], 1e-5, s.labels().get(i));
                }
                assertEquals(expected, s.labels().get(s.best().label()));
                // Members at 12 and 6 fps tick apart: the best window is a member's own.
                assertTrue(s.best().probability() > 0.9f, String.valueOf(s.best()));
            }
        }
    }

    @Test
    void membersWithOtherLabelNamesCannotFormAnEnsemble() {
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> load(COLOUR, TestVideos.model("colour_three.onnx")));
        assertTrue(e.getMessage().contains("colour_three.onnx") && e.getMessage().contains("by name"), e.getMessage());
    }

    @Test
    void aSourceThatFailsPartWayGivesTheScoreSoFarAndSaysWhy() throws Exception {
        Path clip = TestVideos.writeFrames(dir.resolve("clip"), 20, TestVideos.solidFrames(64, 48, new TestVideos.Segment(RED, 20)));
        Files.write(clip.resolve("00012.jpg"), new byte[] {1, 2, 3});
        try (ClipScorer scorer = load(COLOUR)) {
            ClipScore s = scorer.score(new FrameFolderSource(clip, 12, false, FfmpegSource.Pace.FAST));
            assertTrue(s.failed());
            assertTrue(s.error().contains("00012.jpg"), s.error());
            assertEquals(11, s.frames());
            assertEquals("Swiping Left", s.labels().get(ClipScore.ranking(s.windowMean())[0]));
            // The scorer is reusable after a failure.
            Files.delete(clip.resolve("00012.jpg"));
            ClipScore again = scorer.score(new FrameFolderSource(clip, 12, false, FfmpegSource.Pace.FAST));
            assertEquals(19, again.frames());
            assertNull(again.error());
        }
    }

    private static FfmpegSource file(Path p) {
        return FfmpegSource.file(p, false, FfmpegSource.Pace.FAST);
    }

    private static FrameFolderSource frames(Path p) {
        return new FrameFolderSource(p, 12, false, FfmpegSource.Pace.FAST);
    }
}
