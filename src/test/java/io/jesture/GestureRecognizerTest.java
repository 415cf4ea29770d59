package io.jesture;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Pipeline mechanics with the real model runtime and in-process sources that script timing (a test
 * source stands in for a camera, which this machine does not have).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GestureRecognizerTest {

    /** Solid red frames at 30 fps stream time, as fast as asked, then the end (if finite). */
    static class ScriptedSource implements FrameSource {
        final int frames;
        final boolean live;
        final AtomicInteger opens = new AtomicInteger();
        final AtomicInteger closes = new AtomicInteger();
        int read;

        ScriptedSource(int frames, boolean live) {
            this.frames = frames;
            this.live = live;
        }

        @Override public Format open() throws SourceException {
            opens.incrementAndGet();
            return new Format(64, 48, 30);
        }

        @Override public long read(byte[] bgr) throws SourceException {
            if (read == frames) return END_OF_STREAM;
            for (int i = 2; i < 64 * 48 * 3; i += 3) bgr[i] = (byte) 255;
            return Math.round(read++ * 1e9 / 30);
        }

        @Override public String description() { return "scripted"; }
        @Override public boolean isLive() { return live; }
        @Override public void close() { closes.incrementAndGet(); }
    }

    static GestureOptions.Builder options(FrameSource source) {
        return GestureOptions.builder().source(source).model(TestVideos.model("colour.onnx")).provider(Provider.CPU);
    }

    static List<String> jestureThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("jesture-")).toList();
    }

    @AfterEach
    void noThreadsLeft() {
        assertEquals(List.of(), jestureThreads(), "threads left after close");
    }

    @Test
    void closeStopsEveryThreadAndIsIdempotent() throws Exception {
        ScriptedSource src = new ScriptedSource(Integer.MAX_VALUE, true);
        CountDownLatch scored = new CountDownLatch(3);
        GestureRecognizer r = GestureRecognizer.create(options(src).listener(new GestureListener() {
            @Override public void onScores(ScoreUpdate s) { scored.countDown(); }
        }).build());
        r.start();
        assertTrue(scored.await(20, TimeUnit.SECONDS));
        assertTrue(jestureThreads().containsAll(List.of("jesture-capture", "jesture-clips", "jesture-infer", "jesture-watchdog")),
                jestureThreads().toString());
        assertFalse(r.nativeResourcesClosed());
        r.close();
        assertEquals(List.of(), jestureThreads());
        assertTrue(r.nativeResourcesClosed());
        assertEquals(1, src.closes.get(), "source closed once, on the capture thread");
        r.close();
        assertThrows(IllegalStateException.class, r::start);
    }

    @Test
    void aListenerThatThrowsIsReportedAndTheOthersStillReceive() throws Exception {
        List<String> errors = new CopyOnWriteArrayList<>();
        List<GestureEvent> events = new CopyOnWriteArrayList<>();
        AtomicInteger scores = new AtomicInteger();
        GestureOptions o = options(new ScriptedSource(60, false))
                .runningMode(RunningMode.OFFLINE)
                .listener(new GestureListener() {
                    @Override public void onGesture(GestureEvent e) { throw new IllegalStateException("boom in onGesture"); }
                    @Override public void onScores(ScoreUpdate s) { throw new IllegalStateException("boom in onScores"); }
                })
                .listener(new GestureListener() {
                    @Override public void onGesture(GestureEvent e) { events.add(e); }
                    @Override public void onScores(ScoreUpdate s) { scores.incrementAndGet(); }
                })
                .errorListener((where, e) -> errors.add(where + ": " + e.getMessage()))
                .build();
        try (GestureRecognizer r = GestureRecognizer.create(o)) {
            r.start();
            assertTrue(r.awaitEndOfStream(Duration.ofSeconds(20)));
            // 60 frames at 30 fps (0 .. 1.967 s) -> 25 model frames at 12 fps (0 .. 2.0 s, the last frame is
            // nearest to 2.0 s) -> clips at 8, 10, .. 24 frames, plus the flushed tail: 10 clips.
            assertEquals(10, r.stats().inferences());
            assertEquals(10, scores.get());
            assertEquals(1, events.size());
            assertEquals("Swiping Left", events.get(0).label());
            assertEquals(10 + 1, errors.size(), errors.toString());
            assertTrue(errors.contains("listener: boom in onGesture"), errors.toString());
            assertTrue(errors.stream().allMatch(e -> e.startsWith("listener: ")), errors.toString());
        }
    }

    @Test
    void aFullRingDropsAndCountsFramesAndCaptureNeverWaits() throws Exception {
        int total = 300;
        CountDownLatch allRead = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ScriptedSource src = new ScriptedSource(total, false) {
            @Override public long read(byte[] bgr) throws SourceException {
                long ts = super.read(bgr);
                if (ts == END_OF_STREAM) allRead.countDown();
                return ts;
            }
        };
        AtomicInteger seen = new AtomicInteger();
        GestureOptions o = options(src).ringSize(8).listener(new GestureListener() {
            @Override public void onFrame(byte[] bgr, FrameSource.Format f, long ts) {
                seen.incrementAndGet();
                try {
                    release.await(); // a consumer stuck until capture read everything
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }).build();
        try (GestureRecognizer r = GestureRecognizer.create(o)) {
            r.start();
            // Capture must get through all 300 frames while the consumer holds the first one.
            assertTrue(allRead.await(20, TimeUnit.SECONDS), "capture blocked on a full ring");
            RecognizerStats during = r.stats();
            assertEquals(total, during.framesCaptured());
            assertTrue(during.framesDropped() >= total - 8 - 1, "dropped " + during.framesDropped());
            release.countDown();
            assertTrue(r.awaitEndOfStream(Duration.ofSeconds(20)));
            RecognizerStats s = r.stats();
            assertEquals(total, s.framesDropped() + seen.get());
        }
    }

    @Test
    void inferenceSlowerThanTheClipsSkipsStaleWindowsInsteadOfQueueing() throws Exception {
        CountDownLatch lastFrameSeen = new CountDownLatch(1);
        CountDownLatch firstInference = new CountDownLatch(1);
        AtomicInteger frames = new AtomicInteger();
        List<Long> ends = new CopyOnWriteArrayList<>();
        List<Boolean> waited = new CopyOnWriteArrayList<>();
        List<Boolean> held = new CopyOnWriteArrayList<>();
        ScriptedSource source = new ScriptedSource(300, false) {
            @Override public long read(byte[] bgr) throws SourceException {
                // Hold the stream at 40 frames (1.3 s) until the first inference has begun, so it runs
                // an early clip however long a loaded machine takes to start the inference thread.
                if (read == 40) {
                    try {
                        held.add(firstInference.await(20, TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.read(bgr);
            }
        };
        // A ring that holds the whole stream, so no frame is dropped.
        GestureOptions o = options(source).stride(1).ringSize(512).listener(new GestureListener() {
            @Override public void onFrame(byte[] bgr, FrameSource.Format f, long ts) {
                if (frames.incrementAndGet() == 300) lastFrameSeen.countDown();
            }

            @Override public void onScores(ScoreUpdate s) {
                ends.add(s.clipEndNanos());
            }
        }).build();
        AtomicInteger runs = new AtomicInteger();
        try (GestureRecognizer r = GestureRecognizer.create(o)) {
            // Listeners cannot hold inference back (they have their own threads), so the test hook
            // does: the first inference, its clip already taken, waits until the clip thread has seen
            // the whole stream.
            r.beforeEachInference(() -> {
                if (runs.incrementAndGet() != 1) return;
                firstInference.countDown();
                try {
                    waited.add(lastFrameSeen.await(20, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            r.start();
            assertTrue(r.awaitEndOfStream(Duration.ofSeconds(30)));
            assertEquals(List.of(true), held, "the first inference began while the stream was held");
            assertEquals(List.of(true), waited);
            assertTrue(ends.get(0) < 1_400_000_000L, "first inference ran the clip ending at " + ends.get(0));
            RecognizerStats s = r.stats();
            assertTrue(s.windowsSkipped() > 100, "skipped " + s.windowsSkipped());
            assertEquals(s.clipsAssembled(), s.inferences() + s.windowsSkipped());
            // The next run took a fresh clip near the stream's end (9.97 s), not the second-oldest (0.67 s).
            assertTrue(ends.get(1) > 9_800_000_000L, "second inference ran the clip ending at " + ends.get(1));
        }
    }

    @Test
    void aLiveSourceThatStallsIsReportedLostAndReopened() throws Exception {
        List<PipelineStatus> statuses = new CopyOnWriteArrayList<>();
        CountDownLatch recovered = new CountDownLatch(1);
        CountDownLatch framesAfter = new CountDownLatch(5);
        ScriptedSource src = new ScriptedSource(Integer.MAX_VALUE, true) {
            boolean stalled;

            @Override public long read(byte[] bgr) throws SourceException {
                if (read == 10 && !stalled) {
                    stalled = true;
                    try {
                        new CountDownLatch(1).await(); // a camera that stops delivering; only the watchdog's nudge ends it
                    } catch (InterruptedException e) {
                        throw new SourceException("read interrupted");
                    }
                }
                if (stalled && opens.get() > 1) framesAfter.countDown();
                return super.read(bgr);
            }
        };
        GestureOptions o = options(src).watchdogTimeout(Duration.ofMillis(200)).listener(new GestureListener() {
            @Override public void onStatus(PipelineStatus s) {
                statuses.add(s);
                if (s.kind() == PipelineStatus.Kind.SOURCE_RECOVERED) recovered.countDown();
            }
        }).errorListener((w, e) -> {}).build();
        try (GestureRecognizer r = GestureRecognizer.create(o)) {
            r.start();
            assertTrue(recovered.await(20, TimeUnit.SECONDS), statuses.toString());
            assertTrue(framesAfter.await(20, TimeUnit.SECONDS));
            List<PipelineStatus.Kind> kinds = statuses.stream().map(PipelineStatus::kind).toList();
            assertEquals(List.of(PipelineStatus.Kind.SOURCE_OPENED, PipelineStatus.Kind.SOURCE_LOST,
                    PipelineStatus.Kind.SOURCE_RECOVERED), kinds.subList(0, 3), kinds.toString());
            // On a starved machine the capture thread can miss the 200 ms watchdog again after the
            // recovery; that is the watchdog doing its job, so anything later must be further
            // lost/recovered pairs, and nothing else.
            for (int i = 3; i < kinds.size(); i++) {
                assertEquals(i % 2 == 1 ? PipelineStatus.Kind.SOURCE_LOST : PipelineStatus.Kind.SOURCE_RECOVERED,
                        kinds.get(i), kinds.toString());
            }
            assertTrue(src.opens.get() >= 2, "opens " + src.opens.get());
        }
    }

    @Test
    void aFiniteSourceThatBreaksMidStreamIsReportedAndEnds() throws Exception {
        List<String> errors = new CopyOnWriteArrayList<>();
        ScriptedSource src = new ScriptedSource(100, false) {
            @Override public long read(byte[] bgr) throws SourceException {
                if (read == 40) throw new IllegalStateException("decoder bug at frame 40");
                return super.read(bgr);
            }
        };
        try (GestureRecognizer r = GestureRecognizer.create(options(src).runningMode(RunningMode.OFFLINE)
                .errorListener((w, e) -> errors.add(w + ": " + e.getMessage())).build())) {
            r.start();
            assertTrue(r.awaitEndOfStream(Duration.ofSeconds(20)));
            assertEquals(List.of("jesture-capture: decoder bug at frame 40"), errors);
            assertEquals(40, r.stats().framesCaptured());
            assertTrue(r.stats().inferences() > 0);
        }
    }

    @Test
    void noCameraFailsStartWithAClearErrorAndLeavesNoThreads() throws Exception {
        try (GestureRecognizer r = GestureRecognizer.create(GestureOptions.builder().source("camera:/dev/video99")
                .model(TestVideos.model("colour.onnx")).provider(Provider.CPU).build())) {
            SourceException e = assertThrows(SourceException.class, r::start);
            assertTrue(e.getMessage().contains("no camera at /dev/video99"), e.getMessage());
            assertEquals(List.of(), jestureThreads());
        }
    }

    @Test
    void badInputFailsAtCreateNamingTheProblem() {
        GestureOptions.Builder b = GestureOptions.builder().model(TestVideos.model("colour.onnx")).provider(Provider.CPU);
        SourceException s = assertThrows(SourceException.class, () -> GestureRecognizer.create(b.source("webcam:0").build()));
        assertTrue(s.getMessage().contains("webcam:0"), s.getMessage());
        ConfigException c = assertThrows(ConfigException.class,
                () -> GestureRecognizer.create(b.source("file:x.mp4").allow("Swiping Lefft").build()));
        assertTrue(c.getMessage().contains("Swiping Lefft"), c.getMessage());
        ModelLoadException m = assertThrows(ModelLoadException.class, () -> GestureRecognizer.create(
                GestureOptions.builder().model(TestVideos.model("missing.onnx")).build()));
        assertTrue(m.getMessage().contains("missing.onnx"), m.getMessage());
        assertFalse(jestureThreads().iterator().hasNext());
    }

    @Test
    void aRingTooBigForTheSourcesFramesFailsStartNamingRingSizeWithoutFillingTheHeap() throws Exception {
        // 8192x8192 frames are 192 MiB each: 64 of them cannot fit in this test JVM's heap (-Xmx3g).
        FrameSource huge = new ScriptedSource(10, false) {
            @Override public Format open() { opens.incrementAndGet(); return new Format(8192, 8192, 30); }
        };
        ScriptedSource src = (ScriptedSource) huge;
        try (GestureRecognizer r = GestureRecognizer.create(options(huge).ringSize(64).build())) {
            SourceException e = assertThrows(SourceException.class, r::start);
            assertTrue(e.getMessage().contains("ring-size 64") && e.getMessage().contains("8192x8192") && e.getMessage().contains("-Xmx"),
                    e.getMessage());
            assertEquals(1, src.closes.get(), "the source is closed again");
        }
    }
}
