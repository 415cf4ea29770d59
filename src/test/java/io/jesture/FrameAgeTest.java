package io.jesture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Lag is visible in the stats: the age of a clip's newest frame when its inference starts, and how far
 * a source falls behind its own timeline. A pipeline held back (a slow model, a source that decodes
 * slower than it plays) must show it, where before the stats reported nothing amiss.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FrameAgeTest {
    /** A live 64x48 source at 30 fps; {@code readNanos} > 0 makes each read take at least that long (a slow decoder). */
    static final class Source implements FrameSource {
        final long readNanos;
        int read;

        Source(long readNanos) {
            this.readNanos = readNanos;
        }

        @Override public Format open() {
            return new Format(64, 48, 30);
        }

        @Override public long read(byte[] bgr) throws SourceException {
            if (readNanos > 0) {
                long until = System.nanoTime() + readNanos;
                for (long left; (left = until - System.nanoTime()) > 0; ) {
                    if (Thread.currentThread().isInterrupted()) throw new SourceException("interrupted");
                    LockSupport.parkNanos(left);
                }
            }
            for (int i = 0; i < 64 * 48 * 3; i++) bgr[i] = (byte) ((read * 7 + i) & 0x7f);
            return Math.round(read++ * 1e9 / 30);
        }

        @Override public String description() { return "scripted live"; }
        @Override public void close() { }
    }

    static GestureOptions.Builder options(FrameSource s) {
        return GestureOptions.builder().source(s).model(TestVideos.model("colour.onnx")).provider(Provider.CPU)
                .runningMode(RunningMode.LIVE).watchdogTimeout(java.time.Duration.ofSeconds(30));
    }

    @AfterEach
    void noThreadsLeft() {
        assertEquals(List.of(), GestureRecognizerTest.jestureThreads());
    }

    @Test
    void frameAgeIsMeasuredAndGrowsWhenInferenceIsHeldBack() throws Exception {
        long holdMillis = 400;
        int runs = 6;
        CountDownLatch held = new CountDownLatch(runs);
        CountDownLatch never = new CountDownLatch(1);
        try (GestureRecognizer r = GestureRecognizer.create(options(new Source(0)).build())) {
            // A slow consumer: every model run starts holdMillis after it took its clip.
            r.beforeEachInference(() -> {
                try {
                    never.await(holdMillis, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                held.countDown();
            });
            RecognizerStats before = r.stats();
            assertEquals(0, before.frameAgeP50Millis());
            r.start();
            assertTrue(held.await(60, TimeUnit.SECONDS), "too few inferences");
            RecognizerStats s = r.stats();
            assertTrue(s.inferences() >= runs - 1, s.toString());
            assertTrue(s.frameAgeP50Millis() >= holdMillis, "frame age p50 below the hold: " + s);
            assertTrue(s.frameAgeMaxMillis() >= s.frameAgeP50Millis(), s.toString());
            assertTrue(s.sourceLagMillis() >= 0, s.toString());
        }
    }

    @Test
    void frameAgeIsNonNegativeAndBelowTheHoldWithoutOne() throws Exception {
        CountDownLatch ran = new CountDownLatch(5);
        try (GestureRecognizer r = GestureRecognizer.create(options(new Source(0)).listener(new GestureListener() {
            @Override public void onScores(ScoreUpdate u) {
                ran.countDown();
            }
        }).build())) {
            r.start();
            assertTrue(ran.await(60, TimeUnit.SECONDS), "too few inferences");
            RecognizerStats s = r.stats();
            assertTrue(s.frameAgeP50Millis() >= 0 && s.frameAgeMaxMillis() >= s.frameAgeP50Millis(), s.toString());
            assertTrue(s.sourceLagMillis() >= 0, s.toString());
        }
    }

    /** Frames stamped 33 ms apart that take at least 100 ms each to read: the source falls behind by 67 ms a frame. */
    @Test
    void aSourceSlowerThanItsOwnRateShowsSourceLag() throws Exception {
        CountDownLatch frames = new CountDownLatch(15);
        try (GestureRecognizer r = GestureRecognizer.create(options(new Source(TimeUnit.MILLISECONDS.toNanos(100)))
                .listener(new GestureListener() {
                    @Override public void onFrame(byte[] bgr, FrameSource.Format format, long timestampNanos) {
                        frames.countDown();
                    }
                }).build())) {
            r.start();
            assertTrue(frames.await(60, TimeUnit.SECONDS), "too few frames");
            RecognizerStats s = r.stats();
            // 14 frames after the first, each at least 67 ms late against its timestamps.
            assertTrue(s.sourceLagMillis() >= 14 * 66, "source lag " + s);
        }
    }
}
