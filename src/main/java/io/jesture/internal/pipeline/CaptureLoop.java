package io.jesture.internal.pipeline;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import io.jesture.FrameSource;
import io.jesture.PipelineStatus;
import io.jesture.SourceException;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Reads the source on thread {@code jesture-capture} and publishes frames into the ring, reading each
 * frame straight into a claimed slot. In live mode it never waits for the consumer: with the ring full,
 * the frame goes into a scratch buffer and is counted as dropped. Offline it waits for space instead.
 * A {@link SkippingSource} may leave frames no model tick takes undecoded; they are published without
 * pixels, and a dropped frame need not be decoded at all.
 *
 * <p>A live source is watched by {@code jesture-watchdog}: no frame for the timeout reports
 * {@link PipelineStatus.Kind#SOURCE_LOST} and nudges the capture thread; a read that fails closes the
 * source and reopens it with exponential backoff, reporting {@link PipelineStatus.Kind#SOURCE_RECOVERED}.
 */
final class CaptureLoop {
    private static final long FIRST_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final FrameSource source;
    /** The source, if it can leave frames undecoded; else null. */
    private final SkippingSource skipping;
    private final RingBuffer<FrameSlot> ring;
    private final boolean offline;
    private final long timeoutNanos;
    private final PipelineStats stats;
    private final ListenerDispatch dispatch;
    private final Consumer<FrameSource.Format> beforeFirstFrame;
    private final CompletableFuture<FrameSource.Format> opened = new CompletableFuture<>();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final Thread thread;
    private final Thread watchdog;
    private volatile boolean running = true;
    private volatile long lastFrameWall;
    private volatile boolean isOpen;
    /** Set by the watchdog when it reported the source lost; cleared on recovery. */
    private volatile boolean lost;
    private FrameSource.Format format;
    private byte[] scratch = new byte[0];
    /** The source's timeline against the wall clock: a frame's stream time and arrival that set the origin. */
    private boolean haveOrigin;
    private long originWall;
    private long originStream;
    private long previousStream;
    /** Why a finite source ended before its end (a read or decode error part way); null while it has not. */
    private volatile Throwable failure;

    CaptureLoop(FrameSource source, RingBuffer<FrameSlot> ring, boolean offline, Duration watchdogTimeout,
                       PipelineStats stats, ListenerDispatch dispatch) {
        this(source, ring, offline, watchdogTimeout, stats, dispatch, f -> { });
    }

    /**
     * @param beforeFirstFrame runs on the capture thread once the source first opened, before the first
     *     frame is read (a paced source starts its clock at that frame): the consumers get ready for this
     *     format there, instead of on the first frame while frames pile up. If it throws, the start fails.
     */
    public CaptureLoop(FrameSource source, RingBuffer<FrameSlot> ring, boolean offline, Duration watchdogTimeout,
                       PipelineStats stats, ListenerDispatch dispatch, Consumer<FrameSource.Format> beforeFirstFrame) {
        this.beforeFirstFrame = beforeFirstFrame;
        this.source = source;
        this.skipping = source instanceof SkippingSource ? (SkippingSource) source : null;
        this.ring = ring;
        this.offline = offline;
        this.timeoutNanos = watchdogTimeout.toNanos();
        this.stats = stats;
        this.dispatch = dispatch;
        this.thread = new Thread(this::run, "jesture-capture");
        this.watchdog = new Thread(this::watch, "jesture-watchdog");
        thread.setDaemon(true);
        watchdog.setDaemon(true);
    }

    /** Starts the threads and waits until the source is open. */
    public FrameSource.Format start(Duration openTimeout) throws SourceException, InterruptedException {
        thread.start();
        try {
            FrameSource.Format f = opened.get(openTimeout.toNanos(), TimeUnit.NANOSECONDS);
            if (source.isLive()) watchdog.start();
            return f;
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof SourceException) throw (SourceException) c;
            throw new SourceException("opening " + source.description() + " failed: " + c, c);
        } catch (TimeoutException e) {
            throw new SourceException(source.description() + " did not open within " + openTimeout.toSeconds()
                    + " s: check the device or URL");
        }
    }

    private void run() {
        try {
            format = source.open();
            checkRingFits(format);
            for (int i = 0; i < ring.getBufferSize(); i++) ring.get(i).ensure(format);
            scratch = new byte[format.frameBytes()];
            beforeFirstFrame.accept(format);
            isOpen = true;
            lastFrameWall = System.nanoTime();
        } catch (Throwable t) {
            closeSource();
            opened.completeExceptionally(t);
            return;
        }
        stats.sourceOpened(format.fps());
        opened.complete(format);
        String fps = format.fps() == Math.rint(format.fps()) ? Long.toString((long) format.fps())
                : String.format(java.util.Locale.ROOT, "%.2f", format.fps());
        dispatch.status(new PipelineStatus(PipelineStatus.Kind.SOURCE_OPENED, "opened " + source.description() + " ("
                + format.width() + "x" + format.height() + " @ " + fps + " fps)"));
        try {
            while (running) {
                try {
                    if (!captureOne()) break;
                } catch (SourceException | RuntimeException e) {
                    // A source that throws anything is treated as failed, so a broken source cannot
                    // spin this loop: live ones are reopened with backoff, finite ones end.
                    if (!running) break;
                    if (!source.isLive()) failure = e; // before the end-of-stream message that carries it on
                    dispatch.error("jesture-capture", e);
                    if (!source.isLive()) {
                        publishControl(FrameSlot.Kind.END_OF_STREAM);
                        break;
                    }
                    reopen(String.valueOf(e.getMessage()));
                }
            }
        } catch (Throwable t) {
            failure = t;
            dispatch.error("jesture-capture", t);
            if (running) publishControl(FrameSlot.Kind.END_OF_STREAM); // so nobody waits for frames that never come
        } finally {
            closeSource();
        }
    }

    /**
     * The ring holds one frame per slot, allocated now: refuse, naming the option, when they cannot fit
     * in the free heap, instead of running into an OutOfMemoryError (or minutes of garbage collection).
     */
    private void checkRingFits(FrameSource.Format f) throws SourceException {
        long frame = 3L * f.width() * f.height();
        long need = frame * ring.getBufferSize();
        Runtime rt = Runtime.getRuntime();
        long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (need > free) {
            long fits = Long.highestOneBit(Math.max(2, free / frame));
            throw new SourceException(String.format(java.util.Locale.ROOT,
                    "ring-size %d holds %d frames of %dx%d from %s (%.1f MiB each, %.1f GiB in all), but only %.1f GiB of the heap is free: "
                            + "set ring-size (GestureOptions.ringSize) to %d or less, use a smaller frame size, or raise -Xmx",
                    ring.getBufferSize(), ring.getBufferSize(), f.width(), f.height(), source.description(), frame / 1048576.0,
                    need / 1073741824.0, free / 1073741824.0, fits));
        }
    }

    /** Reads and publishes one frame; false at end of stream or when stopping. */
    private boolean captureOne() throws SourceException {
        long seq = claim(offline);
        if (seq == -2) return false;
        byte[] dst = seq >= 0 ? ring.get(seq).ensure(format) : scratch;
        long ts;
        try {
            ts = skipping != null ? skipping.read(dst, seq >= 0) : source.read(dst);
        } catch (SourceException | RuntimeException e) {
            if (seq >= 0) publish(seq, FrameSlot.Kind.EMPTY, 0, 0);
            throw e;
        } finally {
            Thread.interrupted(); // the watchdog's nudge, if any, has done its work
        }
        if (ts == FrameSource.END_OF_STREAM) {
            if (seq >= 0) publish(seq, FrameSlot.Kind.END_OF_STREAM, 0, 0);
            else publishControl(FrameSlot.Kind.END_OF_STREAM);
            return false;
        }
        long now = System.nanoTime();
        lastFrameWall = now;
        stats.frameCaptured(now);
        boolean decoded = skipping == null || skipping.decoded();
        if (decoded) stats.framesDecoded.incrementAndGet();
        if (!offline) stats.sourceLag(lateness(ts, now));
        if (seq >= 0) {
            publish(seq, decoded ? FrameSlot.Kind.FRAME : FrameSlot.Kind.UNDECODED, ts, skipping != null ? skipping.arrivalNanos() : now);
        } else {
            stats.framesDropped.incrementAndGet();
        }
        if (lost) {
            // The watchdog gave up on it, but it came back by itself.
            lost = false;
            dispatch.status(new PipelineStatus(PipelineStatus.Kind.SOURCE_RECOVERED, source.description() + " delivers frames again"));
        }
        return true;
    }

    /**
     * How late this frame arrived against the source's own timeline: wall time since the origin minus
     * stream time since the origin. The origin moves to any frame that arrives early by that measure (the
     * first, one after a gap in the stream), and to one whose clock went back, so the lag is measured from
     * the best schedule the source has kept. A source that decodes slower than it plays falls further
     * behind with every frame; one that keeps up stays near 0.
     */
    private long lateness(long ts, long now) {
        long late = (now - originWall) - (ts - originStream);
        if (!haveOrigin || ts < previousStream || late < 0) {
            haveOrigin = true;
            originWall = now;
            originStream = ts;
            late = 0;
        }
        previousStream = ts;
        return late;
    }

    /**
     * @param wait wait for space (offline, control messages) rather than give up
     * @return a claimed sequence; -1 when the ring is full and not waiting; -2 when stopping
     */
    private long claim(boolean wait) {
        while (true) {
            try {
                return ring.tryNext();
            } catch (InsufficientCapacityException e) {
                if (!wait) return -1;
                if (!running) return -2;
                // Offline only: the consumer frees a slot within one preprocessing step.
                LockSupport.parkNanos(50_000);
            }
        }
    }

    private void publish(long seq, FrameSlot.Kind kind, long ts, long arrival) {
        FrameSlot slot = ring.get(seq);
        slot.kind = kind;
        slot.timestampNanos = ts;
        slot.arrivalNanos = arrival;
        if (kind != FrameSlot.Kind.FRAME && kind != FrameSlot.Kind.UNDECODED) slot.format = format;
        ring.publish(seq);
    }

    /** Control messages are never dropped. */
    private void publishControl(FrameSlot.Kind kind) {
        long seq = claim(true);
        if (seq >= 0) publish(seq, kind, 0, 0);
    }

    private void reopen(String why) {
        if (!lost) {
            lost = true;
            dispatch.status(new PipelineStatus(PipelineStatus.Kind.SOURCE_LOST, source.description() + " lost (" + why
                    + "): reopening"));
        }
        closeSource();
        long backoff = FIRST_BACKOFF_NANOS;
        int attempts = 0;
        while (running) {
            try {
                if (stop.await(backoff, TimeUnit.NANOSECONDS)) return;
            } catch (InterruptedException e) {
                if (!running) return;
                continue; // a watchdog nudge while we are already reopening
            }
            attempts++;
            try {
                FrameSource.Format f = source.open();
                format = f;
                stats.sourceOpened(f.fps());
                if (scratch.length < f.frameBytes()) scratch = new byte[f.frameBytes()];
                isOpen = true;
                lastFrameWall = System.nanoTime();
                haveOrigin = false; // a reopened source starts a new timeline
                publishControl(FrameSlot.Kind.RESET);
                lost = false;
                dispatch.status(new PipelineStatus(PipelineStatus.Kind.SOURCE_RECOVERED, "reopened " + source.description()
                        + " after " + attempts + (attempts == 1 ? " attempt" : " attempts")));
                return;
            } catch (SourceException | RuntimeException e) {
                closeSource();
                if (attempts == 1 || Long.bitCount(attempts) == 1) dispatch.error("jesture-capture", e);
                backoff = Math.min(MAX_BACKOFF_NANOS, backoff * 2);
            } finally {
                Thread.interrupted();
            }
        }
    }

    private void watch() {
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(timeoutNanos / 4, TimeUnit.MILLISECONDS.toNanos(250)));
        try {
            while (!stop.await(period, TimeUnit.NANOSECONDS)) {
                try {
                    if (isOpen && !lost && System.nanoTime() - lastFrameWall > timeoutNanos) {
                        lost = true;
                        dispatch.status(new PipelineStatus(PipelineStatus.Kind.SOURCE_LOST, "no frame from "
                                + source.description() + " for " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos)
                                + " ms: reopening"));
                        thread.interrupt();
                    }
                } catch (RuntimeException e) {
                    dispatch.error("jesture-watchdog", e);
                }
            }
        } catch (InterruptedException e) {
            // stopping
        }
    }

    private void closeSource() {
        isOpen = false;
        try {
            source.close();
        } catch (RuntimeException e) {
            dispatch.error("jesture-capture", e);
        }
    }

    /**
     * Why the stream ended early: the error that stopped a finite source part way (it was also reported
     * to the error listener), or anything that stopped the capture thread; null if it has not.
     */
    public Throwable failure() {
        return failure;
    }

    /** Stops both threads; waits up to {@code timeout} each. Returns false if one is still alive. */
    public boolean stop(Duration timeout) throws InterruptedException {
        running = false;
        stop.countDown();
        thread.interrupt();
        watchdog.interrupt();
        thread.join(timeout.toMillis());
        watchdog.join(timeout.toMillis());
        return !thread.isAlive() && !watchdog.isAlive();
    }
}
