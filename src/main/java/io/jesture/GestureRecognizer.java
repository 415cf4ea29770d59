package io.jesture;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Recognizes hand gestures in a live video source and tells listeners.
 *
 * <pre>{@code
 * GestureOptions options = GestureOptions.builder()
 *         .source("camera:0")
 *         .listener(new GestureListener() {
 *             public void onGesture(GestureEvent e) { System.out.println(e.label()); }
 *         })
 *         .build();
 * try (GestureRecognizer recognizer = GestureRecognizer.create(options)) {
 *     recognizer.start();
 *     ...
 * }
 * }</pre>
 *
 * SKELETON: the pipeline work replaces these bodies.
 */
public final class GestureRecognizer implements AutoCloseable {

    /** Loads and validates the model(s); opens nothing yet. */
    public static GestureRecognizer create(GestureOptions options) throws JestureException {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Reads options from a YAML file such as {@code config/jesture.yaml}. */
    public static GestureOptions.Builder readConfig(Path yaml) throws ConfigException {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Opens the source and starts the pipeline threads. */
    public void start() throws JestureException {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** The model's labels, in model order. */
    public List<String> labels() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    public RecognizerStats stats() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * For finite sources: waits until the source ended and every frame was processed.
     *
     * @return true if the stream ended within the timeout
     */
    public boolean awaitEndOfStream(Duration timeout) throws InterruptedException {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** Stops every thread and frees native resources. Idempotent. */
    @Override
    public void close() {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
