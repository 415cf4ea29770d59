package io.jesture.internal.pipeline;

import io.jesture.ErrorListener;
import io.jesture.FrameSource;
import io.jesture.GestureListener;
import io.jesture.PipelineStatus;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands what the pipeline decides to the listeners without letting them hold it up: scores, gestures
 * and statuses go through one {@link ListenerQueue} per listener, each with its own thread, so the
 * inference thread only copies into a preallocated slot. A listener that falls {@link #QUEUE} calls
 * behind loses further calls until it catches up (live), counted in {@code dropped}; offline the
 * pipeline waits for it instead, so nothing is lost. {@code onFrame} is the exception: it is called
 * directly on the clip thread, because queueing would mean copying every frame.
 *
 * <p>Every call is guarded: a listener that throws is reported to the error listener
 * (where = {@code "listener"}) and keeps getting calls. The error listener itself is called on the
 * thread that noticed the error.
 */
final class ListenerDispatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ListenerDispatch.class);
    /** Calls waiting per listener: at about 6 inferences a second, ten seconds of scores. */
    static final int QUEUE = 64;
    /** How long close() lets queued calls and calls in progress finish, all listeners together. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(1);
    /** After that, how long close() waits for an interrupted callback to return before leaving it running. */
    static final Duration INTERRUPT_WAIT = Duration.ofMillis(250);

    private final GestureListener[] listeners;
    private final ListenerQueue[] queues;
    private final ErrorListener errors;
    private final AtomicLong dropped;
    private final boolean lossless;
    private volatile boolean closed;

    /**
     * @param lossless wait for a lagging listener instead of dropping calls (offline mode)
     * @param dropped  counts calls dropped because a listener's queue was full or it was closing
     */
    public ListenerDispatch(List<GestureListener> listeners, ErrorListener errors, boolean lossless, AtomicLong dropped) {
        this.listeners = listeners.toArray(GestureListener[]::new);
        this.errors = errors;
        this.lossless = lossless;
        this.dropped = dropped;
        this.queues = new ListenerQueue[this.listeners.length];
        for (int i = 0; i < queues.length; i++) {
            queues[i] = new ListenerQueue(this.listeners[i], this, QUEUE, "jesture-listener-" + (i + 1));
        }
    }

    /**
     * One inference's probabilities and, when not null, the tracked hand of its newest frame
     * ({@link io.jesture.ScoreUpdate#hand}), and whether a hands model voted on the clip; the arrays are
     * copied, so the caller may reuse them at once.
     */
    void scores(List<String> labels, float[] raw, float[] smoothed, long clipEndNanos, long inferenceNanos,
                       float logSumExp, float motion, float[] hand, boolean handVoted) {
        if (closed) return;
        for (ListenerQueue q : queues) {
            if (!q.offerScores(labels, raw, smoothed, clipEndNanos, inferenceNanos, logSumExp, motion, hand, handVoted, lossless)) {
                dropped.incrementAndGet();
            }
        }
    }

    /**
     * A gesture event; each listener's {@link io.jesture.GestureEvent#latencyNanos()} is measured when
     * that listener gets it, from {@code arrivalNanos} (when the deciding frame entered the pipeline).
     */
    void gesture(String label, int classIndex, float confidence, long startNanos, long detectedNanos, long arrivalNanos) {
        if (closed) return;
        for (ListenerQueue q : queues) {
            if (!q.offerGesture(label, classIndex, confidence, startNanos, detectedNanos, arrivalNanos, lossless)) dropped.incrementAndGet();
        }
    }

    public void status(PipelineStatus status) {
        status(status, null);
    }

    /**
     * A status change; {@code whenDelivered} (may be null) runs once every listener got it, or it was
     * dropped: the end-of-stream latch uses it, so that awaiting the end means the listeners saw it.
     */
    void status(PipelineStatus status, Runnable whenDelivered) {
        if (closed || queues.length == 0) {
            if (whenDelivered != null) whenDelivered.run();
            return;
        }
        Runnable each = null;
        if (whenDelivered != null) {
            AtomicInteger left = new AtomicInteger(queues.length);
            each = () -> {
                if (left.decrementAndGet() == 0) whenDelivered.run();
            };
        }
        for (ListenerQueue q : queues) {
            if (!q.offerStatus(status, each, lossless)) {
                dropped.incrementAndGet();
                if (each != null) each.run();
            }
        }
    }

    /** Called on the clip thread, directly: {@code bgr} is a pipeline buffer, valid only during the call. */
    void frame(byte[] bgr, FrameSource.Format format, long timestampNanos) {
        for (GestureListener l : listeners) {
            if (closed) return; // no callback starts after close()
            try {
                l.onFrame(bgr, format, timestampNanos);
            } catch (Throwable t) {
                listenerFailed(t);
            }
        }
    }

    void listenerFailed(Throwable t) {
        error("listener", t);
    }

    /** Reports a survived failure; an error listener that throws falls back to logging. */
    void error(String where, Throwable t) {
        try {
            errors.onError(where, t);
        } catch (Throwable e) {
            ErrorListener.LOGGING.onError(where, t);
            ErrorListener.LOGGING.onError("error listener", e);
        }
    }

    /**
     * Lets queued calls finish for up to {@link #CLOSE_WAIT}, then drops what is left (counted) and
     * interrupts calls still running, waiting {@link #INTERRUPT_WAIT} more for them. After it returns
     * no callback starts; a callback that ignored the interrupt may still be running, and is the last.
     * Idempotent. Call it after the pipeline threads stopped, so nothing new is queued meanwhile.
     */
    @Override
    public void close() {
        if (closed) return;
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        boolean interrupted = false;
        try {
            for (ListenerQueue q : queues) q.awaitIdle(deadline);
        } catch (InterruptedException e) {
            interrupted = true;
        }
        closed = true;
        List<Runnable> completions = new ArrayList<>();
        for (ListenerQueue q : queues) completions.addAll(q.shutdown(dropped));
        for (Runnable r : completions) r.run();
        long end = System.nanoTime() + INTERRUPT_WAIT.toNanos();
        List<String> stuck = new ArrayList<>();
        for (ListenerQueue q : queues) {
            try {
                if (!q.awaitEnd(end)) stuck.add(q.threadName() + " (" + q.listener().getClass().getName() + ")");
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (!stuck.isEmpty()) {
            LOG.warn("listener callbacks still running after close: {}; they ignored the interrupt. Nothing more is delivered to them", stuck);
        }
        if (interrupted) Thread.currentThread().interrupt();
    }
}
