package io.jesture.internal.pipeline;

import io.jesture.Percentiles;
import io.jesture.Provider;
import io.jesture.RecognizerStats;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The pipeline's counters. Writers are the pipeline threads (no allocation); any thread may take a
 * {@link #snapshot}.
 */
final class PipelineStats {
    private static final int RECENT = 64;

    final AtomicLong framesCaptured = new AtomicLong();
    final AtomicLong framesDropped = new AtomicLong();
    /** Frames decoded into pixels: all captured ones, but for those a source left undecoded (no tick took them). */
    final AtomicLong framesDecoded = new AtomicLong();
    final AtomicLong inferences = new AtomicLong();
    final AtomicLong events = new AtomicLong();
    /** The opened source's declared frame rate. */
    private volatile double sourceFps;
    /** Listener calls dropped: the listener's queue was full (live), or the recognizer closed first. */
    public final AtomicLong deliveriesDropped = new AtomicLong();
    /** Inference run time over the whole run, nanoseconds, 3 significant digits. */
    private final ConcurrentHistogram inferenceNanos = new ConcurrentHistogram(3_600_000_000_000L, 3);
    private final AtomicLongArray frameTimes = new AtomicLongArray(RECENT);
    private final AtomicLongArray inferenceTimes = new AtomicLongArray(RECENT);
    private final AtomicLongArray inferenceDurations = new AtomicLongArray(RECENT);
    /** Age of each recent clip's newest frame when its inference started, nanoseconds. */
    private final AtomicLongArray frameAges = new AtomicLongArray(RECENT);
    private final AtomicLong frameAgesSeen = new AtomicLong();
    /** The newest frame's lateness against the source's timeline, nanoseconds. */
    private volatile long sourceLagNanos;

    /** Called by the capture thread for every frame read. */
    void frameCaptured(long nowNanos) {
        long n = framesCaptured.getAndIncrement();
        frameTimes.set((int) (n % RECENT), nowNanos);
    }

    /** Called by the capture thread when the source opened. */
    void sourceOpened(double fps) {
        sourceFps = fps;
    }

    /**
     * Called by the inference thread as a model run starts.
     *
     * @param ageNanos time since the clip's newest frame entered the pipeline
     */
    void inferenceStarting(long ageNanos) {
        long n = frameAgesSeen.getAndIncrement();
        frameAges.set((int) (n % RECENT), Math.max(0, ageNanos));
    }

    /** Called by the capture thread for every frame: how late it came against the source's own timeline. */
    void sourceLag(long lagNanos) {
        sourceLagNanos = Math.max(0, lagNanos);
    }

    /** Called by the inference thread after every run. */
    void inferenceDone(long nowNanos, long durationNanos) {
        long n = inferences.getAndIncrement();
        inferenceTimes.set((int) (n % RECENT), nowNanos);
        inferenceDurations.set((int) (n % RECENT), durationNanos);
        inferenceNanos.recordValue(Math.max(0, Math.min(durationNanos, inferenceNanos.getHighestTrackableValue())));
    }

    /** Inference run times since start. */
    public Percentiles inferencePercentiles() {
        Histogram h = inferenceNanos.copy(); // a consistent view while the inference thread records on
        if (h.getTotalCount() == 0) return Percentiles.NONE;
        return new Percentiles(h.getTotalCount(), h.getValueAtPercentile(50), h.getValueAtPercentile(90),
                h.getValueAtPercentile(99), h.getMaxValue());
    }

    /**
     * @param clipsAssembled      the clip exchange's count
     * @param windowsSkipped      the clip exchange's count
     * @param nonRisingTimestamps the clip assembler's count
     */
    public RecognizerStats snapshot(long clipsAssembled, long windowsSkipped, long nonRisingTimestamps, Provider provider,
                                    String modelName) {
        long now = System.nanoTime();
        double inferP50 = 0;
        long n = Math.min(inferences.get(), RECENT);
        if (n > 0) {
            long[] d = new long[(int) n];
            for (int i = 0; i < n; i++) d[i] = inferenceDurations.get(i);
            Arrays.sort(d);
            inferP50 = d[d.length / 2] / 1e6;
        }
        double ageP50 = 0, ageMax = 0;
        long ages = Math.min(frameAgesSeen.get(), RECENT);
        if (ages > 0) {
            long[] a = new long[(int) ages];
            for (int i = 0; i < ages; i++) a[i] = frameAges.get(i);
            Arrays.sort(a);
            ageP50 = a[a.length / 2] / 1e6;
            ageMax = a[a.length - 1] / 1e6;
        }
        return new RecognizerStats(framesCaptured.get(), framesDropped.get(), clipsAssembled, windowsSkipped,
                inferences.get(), rate(frameTimes, framesCaptured.get(), now), sourceFps, rate(inferenceTimes, inferences.get(), now),
                inferP50, events.get(), deliveriesDropped.get(), provider, modelName, ageP50, ageMax, sourceLagNanos / 1e6,
                nonRisingTimestamps, framesDecoded.get());
    }

    /** Events per second over the recent ones, if the newest is younger than 2 s; else 0. */
    private static double rate(AtomicLongArray times, long count, long now) {
        long n = Math.min(count, RECENT);
        if (n < 2) return 0;
        long newest = times.get((int) ((count - 1) % RECENT));
        long oldest = times.get((int) ((count - n) % RECENT));
        if (now - newest > 2_000_000_000L || newest <= oldest) return 0;
        return (n - 1) * 1e9 / (newest - oldest);
    }
}
