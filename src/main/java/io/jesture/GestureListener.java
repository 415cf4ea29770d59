package io.jesture;

/**
 * Receives what the recognizer decides. Every method defaults to a no-op, so implement only what you
 * need.
 *
 * <p>Threads: each listener has its own delivery thread, {@code jesture-listener-N} (N = its position
 * in the options, from 1), which calls its {@code onGesture}, {@code onScores} and {@code onStatus} in
 * the order they happened. A listener that is slow or blocks therefore delays only itself, never
 * recognition or the other listeners: in live mode, once it is 64 calls behind, further calls to it
 * are dropped until it catches up (counted in {@link RecognizerStats#deliveriesDropped()}); in offline
 * mode the pipeline waits for it instead, so nothing is lost. {@code onFrame} is called directly on
 * {@code jesture-clips} (queueing would copy every frame): a slow {@code onFrame} makes the capture
 * ring drop frames. A listener that throws is reported to the {@link ErrorListener} and keeps getting
 * calls.
 *
 * <p>Closing: {@link GestureRecognizer#close()} gives queued calls up to a second, then drops the rest
 * and interrupts a callback still running, waiting a quarter of a second more. After {@code close()}
 * returns no callback starts; a callback that ignores the interrupt may still be running then, and it
 * is the last one this listener gets. So a callback that may block should respond to interruption.
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
