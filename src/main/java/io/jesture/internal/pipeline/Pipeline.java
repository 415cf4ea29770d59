package io.jesture.internal.pipeline;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import io.jesture.ErrorListener;
import io.jesture.FrameSource;
import io.jesture.GestureListener;
import io.jesture.JestureException;
import io.jesture.ModelInfo;
import io.jesture.internal.hands.HandTracker;
import io.jesture.Percentiles;
import io.jesture.PipelineStatus;
import io.jesture.RecognizerStats;
import io.jesture.SourceException;
import io.jesture.internal.model.Classifier;
import io.jesture.internal.source.NativeLibraries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The recognizer's stages wired together: the listener dispatch and the figures from construction
 * on (a model load reports provider fallbacks through {@link #status}), and from {@link #start} the
 * frame ring and the {@code jesture-capture}, {@code jesture-clips} and {@code jesture-infer}
 * threads. Not thread-safe: the owner calls {@code start} and {@code close} under its own lock.
 */
public final class Pipeline implements AutoCloseable {
    // Logged under the recognizer's name: that is the logger users configure for it.
    private static final Logger LOG = LoggerFactory.getLogger("io.jesture.GestureRecognizer");
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);

    private final PipelineStats stats = new PipelineStats();
    private final ListenerDispatch dispatch;
    private boolean started;
    private boolean threadsStopped = true;
    private ClipExchange exchange;
    private ClipAssembler assembler;
    private BatchEventProcessor<FrameSlot> clipProcessor;
    private Thread clipThread;
    private InferenceLoop inference;
    private ClipHandCheck handCheck;
    private Thread inferThread;
    private CaptureLoop capture;

    /** @param offline every listener call is delivered (none dropped under load) */
    public Pipeline(List<GestureListener> listeners, ErrorListener errors, boolean offline) {
        this.dispatch = new ListenerDispatch(listeners, errors, offline, stats.deliveriesDropped);
    }

    /** Tells the listeners, on the dispatch's thread. */
    public void status(PipelineStatus status) {
        dispatch.status(status);
    }

    /**
     * Builds the ring and the stages, starts the threads and opens the source. On failure nothing
     * keeps running: threads stopped, listener threads and the native preload ended.
     *
     * @param beforeInference runs on {@code jesture-infer} before each model run; null for none
     * @throws SourceException the source cannot be opened
     */
    public void start(Classifier classifier, GestureSmoother smoother, FrameSource source, boolean offline, int stride,
                      int ringSize, Duration watchdogTimeout, Runnable beforeInference) throws JestureException {
        started = true;
        ModelInfo info = classifier.info();
        exchange = new ClipExchange(info.clipLength(), classifier.clipFloats() / info.clipLength(), offline);
        assembler = new ClipAssembler(info, stride, exchange);
        // One ORT thread: the tracker runs on the clip thread, beside capture and the model.
        if (classifier.readsHands()) assembler.trackHands(new HandTracker(1));
        RingBuffer<FrameSlot> ring = RingBuffer.createSingleProducer(FrameSlot::new, ringSize,
                new BlockingWaitStrategy());
        ClipStage stage = new ClipStage(assembler, dispatch);
        clipProcessor = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), stage);
        clipProcessor.setExceptionHandler(stage);
        ring.addGatingSequences(clipProcessor.getSequence());
        inference = new InferenceLoop(exchange, classifier, smoother, dispatch, stats, source.description());
        inference.beforeInference(beforeInference);
        if (smoother.rejection().minHand() > 0) {
            handCheck = new ClipHandCheck(info, classifier.readsHands());
            inference.handCheck(handCheck);
        }
        // The preprocessor (OpenCV) is built and run once for the source's frame size before the
        // first frame is read; the model's session was built and run once by Classifier.load.
        ClipAssembler clips = assembler;
        capture = new CaptureLoop(source, ring, offline, watchdogTimeout, stats, dispatch, f -> {
            SmallFrames.warnIfSmall(source.description(), f, info);
            clips.prepare(f.width(), f.height());
        });
        inference.sourceFailure(capture::failure);

        clipThread = daemon(clipProcessor, "jesture-clips");
        inferThread = daemon(inference, "jesture-infer");
        clipThread.start();
        inferThread.start();
        try {
            capture.start(Duration.ofSeconds(Math.max(10, 3 * watchdogTimeout.toSeconds())));
        } catch (SourceException | RuntimeException e) {
            stopThreads();
            dispatch.close(); // nothing keeps running, listener threads included
            NativeLibraries.await(); // nor the preload thread
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopThreads();
            dispatch.close();
            NativeLibraries.await();
            throw new SourceException("interrupted while opening " + source.description(), e);
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** The figures so far; zero clips before {@link #start}. */
    public RecognizerStats stats(Classifier classifier) {
        ClipExchange x = exchange;
        ClipAssembler a = assembler;
        return stats.snapshot(x == null ? 0 : x.published(), x == null ? 0 : x.skipped(), a == null ? 0 : a.nonRisingTimestamps(),
                classifier.provider(), classifier.name());
    }

    /** Model run times since start. */
    public Percentiles inferenceTimes() {
        return stats.inferencePercentiles();
    }

    /** Counted down once the source ended and every clip was classified and its events delivered; after {@link #start}. */
    public CountDownLatch endOfStream() {
        return inference.endOfStream();
    }

    /** Whether the OpenCV buffers were freed (or never made). */
    public boolean buffersClosed() {
        return assembler == null || assembler.isClosed();
    }

    /**
     * Stops the threads if started, then the listener dispatch. Call once. If a thread did not stop,
     * {@link #threadsStopped()} says false and the native resources it may touch must be left alone.
     */
    @Override
    public void close() {
        threadsStopped = !started || stopThreads();
        dispatch.close();
    }

    /** After {@link #close}: whether every pipeline thread ended, so the model may be freed. */
    public boolean threadsStopped() {
        return threadsStopped;
    }

    /** Stops in reverse order of data flow: capture first, so no stage waits on a dead producer. */
    private boolean stopThreads() {
        List<String> stuck = new ArrayList<>();
        try {
            if (capture != null && !capture.stop(JOIN_TIMEOUT)) stuck.add("jesture-capture");
            clipProcessor.halt();
            exchange.close();
            clipThread.join(JOIN_TIMEOUT.toMillis());
            if (clipThread.isAlive()) stuck.add("jesture-clips");
            inference.stop();
            inferThread.interrupt();
            inferThread.join(JOIN_TIMEOUT.toMillis());
            if (inferThread.isAlive()) stuck.add("jesture-infer");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (stuck.isEmpty()) {
            assembler.close();
            if (handCheck != null) handCheck.close();
            return true;
        } else {
            // Freeing native buffers under a running thread would crash the JVM; leak them instead.
            LOG.warn("threads {} did not stop within {} s; their native buffers are left to the process exit",
                    stuck, JOIN_TIMEOUT.toSeconds());
            return false;
        }
    }
}
