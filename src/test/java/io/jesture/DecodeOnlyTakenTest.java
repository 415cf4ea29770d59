package io.jesture;

import io.jesture.internal.source.FfmpegSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static io.jesture.TestVideos.GREY;
import static io.jesture.TestVideos.RED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An MJPEG file (what a USB camera sends) through the recognizer: only the frames the model's ticks take
 * are decoded, and the stats say so (frames captured, frames decoded); the scores and events are those
 * of decoding every frame, which a listener that takes frames, or {@code -Djesture.decode.skip=false},
 * brings back.
 */
@Timeout(120)
class DecodeOnlyTakenTest {
    @TempDir
    static Path dir;

    record Result(RecognizerStats stats, List<float[]> scores, List<String> events, int framesSeen) {}

    static Result run(Path video, boolean takeFrames) throws Exception {
        List<float[]> scores = new CopyOnWriteArrayList<>();
        List<String> events = new CopyOnWriteArrayList<>();
        AtomicInteger frames = new AtomicInteger();
        GestureListener scoresAndEvents = new GestureListener() {
            @Override public void onScores(ScoreUpdate s) { scores.add(s.raw().clone()); }
            @Override public void onGesture(GestureEvent e) { events.add(e.label()); }
        };
        GestureOptions.Builder b = GestureOptions.builder().source("file:" + video).model(TestVideos.model("colour.onnx"))
                .provider(Provider.CPU).runningMode(RunningMode.OFFLINE).listener(scoresAndEvents);
        if (takeFrames) {
            b.listener(new GestureListener() {
                @Override public void onFrame(byte[] bgr, FrameSource.Format format, long timestampNanos) { frames.incrementAndGet(); }
            });
        }
        try (GestureRecognizer r = GestureRecognizer.create(b.build())) {
            r.start();
            assertTrue(r.awaitEndOfStream(Duration.ofSeconds(60)), "stream did not end");
            return new Result(r.stats(), new ArrayList<>(scores), new ArrayList<>(events), frames.get());
        }
    }

    @Test
    void aLiveRunPacedAtTheFilesRateDecodesOnlyTheFramesTakenToo() throws Exception {
        Path video = TestVideos.writeMjpeg(dir.resolve("live.avi"), 320, 240, 30, new TestVideos.Segment(GREY, 60));
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        GestureOptions options = GestureOptions.builder().source("file:" + video + ",pace=live").model(TestVideos.model("colour.onnx"))
                .provider(Provider.CPU).runningMode(RunningMode.LIVE).errorListener((where, e) -> errors.add(e)).build();
        try (GestureRecognizer r = GestureRecognizer.create(options)) {
            long t0 = System.nanoTime();
            r.start();
            assertTrue(r.awaitEndOfStream(Duration.ofSeconds(60)), "stream did not end");
            double seconds = (System.nanoTime() - t0) / 1e9;
            RecognizerStats s = r.stats();
            assertEquals(List.of(), errors);
            assertEquals(60, s.framesCaptured());
            assertEquals(0, s.framesDropped());
            // 2 s at 12 fps: 24 ticks, plus the last frame.
            assertTrue(s.framesDecoded() >= 24 && s.framesDecoded() <= 26, "decoded " + s.framesDecoded() + " of 60");
            assertTrue(s.inferences() > 0, s.toString());
            // Paced at the file's rate: 60 frames take about 2 s, skipped or not.
            assertTrue(seconds >= 1.9, "took " + seconds + " s");
        }
    }

    @Test
    void onlyTheFramesTakenAreDecodedAndTheScoresAreTheSame() throws Exception {
        Path video = TestVideos.writeMjpeg(dir.resolve("camera.avi"), 160, 120, 30,
                new TestVideos.Segment(GREY, 40), new TestVideos.Segment(RED, 30), new TestVideos.Segment(GREY, 35));
        Result taken = run(video, false);
        Result every;
        System.setProperty(FfmpegSource.SKIP_PROPERTY, "false");
        try {
            every = run(video, false);
        } finally {
            System.clearProperty(FfmpegSource.SKIP_PROPERTY);
        }
        Result seen = run(video, true);

        assertEquals(105, taken.stats().framesCaptured());
        // 105 frames at 30 fps for a 12 fps model: 42 ticks, 2 or 3 frames apart, plus the last frame.
        assertTrue(taken.stats().framesDecoded() >= 42 && taken.stats().framesDecoded() <= 44,
                "decoded " + taken.stats().framesDecoded() + " of 105");
        assertEquals(105, every.stats().framesCaptured());
        assertEquals(105, every.stats().framesDecoded(), "-D" + FfmpegSource.SKIP_PROPERTY + "=false decodes every frame");
        assertEquals(105, seen.stats().framesDecoded(), "a listener that takes frames gets every one decoded");
        assertEquals(105, seen.framesSeen());

        assertEquals(List.of("Swiping Left"), taken.events());
        assertEquals(every.events(), taken.events());
        assertEquals(every.scores().size(), taken.scores().size());
        assertTrue(taken.scores().size() > 15, "scores " + taken.scores().size());
        for (int i = 0; i < every.scores().size(); i++) assertArrayEquals(every.scores().get(i), taken.scores().get(i), "clip " + i);
        assertEquals(taken.scores().size(), seen.scores().size());
        for (int i = 0; i < seen.scores().size(); i++) assertArrayEquals(seen.scores().get(i), taken.scores().get(i), "clip " + i);
    }
}
