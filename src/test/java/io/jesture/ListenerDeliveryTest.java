package io.jesture;

import static io.jesture.GestureRecognizerTest.jestureThreads;
import static io.jesture.GestureRecognizerTest.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jesture.GestureRecognizerTest.ScriptedSource;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Listeners are called on their own delivery threads: one that blocks delays only itself, latency is
 * measured when the listener gets the event, and after close() returns no callback starts.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ListenerDeliveryTest {

    @AfterEach
    void noThreadsLeft() {
        assertEquals(List.of(), jestureThreads(), "threads left after close");
    }

    /** Waits for a latch the way a badly behaved listener does: interrupts are noted and ignored. */
    static void awaitIgnoringInterrupts(CountDownLatch latch, AtomicBoolean interrupted) {
        while (true) {
            try {
                latch.await();
                return;
            } catch (InterruptedException e) {
                interrupted.set(true);
            }
        }
    }

    @Test
    void aListenerThatBlocksInOnGestureStallsNeitherRecognitionNorTheOtherListeners() throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch scoresWhileBlocked = new CountDownLatch(200);
        GestureOptions o = options(new ScriptedSource(Integer.MAX_VALUE, true))
                .listener(new GestureListener() {
                    @Override public void onGesture(GestureEvent e) {
                        blocked.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException ie) {
                            Thread.currentThread().interrupt();
                        }
                    }
                })
                .listener(new GestureListener() {
                    @Override public void onScores(ScoreUpdate s) {
                        if (blocked.getCount() == 0) scoresWhileBlocked.countDown();
                    }
                })
                .build();
        try (GestureRecognizer r = GestureRecognizer.create(o)) {
            r.start();
            assertTrue(blocked.await(20, TimeUnit.SECONDS), "the gesture never came");
            long before = r.stats().inferences();
            assertTrue(scoresWhileBlocked.await(30, TimeUnit.SECONDS),
                    "the other listener got only " + (200 - scoresWhileBlocked.getCount()) + " score updates while the first one blocked");
            RecognizerStats s = r.stats();
            assertTrue(s.inferences() >= before + 150, "inference stalled: " + before + " -> " + s.inferences());
            // The blocked listener's queue (64 calls) overflowed: the rest was dropped and counted.
            assertTrue(s.deliveriesDropped() >= 200 - 64, "dropped " + s.deliveriesDropped());
            release.countDown();
        }
    }

    @Test
    void latencyIsMeasuredWhenTheListenerGetsTheEvent() throws Exception {
        CountDownLatch holdA = new CountDownLatch(1);
        AtomicReference<GestureEvent> eventA = new AtomicReference<>();
        CountDownLatch gotA = new CountDownLatch(1);
        AtomicReference<GestureEvent> eventB = new AtomicReference<>();
        AtomicReference<Long> deliveredB = new AtomicReference<>();
        CountDownLatch scoresAfterB = new CountDownLatch(5);
        GestureOptions o = options(new ScriptedSource(Integer.MAX_VALUE, true))
                .listener(new GestureListener() {
                    @Override public void onStatus(PipelineStatus s) {
                        try {
                            holdA.await(); // A is busy from the start: its calls queue up
                        } catch (InterruptedException ie) {
                            Thread.currentThread().interrupt();
                        }
                    }

                    @Override public void onGesture(GestureEvent e) {
                        eventA.set(e);
                        gotA.countDown();
                    }
                })
                .listener(new GestureListener() {
                    @Override public void onGesture(GestureEvent e) {
                        deliveredB.set(System.nanoTime());
                        eventB.set(e);
                    }

                    @Override public void onScores(ScoreUpdate s) {
                        if (eventB.get() != null) scoresAfterB.countDown();
                    }
                })
                .build();
        try (GestureRecognizer r = GestureRecognizer.create(o)) {
            r.start();
            assertTrue(scoresAfterB.await(30, TimeUnit.SECONDS), "B never got the gesture and 5 more score updates");
            long released = System.nanoTime();
            holdA.countDown();
            assertTrue(gotA.await(20, TimeUnit.SECONDS), "A never got the gesture");
            GestureEvent a = eventA.get();
            GestureEvent b = eventB.get();
            assertEquals(b.detectedNanos(), a.detectedNanos(), "the same event");
            // A got it no earlier than `released`; B no later than deliveredB: A waited at least that much longer.
            assertTrue(a.latencyNanos() - b.latencyNanos() >= released - deliveredB.get(),
                    "A " + a.latencyMillis() + " ms, B " + b.latencyMillis() + " ms, A held " + (released - deliveredB.get()) / 1e6 + " ms longer");
        }
    }

    @Test
    void closeIsBoundedAndNoCallbackStartsAfterItReturns() throws Exception {
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch scoresWhileBlocked = new CountDownLatch(20);
        AtomicBoolean interrupted = new AtomicBoolean();
        AtomicBoolean closeReturned = new AtomicBoolean();
        AtomicReference<Thread> stuckThread = new AtomicReference<>();
        List<String> afterClose = new CopyOnWriteArrayList<>();
        GestureListener stubborn = new GestureListener() {
            @Override public void onScores(ScoreUpdate s) {
                if (closeReturned.get()) afterClose.add("A.onScores");
                if (stuckThread.compareAndSet(null, Thread.currentThread())) {
                    blocked.countDown();
                    awaitIgnoringInterrupts(release, interrupted);
                }
            }

            @Override public void onGesture(GestureEvent e) {
                if (closeReturned.get()) afterClose.add("A.onGesture");
            }

            @Override public void onStatus(PipelineStatus s) {
                if (closeReturned.get()) afterClose.add("A.onStatus " + s.kind());
            }
        };
        GestureListener other = new GestureListener() {
            @Override public void onScores(ScoreUpdate s) {
                if (closeReturned.get()) afterClose.add("B.onScores");
                if (blocked.getCount() == 0) scoresWhileBlocked.countDown();
            }

            @Override public void onStatus(PipelineStatus s) {
                if (closeReturned.get()) afterClose.add("B.onStatus " + s.kind());
            }
        };
        GestureRecognizer r = GestureRecognizer.create(options(new ScriptedSource(Integer.MAX_VALUE, true))
                .listener(stubborn).listener(other).build());
        try {
            r.start();
            assertTrue(blocked.await(20, TimeUnit.SECONDS));
            // A's queue fills behind the stuck call.
            assertTrue(scoresWhileBlocked.await(30, TimeUnit.SECONDS), "B stalled behind A");
            long t0 = System.nanoTime();
            r.close();
            long closeMillis = (System.nanoTime() - t0) / 1_000_000;
            closeReturned.set(true);
            assertTrue(closeMillis < 3000, "close() took " + closeMillis + " ms");
        } finally {
            r.close();
            closeReturned.set(true);
            release.countDown(); // the stuck call returns now; nothing queued behind it may be delivered
            Thread t = stuckThread.get();
            assertNotNull(t);
            t.join(10_000);
            assertFalse(t.isAlive(), "the delivery thread did not end after its last callback returned");
        }
        assertTrue(interrupted.get(), "close() interrupts a callback in progress");
        assertEquals(List.of(), afterClose, "callbacks after close() returned");
    }

    @Test
    void offlineALaggingListenerLosesNothing() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger a = new AtomicInteger();
        AtomicInteger b = new AtomicInteger();
        CountDownLatch bAhead = new CountDownLatch(40);
        GestureOptions o = options(new ScriptedSource(600, false)).stride(1).runningMode(RunningMode.OFFLINE)
                .listener(new GestureListener() {
                    @Override public void onScores(ScoreUpdate s) {
                        if (a.incrementAndGet() == 1) {
                            try {
                                release.await(); // far behind B, until B is 40 updates ahead
                            } catch (InterruptedException ie) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    }
                })
                .listener(new GestureListener() {
                    @Override public void onScores(ScoreUpdate s) {
                        b.incrementAndGet();
                        bAhead.countDown();
                    }
                })
                .build();
        try (GestureRecognizer r = GestureRecognizer.create(o)) {
            r.start();
            assertTrue(bAhead.await(30, TimeUnit.SECONDS), "B got only " + b.get() + " while A lagged");
            release.countDown();
            assertTrue(r.awaitEndOfStream(Duration.ofSeconds(60)));
            long n = r.stats().inferences();
            assertTrue(n > 150, "inferences " + n);
            assertEquals(n, a.get(), "A lost score updates");
            assertEquals(n, b.get(), "B lost score updates");
            assertEquals(0, r.stats().deliveriesDropped());
        }
    }

    @Test
    void aListenerMayCloseTheRecognizerFromItsOwnCallback() throws Exception {
        AtomicReference<GestureRecognizer> self = new AtomicReference<>();
        CountDownLatch closed = new CountDownLatch(1);
        AtomicReference<Long> closeMillis = new AtomicReference<>();
        GestureOptions o = options(new ScriptedSource(Integer.MAX_VALUE, true))
                .listener(new GestureListener() {
                    @Override public void onGesture(GestureEvent e) {
                        long t0 = System.nanoTime();
                        self.get().close(); // "stop after the first gesture"
                        closeMillis.set((System.nanoTime() - t0) / 1_000_000);
                        closed.countDown();
                    }
                })
                .build();
        try (GestureRecognizer r = GestureRecognizer.create(o)) {
            self.set(r);
            r.start();
            assertTrue(closed.await(30, TimeUnit.SECONDS), "close() from the callback did not return");
            assertTrue(closeMillis.get() < 3000, "close() from the callback took " + closeMillis.get() + " ms");
        }
        // The callback's own thread ends once the callback returns.
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().startsWith("jesture-listener-")) t.join(10_000);
        }
    }
}
