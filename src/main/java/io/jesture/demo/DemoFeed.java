package io.jesture.demo;

import io.jesture.FrameSource;
import io.jesture.GestureEvent;
import io.jesture.GestureListener;
import io.jesture.PipelineStatus;
import io.jesture.ScoreUpdate;

import java.awt.EventQueue;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The pipeline-facing half of the demo: a {@link GestureListener} that copies what the recognizer
 * hands over and returns at once. It never waits for the UI: frames and scores go through
 * latest-wins {@link Latest} buffers (an unshown frame is simply replaced), events and status changes
 * (rare) through queues. The EDT is woken with at most one pending {@code invokeLater}, so a busy or
 * stalled UI coalesces wake-ups instead of piling them up.
 */
final class DemoFeed implements GestureListener {
    final Latest<VideoFrame> frames = new Latest<>(VideoFrame::new);
    final Latest<ScoreSlot> scores = new Latest<>(ScoreSlot::new);
    final Queue<GestureEvent> events = new ConcurrentLinkedQueue<>();
    final Queue<PipelineStatus> statuses = new ConcurrentLinkedQueue<>();
    /** Errors the pipeline survived, as one line each; rare, so a queue of strings is fine. */
    final Queue<String> errors = new ConcurrentLinkedQueue<>();

    private final AtomicBoolean wakeScheduled = new AtomicBoolean();
    /** Teach mode's recording, while one runs: it gets a copy of every frame. */
    private volatile LiveTakes takes;
    private volatile Runnable consumer = () -> {};
    private final Runnable wake = () -> {
        wakeScheduled.set(false);
        consumer.run();
    };

    /** Sets what runs on the EDT after new data arrived. */
    void consumer(Runnable onEdt) {
        this.consumer = onEdt;
    }

    /** Sets (or, with null, clears) where Teach mode's recording takes frames from. */
    void takes(LiveTakes t) {
        takes = t;
    }

    @Override
    public void onFrame(byte[] bgr, FrameSource.Format format, long timestampNanos) {
        LiveTakes t = takes;
        if (t != null) t.offer(bgr, format, timestampNanos);
        frames.back().copyFrom(bgr, format, timestampNanos);
        frames.publish();
        wake();
    }

    @Override
    public void onScores(ScoreUpdate update) {
        scores.back().copyFrom(update);
        scores.publish();
        wake();
    }

    @Override
    public void onGesture(GestureEvent event) {
        events.add(event);
        wake();
    }

    @Override
    public void onStatus(PipelineStatus status) {
        statuses.add(status);
        wake();
    }

    /** For an {@link io.jesture.ErrorListener}: shows a failure the pipeline survived in the window. */
    void onError(String where, Throwable error) {
        String m = error.getMessage();
        errors.add(where + ": " + (m == null || m.isBlank() ? error.getClass().getSimpleName() : m.lines().findFirst().orElse(m)));
        wake();
    }

    private void wake() {
        if (wakeScheduled.compareAndSet(false, true)) EventQueue.invokeLater(wake);
    }
}
