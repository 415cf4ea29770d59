package io.jesture;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything a {@link GestureRecognizer} needs. Immutable; build with {@link #builder()}, or read
 * {@code config/jesture.yaml} with {@link GestureRecognizer#readConfig}. Cross-field rules are checked
 * in {@link Builder#build()}; rules that need the model (labels in allow/deny lists) are checked when
 * the recognizer loads it.
 */
public final class GestureOptions {
    /** The model shipped in {@code models/}, used when none is given. */
    public static final Path DEFAULT_MODEL = Path.of("models", "jesture-r2plus1d.onnx");

    /**
     * The largest frame the ring is sized for before a source is open (Full HD, BGR): a ring of
     * {@link #ringSize()} such frames must fit in the JVM's maximum heap. The frames a source really
     * delivers are checked against the free heap when it opens.
     */
    static final int EXPECTED_MAX_WIDTH = 1920;
    static final int EXPECTED_MAX_HEIGHT = 1080;

    private final String source;
    private final FrameSource customSource;
    private final List<Path> models;
    private final Path profile;
    private final Provider provider;
    private final RunningMode runningMode;
    private final int inferenceThreads;
    private final int stride;
    private final Smoothing smoothing;
    private final Set<String> allow;
    private final Set<String> deny;
    private final int ringSize;
    private final Duration watchdogTimeout;
    private final List<GestureListener> listeners;
    private final ErrorListener errorListener;

    private GestureOptions(Builder b) {
        this.source = b.source;
        this.customSource = b.customSource;
        this.models = List.copyOf(b.models.isEmpty() ? List.of(DEFAULT_MODEL) : b.models);
        this.profile = b.profile;
        this.provider = b.provider;
        this.runningMode = b.runningMode;
        this.inferenceThreads = b.inferenceThreads;
        this.stride = b.stride;
        this.smoothing = b.smoothing;
        this.allow = Set.copyOf(b.allow);
        this.deny = Set.copyOf(b.deny);
        this.ringSize = b.ringSize;
        this.watchdogTimeout = b.watchdogTimeout;
        this.listeners = List.copyOf(b.listeners);
        this.errorListener = b.errorListener;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this instance's values. */
    public Builder newBuilder() {
        Builder b = new Builder();
        b.source = source; b.customSource = customSource; b.models.addAll(models); b.profile = profile; b.provider = provider;
        b.runningMode = runningMode;
        b.inferenceThreads = inferenceThreads;
        b.stride = stride; b.smoothing = smoothing; b.allow.addAll(allow); b.deny.addAll(deny);
        b.ringSize = ringSize; b.watchdogTimeout = watchdogTimeout; b.listeners.addAll(listeners);
        b.errorListener = errorListener;
        return b;
    }

    /** Source URI such as {@code camera:0}, {@code file:clip.mp4}, {@code frames:DIR}, {@code synthetic:seed=7}. */
    public String source() { return source; }
    /** A source object given directly; when set it wins over {@link #source()}. May be null. */
    public FrameSource customSource() { return customSource; }
    /** One or more ONNX models; several are an ensemble whose probabilities are fused by their normalised product. */
    public List<Path> models() { return models; }
    /**
     * A profile written by {@code jesture adapt} for these models (one, or an ensemble in this order),
     * or null: its new gestures are recognised after the model's own, through the same smoothing.
     */
    public Path profile() { return profile; }
    public Provider provider() { return provider; }
    /** {@link RunningMode#LIVE} (default) or {@link RunningMode#OFFLINE} for finite sources run as fast as possible. */
    public RunningMode runningMode() { return runningMode; }
    /** ONNX Runtime intra-op threads per model; 0 (default) lets ORT use one per physical core. */
    public int inferenceThreads() { return inferenceThreads; }
    /** A clip is classified every {@code stride} model frames. */
    public int stride() { return stride; }
    public Smoothing smoothing() { return smoothing; }
    /** If not empty, only these labels may fire. */
    public Set<String> allow() { return allow; }
    /** These labels never fire. */
    public Set<String> deny() { return deny; }
    /**
     * Frame slots in the capture ring (a power of 2). Each slot holds one frame, so the ring needs
     * {@code ringSize} times the frame size of heap: it must fit in the JVM's maximum heap for 1920x1080
     * frames, and in the free heap for the source's real frames when it opens.
     */
    public int ringSize() { return ringSize; }
    /** A live source that delivers no frame for this long is reported lost and reopened. */
    public Duration watchdogTimeout() { return watchdogTimeout; }
    public List<GestureListener> listeners() { return listeners; }
    public ErrorListener errorListener() { return errorListener; }

    /** Defaults live here, and only here. Setters reject bad values at once, naming the argument. */
    public static final class Builder {
        private String source = "camera:0";
        private FrameSource customSource;
        private final List<Path> models = new ArrayList<>();
        private Path profile;
        private Provider provider = Provider.AUTO;
        private RunningMode runningMode = RunningMode.LIVE;
        private int inferenceThreads = 0;
        private int stride = 2;
        private Smoothing smoothing = Smoothing.defaults();
        private final Set<String> allow = new TreeSet<>();
        private final Set<String> deny = new TreeSet<>();
        private int ringSize = 64;
        private Duration watchdogTimeout = Duration.ofSeconds(3);
        private final List<GestureListener> listeners = new ArrayList<>();
        private ErrorListener errorListener = ErrorListener.LOGGING;

        private Builder() {}

        public Builder source(String uri) {
            if (uri == null) throw new IllegalArgumentException("source == null or blank");
            if (uri.isBlank()) throw new InvalidInputException("source == null or blank");
            this.source = uri;
            return this;
        }

        public Builder source(FrameSource source) {
            if (source == null) throw new IllegalArgumentException("source == null");
            this.customSource = source;
            return this;
        }

        /** Adds a model; call several times (or pass several) for an ensemble. */
        public Builder model(Path... paths) {
            for (Path p : paths) {
                if (p == null) throw new IllegalArgumentException("model path == null");
                models.add(p);
            }
            return this;
        }

        /**
         * Runs the model with a profile fitted by {@code jesture adapt} (docs/adapt.md); null for none.
         * The profile must have been fitted on these exact model files, in this order (one model, or
         * the ensemble given to {@code jesture adapt --model A B}).
         */
        public Builder profile(Path profile) {
            this.profile = profile;
            return this;
        }

        public Builder models(List<Path> paths) {
            models.clear();
            return model(paths.toArray(Path[]::new));
        }

        public Builder provider(Provider v) {
            if (v == null) throw new IllegalArgumentException("provider == null");
            this.provider = v;
            return this;
        }

        public Builder runningMode(RunningMode v) {
            if (v == null) throw new IllegalArgumentException("runningMode == null");
            this.runningMode = v;
            return this;
        }

        public Builder inferenceThreads(int v) {
            if (v < 0 || v > 256) throw new InvalidInputException("inferenceThreads must be in 0..256 (0 = ORT's choice), was " + v);
            this.inferenceThreads = v;
            return this;
        }

        public Builder stride(int v) {
            if (v < 1 || v > 64) throw new InvalidInputException("stride must be in 1..64 model frames, was " + v);
            this.stride = v;
            return this;
        }

        public Builder smoothing(Smoothing v) {
            if (v == null) throw new IllegalArgumentException("smoothing == null");
            this.smoothing = v;
            return this;
        }

        public Builder allow(String... labels) {
            for (String l : labels) allow.add(requireLabel(l));
            return this;
        }

        public Builder deny(String... labels) {
            for (String l : labels) deny.add(requireLabel(l));
            return this;
        }

        public Builder ringSize(int v) {
            if (v < 2 || Integer.bitCount(v) != 1) throw new InvalidInputException("ringSize must be a power of 2 >= 2, was " + v);
            long frame = 3L * EXPECTED_MAX_WIDTH * EXPECTED_MAX_HEIGHT;
            long heap = Runtime.getRuntime().maxMemory();
            if (v * frame > heap) {
                long fits = Long.highestOneBit(Math.max(2, heap / frame));
                throw new InvalidInputException("ringSize " + v + " would need " + gib(v * frame) + " for " + EXPECTED_MAX_WIDTH + "x"
                        + EXPECTED_MAX_HEIGHT + " frames, more than this JVM's maximum heap (" + gib(heap) + "); use "
                        + fits + " or less (64 is plenty for a camera), or raise -Xmx");
            }
            this.ringSize = v;
            return this;
        }

        private static String gib(long bytes) {
            return String.format(java.util.Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
        }

        public Builder watchdogTimeout(Duration v) {
            if (v == null) throw new IllegalArgumentException("watchdogTimeout must be > 0, was " + v);
            if (v.isNegative() || v.isZero()) throw new InvalidInputException("watchdogTimeout must be > 0, was " + v);
            this.watchdogTimeout = v;
            return this;
        }

        public Builder listener(GestureListener v) {
            if (v == null) throw new IllegalArgumentException("listener == null");
            listeners.add(v);
            return this;
        }

        public Builder errorListener(ErrorListener v) {
            if (v == null) throw new IllegalArgumentException("errorListener == null");
            this.errorListener = v;
            return this;
        }

        /** Checks cross-field rules and returns the immutable options. */
        public GestureOptions build() throws ConfigException {
            for (String l : allow) {
                if (deny.contains(l)) throw new ConfigException("label '" + l + "' is in both allow and deny: remove it from one");
            }
            return new GestureOptions(this);
        }

        private static String requireLabel(String l) {
            if (l == null) throw new IllegalArgumentException("label == null or blank");
            if (l.isBlank()) throw new InvalidInputException("label == null or blank");
            return l;
        }
    }
}
