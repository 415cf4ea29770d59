package io.jesture;

import io.jesture.internal.config.ConfigFile;
import io.jesture.internal.model.Classifier;
import io.jesture.internal.pipeline.GestureSmoother;
import io.jesture.internal.pipeline.Pipeline;
import io.jesture.internal.pipeline.RejectionCalibration;
import io.jesture.internal.source.FfmpegSource;
import io.jesture.internal.source.NativeLibraries;
import io.jesture.internal.source.SourceUri;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
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
    /** Models already reported as carrying no rejection calibration: said once per process, not per recognizer. */
    private static final Set<Path> UNCALIBRATED_LOGGED = ConcurrentHashMap.newKeySet();

    private final GestureOptions options;
    private final Classifier classifier;
    private final GestureSmoother smoother;
    private final FrameSource source;
    private final Pipeline pipeline;
    private final Object lock = new Object();
    private boolean started;
    private boolean closed;
    private Runnable beforeInference;

    private GestureRecognizer(GestureOptions options, Classifier classifier, GestureSmoother smoother,
                              FrameSource source, Pipeline pipeline) {
        this.options = options;
        this.classifier = classifier;
        this.smoother = smoother;
        this.source = source;
        this.pipeline = pipeline;
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
        Pipeline pipeline = new Pipeline(options.listeners(), options.errorListener(),
                options.runningMode() == RunningMode.OFFLINE);
        // FFmpeg and OpenCV load on another thread while ONNX Runtime builds the session here.
        SourceUri.preloadNatives(options.customSource() != null ? null : options.source());
        Classifier classifier;
        try {
            classifier = Classifier.load(options.models(), options.provider(), options.inferenceThreads(), pipeline::status);
        } catch (JestureException | RuntimeException e) {
            pipeline.close(); // a provider fallback may have started a listener's thread
            NativeLibraries.await();
            throw e;
        }
        if (options.profile() != null) {
            try {
                classifier.useProfile(options.profile());
            } catch (JestureException | RuntimeException e) {
                classifier.close();
                pipeline.close();
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
                String ensemble = info.metadata().get(io.jesture.internal.model.ModelContract.ENSEMBLE_KEY);
                if (ensemble != null) {
                    LOG.info("rejection gate off: the ensemble {} has no calibration of its own for the {} preset; set its"
                            + " thresholds under rejection: (jesture eval-quiet --calibrate on it, docs/quiet.md)",
                            ensemble, asked.preset().name().toLowerCase(Locale.ROOT));
                } else {
                    LOG.info("rejection gate off: {} carries no '{}' calibration for the {} preset (docs/quiet.md)",
                            info.file().getFileName(), RejectionCalibration.KEY, asked.preset().name().toLowerCase(Locale.ROOT));
                }
            } else {
                LOG.debug("rejection gate: {}", smoother.rejection());
            }
            FrameSource source = options.customSource() != null ? options.customSource()
                    : SourceUri.create(options.source(), options.runningMode() == RunningMode.OFFLINE, options.watchdogTimeout());
            return new GestureRecognizer(options, classifier, smoother, source, pipeline);
        } catch (JestureException | RuntimeException e) {
            classifier.close();
            pipeline.close();
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
            pipeline.start(classifier, smoother, source, offline, options.stride(), options.ringSize(),
                    options.watchdogTimeout(), beforeInference);
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
        return pipeline.stats(classifier);
    }

    /** Model run times since start. */
    public Percentiles inferenceTimes() {
        return pipeline.inferenceTimes();
    }

    /**
     * For finite sources: waits until the source ended and every clip was classified and its events
     * delivered.
     *
     * @return true if the stream ended within the timeout
     */
    public boolean awaitEndOfStream(Duration timeout) throws InterruptedException {
        CountDownLatch end;
        synchronized (lock) {
            if (!started) throw new IllegalStateException("start() the recognizer first");
            end = pipeline.endOfStream();
        }
        return end.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** For tests: whether the ORT sessions and tensors and the OpenCV buffers were freed. */
    boolean nativeResourcesClosed() {
        synchronized (lock) {
            return classifier.isClosed() && pipeline.buffersClosed();
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
            pipeline.close();
            NativeLibraries.await(); // a preload still under way ends before close() returns
            if (pipeline.threadsStopped()) classifier.close();
        }
    }
}
