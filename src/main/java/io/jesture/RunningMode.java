package io.jesture;

/**
 * How the pipeline treats time, after MediaPipe's running modes.
 */
public enum RunningMode {
    /**
     * A live source (camera, stream, paced file or synthetic world). Capture never waits: when the ring
     * is full the frame is dropped and counted. Inference always takes the freshest clip; replaced
     * clips are counted as skipped windows. Files are paced at their frame rate unless
     * {@code pace=fast}.
     */
    LIVE,
    /**
     * A finite source processed as fast as possible, losing nothing: capture waits for ring space and
     * every clip is classified, so events are the same on every run. Files default to
     * {@code pace=fast}. Use {@link GestureRecognizer#awaitEndOfStream} to wait for the end.
     */
    OFFLINE
}
