package io.jesture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static io.jesture.TestVideos.BLUE;
import static io.jesture.TestVideos.GREY;
import static io.jesture.TestVideos.RED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole pipeline on a real mp4 through real ONNX Runtime. The colour model (see
 * src/test/resources/models/make_test_models.py) makes the expected events known: red is "Swiping
 * Left", blue "Swiping Right", grey the background "No gesture".
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GestureRecognizerEndToEndTest {

    @TempDir
    Path dir;

    static final class Recording implements GestureListener {
        final List<GestureEvent> events = new CopyOnWriteArrayList<>();
        final List<ScoreUpdate> scores = new CopyOnWriteArrayList<>();
        final List<PipelineStatus> statuses = new CopyOnWriteArrayList<>();
        volatile int frames;

        @Override public void onGesture(GestureEvent e) { events.add(e); }
        @Override public void onScores(ScoreUpdate s) { scores.add(s.copy()); }
        @Override public void onStatus(PipelineStatus s) { statuses.add(s); }
        @Override public void onFrame(byte[] bgr, FrameSource.Format f, long ts) { frames++; }

        List<String> labels() {
            return events.stream().map(GestureEvent::label).toList();
        }
    }

    @Test
    void offlineRunOfAColourVideoGivesTheScriptedEventsInOrder() throws Exception {
        Path video = TestVideos.write(dir.resolve("script.mp4"), 320, 240, 30,
                new TestVideos.Segment(GREY, 45), new TestVideos.Segment(RED, 30), new TestVideos.Segment(GREY, 45),
                new TestVideos.Segment(RED, 30), new TestVideos.Segment(GREY, 45), new TestVideos.Segment(BLUE, 30),
                new TestVideos.Segment(GREY, 45));
        Recording rec = new Recording();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        GestureOptions options = GestureOptions.builder()
                .source("file:" + video)
                .model(TestVideos.model("colour.onnx"))
                .provider(Provider.CPU)
                .runningMode(RunningMode.OFFLINE)
                .stride(1)
                .smoothing(Smoothing.builder().cooldown(Duration.ZERO).build())
                .listener(rec)
                .errorListener((where, e) -> errors.add(e))
                .build();
        try (GestureRecognizer r = GestureRecognizer.create(options)) {
            r.start();
            assertTrue(r.awaitEndOfStream(Duration.ofSeconds(30)), "stream did not end");
            RecognizerStats s = r.stats();
            assertEquals(List.of(), errors);
            // Red twice with rest between fires twice; blue once; grey (background) never.
            assertEquals(List.of("Swiping Left", "Swiping Left", "Swiping Right"), rec.labels());
            assertEquals(270, s.framesCaptured());
            assertEquals(270, rec.frames);
            assertEquals(0, s.framesDropped());
            assertEquals(0, s.windowsSkipped());
            // 270 frames at 30 fps = 9 s = 108 model frames at 12 fps; stride 1 after the first 8.
            assertTrue(s.clipsAssembled() >= 100 && s.clipsAssembled() <= 102, "clips " + s.clipsAssembled());
            assertEquals(s.clipsAssembled(), s.inferences());
            assertEquals(s.inferences(), rec.scores.size());
            assertEquals(3, s.events());
            assertEquals(Provider.CPU, s.provider());
            assertEquals("colour.onnx", s.modelName());
            // The first red frame is at 1.5 s; the event must come after it and within a clip length.
            GestureEvent first = rec.events.get(0);
            assertTrue(first.detectedNanos() >= 1_500_000_000L && first.detectedNanos() < 2_300_000_000L,
                    "detected at " + first.detectedNanos());
            assertTrue(first.startNanos() <= first.detectedNanos());
            assertTrue(first.confidence() >= 0.6f);
        }
        assertTrue(rec.statuses.stream().anyMatch(st -> st.kind() == PipelineStatus.Kind.END_OF_STREAM));
    }

    /** Every inference's raw scores from an offline run of {@code uri}. */
    static List<float[]> offlineScores(String uri) throws Exception {
        Recording rec = new Recording();
        GestureOptions o = GestureOptions.builder().source(uri).model(TestVideos.model("colour.onnx")).provider(Provider.CPU)
                .runningMode(RunningMode.OFFLINE).listener(rec).build();
        try (GestureRecognizer r = GestureRecognizer.create(o)) {
            r.start();
            assertTrue(r.awaitEndOfStream(Duration.ofSeconds(40)));
            assertEquals(0, r.stats().framesDropped());
            assertEquals(0, r.stats().windowsSkipped());
        }
        return rec.scores.stream().map(ScoreUpdate::raw).toList();
    }

    @Test
    void offlineRunsOfTheSyntheticWorldAreRepeatable() throws Exception {
        // What eval-stream builds on: the scripted synthetic stream, as fast as possible, nothing lost.
        String uri = "synthetic:seed=3,gestures=2,size=160x120";
        List<float[]> a = offlineScores(uri);
        List<float[]> b = offlineScores(uri);
        assertTrue(a.size() > 20, "inferences " + a.size());
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) org.junit.jupiter.api.Assertions.assertArrayEquals(a.get(i), b.get(i), "inference " + i);
    }
}
