package io.jesture;

import com.lmax.disruptor.BatchEventProcessor;
import com.lmax.disruptor.BatchEventProcessorBuilder;
import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.RingBuffer;
import io.jesture.internal.config.ConfigFile;
import io.jesture.internal.model.Classifier;
import io.jesture.internal.pipeline.CaptureLoop;
import io.jesture.internal.pipeline.ClipAssembler;
import io.jesture.internal.pipeline.ClipExchange;
import io.jesture.internal.pipeline.ClipStage;
import io.jesture.internal.pipeline.FrameSlot;
import io.jesture.internal.pipeline.GestureSmoother;
import io.jesture.internal.pipeline.InferenceLoop;
import io.jesture.internal.pipeline.ListenerDispatch;
import io.jesture.internal.pipeline.PipelineStats;
import io.jesture.internal.pipeline.RejectionCalibration;
import io.jesture.internal.pipeline.SmallFrames;
import io.jesture.internal.source.FfmpegSource;
import io.jesture.internal.source.NativeLibraries;
import io.jesture.internal.source.SourceUri;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Recognizes hand gestures in a video source and tells listeners.
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
 * <p>The pipeline, one thread per stage: {@code jesture-capture} reads the source into a Disruptor
 * ring of preallocated frame slots; {@code jesture-clips} preprocesses each frame once and assembles
 * clips at the model's frame rate; {@code jesture-infer} runs the freshest clip through ONNX Runtime,
 * smooths and fires events; {@code jesture-watchdog} reopens a live source that stops delivering.
 *
 * <p>To process a finite source as fast as possible and collect everything (evaluation, batch
 * classification): build with {@link RunningMode#OFFLINE}, {@link #start()}, then
 * {@link #awaitEndOfStream}; listeners have seen every event and score, and {@link #stats()} and
 * {@link #inferenceTimes()} hold the figures.
 */
public final class GestureRecognizer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GestureRecognizer.class);
    private static final Duration JOIN_TIMEOUT = Duration.ofSeconds(5);
    /** Models already reported as carrying no rejection calibration: said once per process, not per recognizer. */
    private static final Set<Path> UNCALIBRATED_LOGGED = ConcurrentHashMap.newKeySet();

    private final GestureOptions options;
    private final Classifier classifier;
    private final GestureSmoother smoother;
    private final FrameSource source;
    private final ListenerDispatch dispatch;
    private final PipelineStats stats;
    private final Object lock = new Object();
    private boolean started;
    private boolean closed;
    private ClipExchange exchange;
    private ClipAssembler assembler;
    private BatchEventProcessor<FrameSlot> clipProcessor;
    private Thread clipThread;
    private InferenceLoop inference;
    private Thread inferThread;
    private CaptureLoop capture;
    private Runnable beforeInference;

    private GestureRecognizer(GestureOptions options, Classifier classifier, GestureSmoother smoother,
                              FrameSource source, ListenerDispatch dispatch, PipelineStats stats) {
        this.options = options;
        this.stats = stats;
        this.classifier = classifier;
        this.smoother = smoother;
        this.source = source;
        this.dispatch = dispatch;
    }

    /**
     * Loads and validates the model(s), checks allow/deny labels against them, and parses the source
     * URI; opens nothing yet.
     *
     * @throws ModelLoadException a model is missing, corrupt or breaks its contract
     * @throws ConfigException    allow or deny name labels the model does not have
     * @throws SourceException    the source URI is invalid
     */
    public static GestureRecognizer create(GestureOptions options) throws JestureException {
        if (options == null) throw new IllegalArgumentException("options == null");
        PipelineStats stats = new PipelineStats();
        ListenerDispatch dispatch = new ListenerDispatch(options.listeners(), options.errorListener(),
                options.runningMode() == RunningMode.OFFLINE, stats.deliveriesDropped);
        // FFmpeg and OpenCV load on another thread while ONNX Runtime builds the session here.
        SourceUri.preloadNatives(options.customSource() != null ? null : options.source());
        Classifier classifier;
        try {
            classifier = Classifier.load(options.models(), options.provider(), options.inferenceThreads(), dispatch::status);
        } catch (JestureException | RuntimeException e) {
            dispatch.close(); // a provider fallback may have started a listener's thread
            NativeLibraries.await();
            throw e;
        }
        if (options.profile() != null) {
            try {
                classifier.useProfile(options.profile());
            } catch (JestureException | RuntimeException e) {
                classifier.close();
                dispatch.close();
                throw e;
            }
        }
        try {
            ModelInfo info = classifier.info();
            GestureSmoother smoother = GestureSmoother.forModel(options.smoothing(), info, options.allow(), options.deny(),
                    classifier.profileClasses());
            Rejection asked = options.smoothing().rejection();
            if (asked.preset() != Rejection.Preset.CUSTOM && smoother.rejection().isOff()
                    && UNCALIBRATED_LOGGED.add(info.file().toAbsolutePath().normalize())) {
                LOG.info("rejection gate off: {} carries no '{}' calibration for the {} preset (docs/quiet.md)",
                        info.file().getFileName(), RejectionCalibration.KEY, asked.preset().name().toLowerCase(Locale.ROOT));
            } else {
                LOG.debug("rejection gate: {}", smoother.rejection());
            }
            FrameSource source = options.customSource() != null ? options.customSource()
                    : SourceUri.create(options.source(), options.runningMode() == RunningMode.OFFLINE, options.watchdogTimeout());
            return new GestureRecognizer(options, classifier, smoother, source, dispatch, stats);
        } catch (JestureException | RuntimeException e) {
            classifier.close();
            dispatch.close();
            NativeLibraries.await();
            throw e;
        }
    }

    /**
     * Reads options from a YAML file such as {@code config/jesture.yaml}; add listeners to the returned
     * builder and build it.
     *
     * @throws ConfigException naming the file, the key (and line) and the fix
     */
    public static GestureOptions.Builder readConfig(Path yaml) throws ConfigException {
        return ConfigFile.read(yaml);
    }

    /**
     * Opens the source and starts the pipeline threads.
     *
     * @throws SourceException the source cannot be opened; nothing keeps running
     */
    public void start() throws JestureException {
        synchronized (lock) {
            if (closed) throw new IllegalStateException("recognizer is closed");
            if (started) throw new IllegalStateException("recognizer already started");
            started = true;
            boolean offline = options.runningMode() == RunningMode.OFFLINE;
            ModelInfo info = classifier.info();

            if (source instanceof FfmpegSource) {
                FfmpegSource ffmpeg = (FfmpegSource) source;
                boolean framesSeen = takesFrames(options.listeners());
                // decode=auto: near the model's size when nothing but the model sees the frames.
                ffmpeg.modelInput(info.frameWidth(), info.frameHeight(), !offline && !framesSeen);
                // Then MJPEG and raw video need only the frames the clips take decoded; the clips are the same.
                if (!framesSeen) ffmpeg.decodeOnlyTaken(info);
            }
            exchange = new ClipExchange(info.clipLength(), classifier.clipFloats() / info.clipLength(), offline);
            assembler = new ClipAssembler(info, options.stride(), exchange);
            RingBuffer<FrameSlot> ring = RingBuffer.createSingleProducer(FrameSlot::new, options.ringSize(),
                    new BlockingWaitStrategy());
            ClipStage stage = new ClipStage(assembler, dispatch);
            clipProcessor = new BatchEventProcessorBuilder().build(ring, ring.newBarrier(), stage);
            clipProcessor.setExceptionHandler(stage);
            ring.addGatingSequences(clipProcessor.getSequence());
            inference = new InferenceLoop(exchange, classifier, smoother, dispatch, stats, source.description());
            inference.beforeInference(beforeInference);
            // The preprocessor (OpenCV) is built and run once for the source's frame size before the
            // first frame is read; the model's session was built and run once by Classifier.load.
            ClipAssembler clips = assembler;
            FrameSource src = source;
            capture = new CaptureLoop(source, ring, offline, options.watchdogTimeout(), stats, dispatch, f -> {
                SmallFrames.warnIfSmall(src.description(), f, info);
                clips.prepare(f.width(), f.height());
            });
            inference.sourceFailure(capture::failure);

            clipThread = daemon(clipProcessor, "jesture-clips");
            inferThread = daemon(inference, "jesture-infer");
            clipThread.start();
            inferThread.start();
            try {
                capture.start(Duration.ofSeconds(Math.max(10, 3 * options.watchdogTimeout().toSeconds())));
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
    }

    /** Whether a listener overrides {@link GestureListener#onFrame} (the demo shows the frames, for one). */
    static boolean takesFrames(List<GestureListener> listeners) {
        for (GestureListener l : listeners) {
            try {
                Class<?> declaring = l.getClass().getMethod("onFrame", byte[].class, FrameSource.Format.class, long.class)
                        .getDeclaringClass();
                if (declaring != GestureListener.class) return true;
            } catch (NoSuchMethodException e) {
                return true;
            }
        }
        return false;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** The model's labels, in model order. */
    public List<String> labels() {
        return classifier.info().labels();
    }

    /** The model's contract (for an ensemble, the contract its members share). */
    public ModelInfo modelInfo() {
        return classifier.info();
    }

    /** What the source is, e.g. {@code video file clip.mp4}. */
    public String sourceDescription() {
        return source.description();
    }

    public RecognizerStats stats() {
        ClipExchange x = exchange;
        ClipAssembler a = assembler;
        return stats.snapshot(x == null ? 0 : x.published(), x == null ? 0 : x.skipped(), a == null ? 0 : a.nonRisingTimestamps(),
                classifier.provider(), classifier.name());
    }

    /** Model run times since start. */
    public Percentiles inferenceTimes() {
        return stats.inferencePercentiles();
    }

    /**
     * For finite sources: waits until the source ended and every clip was classified and its events
     * delivered.
     *
     * @return true if the stream ended within the timeout
     */
    public boolean awaitEndOfStream(Duration timeout) throws InterruptedException {
        InferenceLoop inf;
        synchronized (lock) {
            if (!started) throw new IllegalStateException("start() the recognizer first");
            inf = inference;
        }
        return inf.endOfStream().await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** For tests: whether the ORT sessions and tensors and the OpenCV buffers were freed. */
    boolean nativeResourcesClosed() {
        synchronized (lock) {
            return classifier.isClosed() && (assembler == null || assembler.isClosed());
        }
    }

    /** For tests: {@code hook} runs on {@code jesture-infer} before each model run; set it before {@link #start()}. */
    void beforeEachInference(Runnable hook) {
        synchronized (lock) {
            this.beforeInference = hook;
        }
    }

    /**
     * Stops every thread and frees native resources. Idempotent. Listener calls already queued get
     * up to a second to be delivered; then the rest is dropped and a callback still running is
     * interrupted and given a quarter of a second more. After close() returns, no callback starts (a
     * callback that ignores the interrupt may still be running: it is the last).
     */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) return;
            closed = true;
            boolean stopped = !started || stopThreads();
            dispatch.close();
            NativeLibraries.await(); // a preload still under way ends before close() returns
            if (stopped) classifier.close();
        }
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
            return true;
        } else {
            // Freeing native buffers under a running thread would crash the JVM; leak them instead.
            LOG.warn("threads {} did not stop within {} s; their native buffers are left to the process exit",
                    stuck, JOIN_TIMEOUT.toSeconds());
            return false;
        }
    }
}
