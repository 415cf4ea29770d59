package io.jesture;

/**
 * Receives what the recognizer decides. Every method defaults to a no-op, so implement only what you
 * need.
 *
 * <p>Callbacks run on pipeline threads: {@code onGesture} and {@code onScores} on {@code jesture-infer},
 * {@code onFrame} on {@code jesture-clips}, {@code onStatus} on whichever thread noticed (capture,
 * watchdog, inference, or the caller of {@code create}). Keep them fast and hand heavy work to your
 * own executor; a slow {@code onFrame} makes the capture ring drop frames. A listener that throws is
 * reported to the {@link ErrorListener} and does not stop the pipeline or the other listeners.
 */
public interface GestureListener {
    /** A listener that ignores everything. */
    GestureListener NONE = new GestureListener() {};

    /** One gesture was recognized. Fires once per gesture. */
    default void onGesture(GestureEvent event) {}

    /** Live probabilities after each inference. See {@link ScoreUpdate} for array ownership. */
    default void onScores(ScoreUpdate scores) {}

    /**
     * Every captured frame, for display (a demo window, a preview). Called on the clip-assembly
     * thread; {@code bgr} is a pipeline buffer that is valid only during the call, so copy what you
     * keep and return quickly. Frames are never mirrored here; mirror for display only.
     */
    default void onFrame(byte[] bgr, FrameSource.Format format, long timestampNanos) {}

    /** Source lost or recovered, end of stream, provider fallback. */
    default void onStatus(PipelineStatus status) {}
}
