package io.jesture.internal.pipeline;

import io.jesture.GestureEvent;
import io.jesture.GestureListener;
import io.jesture.PipelineStatus;
import io.jesture.ScoreUpdate;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One listener's calls, in order, on its own thread ({@code jesture-listener-N}), so that a listener
 * that is slow or blocks delays only itself. The calls wait in a ring of preallocated slots; score
 * arrays are copied into the slot's own arrays, so queueing allocates nothing. When the ring is full a
 * producer either gives up (live: the call is dropped and counted) or waits for room (offline: nothing
 * is lost, the pipeline slows to the listener's pace).
 *
 * <p>The rule for {@link #close}: after it returns no callback starts. A callback already running
 * cannot be stopped; close interrupts it and waits a bounded time, and if it is still running then,
 * it is the last one: whatever was queued behind it is dropped.
 */
final class ListenerQueue {
    enum Kind { SCORES, GESTURE, STATUS }

    /** A queued call. Only the fields of its kind are meaningful. */
    private static final class Slot {
        Kind kind;
        List<String> labels;
        float[] raw = new float[0];
        float[] smoothed = new float[0];
        long clipEndNanos;
        long inferenceNanos;
        float logSumExp, motion;
        float[] hand = new float[2 * ScoreUpdate.HAND_POINTS];
        boolean hasHand, handVoted;
        String label;
        int classIndex;
        float confidence;
        long startNanos;
        long detectedNanos;
        long arrivalNanos;
        PipelineStatus status;
        Runnable done;

        void clearRefs() {
            status = null;
            done = null;
            label = null;
        }
    }

    private final GestureListener listener;
    private final ListenerDispatch owner;
    private final Slot[] slots;
    private final Thread thread;
    private int head;
    private int count;
    private boolean started;
    private boolean closed;
    private boolean inCallback;

    ListenerQueue(GestureListener listener, ListenerDispatch owner, int capacity, String threadName) {
        this.listener = listener;
        this.owner = owner;
        this.slots = new Slot[capacity];
        for (int i = 0; i < capacity; i++) slots[i] = new Slot();
        this.thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
    }

    synchronized boolean offerScores(List<String> labels, float[] raw, float[] smoothed, long clipEndNanos, long inferenceNanos,
                                      float logSumExp, float motion, float[] hand, boolean handVoted, boolean wait) {
        Slot s = claim(wait);
        if (s == null) return false;
        s.kind = Kind.SCORES;
        s.labels = labels;
        if (s.raw.length != raw.length) s.raw = new float[raw.length]; // once per slot: the label count never changes
        if (s.smoothed.length != smoothed.length) s.smoothed = new float[smoothed.length];
        System.arraycopy(raw, 0, s.raw, 0, raw.length);
        System.arraycopy(smoothed, 0, s.smoothed, 0, smoothed.length);
        s.clipEndNanos = clipEndNanos;
        s.inferenceNanos = inferenceNanos;
        s.logSumExp = logSumExp;
        s.motion = motion;
        s.hasHand = hand != null;
        s.handVoted = handVoted;
        if (hand != null) System.arraycopy(hand, 0, s.hand, 0, s.hand.length);
        commit();
        return true;
    }

    synchronized boolean offerGesture(String label, int classIndex, float confidence, long startNanos, long detectedNanos,
                                      long arrivalNanos, boolean wait) {
        Slot s = claim(wait);
        if (s == null) return false;
        s.kind = Kind.GESTURE;
        s.label = label;
        s.classIndex = classIndex;
        s.confidence = confidence;
        s.startNanos = startNanos;
        s.detectedNanos = detectedNanos;
        s.arrivalNanos = arrivalNanos;
        commit();
        return true;
    }

    /** {@code done} runs once the call was made, or dropped. */
    synchronized boolean offerStatus(PipelineStatus status, Runnable done, boolean wait) {
        Slot s = claim(wait);
        if (s == null) return false;
        s.kind = Kind.STATUS;
        s.status = status;
        s.done = done;
        commit();
        return true;
    }

    /** The next free slot, or null: closed, full (and not waiting), or interrupted while waiting. Holds the lock. */
    private Slot claim(boolean wait) {
        if (closed) return null;
        while (count == slots.length) {
            if (!wait) return null;
            if (Thread.currentThread() == thread) return null; // a listener feeding itself would wait forever
            try {
                wait();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the pipeline is stopping: its thread ends on the flag
                return null;
            }
            if (closed) return null;
        }
        if (!started) {
            started = true;
            thread.start();
        }
        return slots[(head + count) % slots.length];
    }

    private void commit() {
        count++;
        notifyAll();
    }

    private void run() {
        while (true) {
            Slot s;
            synchronized (this) {
                while (count == 0 && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        // only close() interrupts; the loop condition sees it
                    }
                }
                if (closed) return;
                s = slots[head];
                inCallback = true;
            }
            Runnable done = null;
            try {
                deliver(s);
            } catch (Throwable t) {
                owner.listenerFailed(t);
            } finally {
                synchronized (this) {
                    done = s.done;
                    s.clearRefs();
                    head = (head + 1) % slots.length;
                    count--;
                    inCallback = false;
                    notifyAll();
                }
                Thread.interrupted(); // an interrupt meant for this call must not hit the next one
            }
            if (done != null) done.run();
        }
    }

    private void deliver(Slot s) {
        switch (s.kind) {
            case SCORES:
                listener.onScores(new ScoreUpdate(s.labels, s.raw, s.smoothed, s.clipEndNanos, s.inferenceNanos, s.logSumExp, s.motion,
                        s.hasHand ? s.hand : null, s.handVoted));
                break;
            case GESTURE:
                // Latency ends now, when this listener gets the event, not when the pipeline queued it.
                listener.onGesture(new GestureEvent(s.label, s.classIndex, s.confidence, s.startNanos, s.detectedNanos,
                        System.nanoTime() - s.arrivalNanos));
                break;
            case STATUS:
                listener.onStatus(s.status);
                break;
            default:
                throw new IllegalStateException(String.valueOf(s.kind));
        }
    }

    /** Waits until every queued call was made and none runs, or until the deadline; true if idle. */
    synchronized boolean awaitIdle(long deadlineNanos) throws InterruptedException {
        while ((count > 0 || inCallback) && !closed) {
            if (Thread.currentThread() == thread) return count <= 1; // close() called from this listener's own callback
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) return false;
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /**
     * No callback starts after this. Returns the completions of the calls dropped from the queue, for
     * the caller to run outside the lock, and adds how many there were to {@code dropped}.
     */
    synchronized List<Runnable> shutdown(java.util.concurrent.atomic.AtomicLong dropped) {
        closed = true;
        List<Runnable> done = new ArrayList<>();
        int first = inCallback ? 1 : 0; // the call in progress completes itself
        for (int i = first; i < count; i++) {
            Slot s = slots[(head + i) % slots.length];
            if (s.done != null) done.add(s.done);
            s.clearRefs();
        }
        dropped.addAndGet(count - first);
        count = first;
        notifyAll();
        if (inCallback && Thread.currentThread() != thread) thread.interrupt();
        return done;
    }

    /** Waits for the delivery thread to end; false if a callback is still running at the deadline. */
    boolean awaitEnd(long deadlineNanos) throws InterruptedException {
        if (!started() || Thread.currentThread() == thread) return true;
        long left = deadlineNanos - System.nanoTime();
        if (left > 0) TimeUnit.NANOSECONDS.timedJoin(thread, left);
        return !thread.isAlive();
    }

    private synchronized boolean started() {
        return started;
    }

    String threadName() {
        return thread.getName();
    }

    GestureListener listener() {
        return listener;
    }
}
