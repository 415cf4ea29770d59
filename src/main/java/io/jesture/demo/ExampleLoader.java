package io.jesture.demo;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.swing.SwingUtilities;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * Renders {@link GestureExample}s on one named thread, {@code jesture-cue-example}, and keeps them:
 * rendering one takes a few hundred milliseconds, too long for the EDT, and a person picking gestures comes
 * back to the same few. {@link #get} never blocks; {@code onReady} runs on the EDT when an example it
 * asked for is ready, so the window can repaint.
 */
final class ExampleLoader implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExampleLoader.class);
    private final Map<String, GestureExample> ready = new ConcurrentHashMap<>();
    private final Set<String> started = ConcurrentHashMap.newKeySet();
    private final Runnable onReady;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "jesture-cue-example");
        t.setDaemon(true);
        t.setPriority(Thread.NORM_PRIORITY - 1); // behind capture and inference
        return t;
    });

    ExampleLoader(Runnable onReady) {
        this.onReady = onReady;
    }

    /**
     * The example of {@code gesture} if it is rendered; otherwise null, and it starts rendering (once)
     * when the renderer knows the gesture. A gesture it does not know stays null.
     */
    GestureExample get(String gesture) {
        String label = GestureExample.jesterLabel(gesture);
        if (label == null) return null;
        GestureExample e = ready.get(label);
        if (e != null || !started.add(label)) return e;
        try {
            worker.execute(() -> {
                try {
                    ready.put(label, GestureExample.render(label));
                    SwingUtilities.invokeLater(onReady);
                } catch (RuntimeException ex) {
                    // A renderer failure costs only the example: the cue works without it.
                    LOG.warn("could not render the example of '{}' for the recording cue: {}", label, ex.toString());
                }
            });
        } catch (RejectedExecutionException closed) {
            // closing: no example
        }
        return null;
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
