package io.jesture.cli;

import io.jesture.GestureListener;
import io.jesture.GestureOptions;
import io.jesture.GestureRecognizer;
import io.jesture.InvalidInputException;
import io.jesture.PipelineStatus;
import io.jesture.RecognizerStats;
import io.jesture.RunningMode;
import io.jesture.ScoreUpdate;
import io.jesture.internal.pipeline.ThreadCpu;
import java.util.concurrent.atomic.AtomicBoolean;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code jesture bench --live SOURCE}: the whole pipeline on a live source, and what it costs: process
 * CPU-seconds per wall-second, split by thread group, over a measured stretch after a warm-up. Native
 * threads are counted too: FFmpeg's decoder threads ({@code av:...}) and OpenCV's pool carry, or inherit,
 * the names of the capture and clip threads; ONNX Runtime's pool inherits the name of the thread that
 * built the session (here, the one that called {@code create}), and is told apart as the threads born
 * during it.
 */
final class LiveBench {
    /** Groups in print order: label, then what they hold. */
    private static final Map<String, String> GROUPS = new LinkedHashMap<>();

    static {
        GROUPS.put("capture", "jesture-capture, jesture-watchdog, FFmpeg threads");
        GROUPS.put("clips", "jesture-clips, OpenCV threads");
        GROUPS.put("inference", "jesture-infer, ONNX Runtime pool");
        GROUPS.put("listeners", "jesture-listener-N");
        GROUPS.put("jvm", "GC, JIT compilers, VM threads");
        GROUPS.put("other", "anything else");
    }

    private LiveBench() {}

    /** What one measured stretch saw. */
    record Result(double wallSeconds, Map<String, Double> cores, double processCores, RecognizerStats stats,
                  Histogram inference, long framesMeasured, long droppedMeasured) {}

    static Result run(GestureOptions.Builder options, Duration warmUp, Duration measured, PrintWriter out)
            throws Exception {
        CountDownLatch ended = new CountDownLatch(1);
        // The model run times of the measured stretch only, from the scores each inference delivers.
        Histogram inference = new ConcurrentHistogram(3_600_000_000_000L, 3);
        AtomicBoolean measuring = new AtomicBoolean();
        options.runningMode(RunningMode.LIVE).listener(new GestureListener() {
            @Override
            public void onScores(ScoreUpdate scores) {
                if (measuring.get()) inference.recordValue(Math.max(0, Math.min(scores.inferenceNanos(), inference.getHighestTrackableValue())));
            }

            @Override
            public void onStatus(PipelineStatus s) {
                if (s.kind() == PipelineStatus.Kind.END_OF_STREAM) ended.countDown();
            }
        });
        String creator = ThreadCpu.currentName();
        Map<Long, ThreadCpu.Sample> beforeCreate = ThreadCpu.sample();
        try (GestureRecognizer r = GestureRecognizer.create(options.build())) {
            Set<Long> ortPool = ThreadCpu.born(beforeCreate, ThreadCpu.sample());
            r.start();
            if (ended.await(warmUp.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new InvalidInputException("the source ended during the warm-up: use a live source (camera:, a stream,"
                        + " file:...,loop=true,pace=live or synthetic:...,pace=live)");
            }
            RecognizerStats s0 = r.stats();
            measuring.set(true);
            Map<Long, ThreadCpu.Sample> a = ThreadCpu.sample();
            long p0 = processCpu();
            long w0 = System.nanoTime();
            boolean early = ended.await(measured.toNanos(), TimeUnit.NANOSECONDS);
            long w1 = System.nanoTime();
            long p1 = processCpu();
            Map<Long, ThreadCpu.Sample> b = ThreadCpu.sample();
            RecognizerStats s1 = r.stats();
            measuring.set(false);
            Histogram h = inference.copy();
            if (early) out.println("jesture: the source ended early; figures cover " + fmt((w1 - w0) / 1e9) + " s");
            double wall = (w1 - w0) / 1e9;
            Map<String, Double> cores = new LinkedHashMap<>();
            for (String g : GROUPS.keySet()) cores.put(g, 0.0);
            for (Map.Entry<Long, ThreadCpu.Sample> e : ThreadCpu.delta(a, b).entrySet()) {
                String g = group(e.getValue().name(), ortPool.contains(e.getKey()) && e.getValue().name().equals(creator));
                cores.merge(g, e.getValue().cpuNanos() / 1e9 / wall, Double::sum);
            }
            return new Result(wall, cores, p1 < 0 ? Double.NaN : (p1 - p0) / 1e9 / wall, s1, h,
                    s1.framesCaptured() - s0.framesCaptured(), s1.framesDropped() - s0.framesDropped());
        }
    }

    static String group(String thread, boolean ortPool) {
        if (ortPool || thread.startsWith("jesture-infer")) return "inference";
        if (thread.startsWith("jesture-capture") || thread.startsWith("jesture-watchd") || thread.startsWith("av:")) return "capture";
        if (thread.startsWith("jesture-clips")) return "clips";
        if (thread.startsWith("jesture-listen")) return "listeners";
        if (thread.startsWith("GC ") || thread.startsWith("G1 ") || thread.startsWith("C1 ") || thread.startsWith("C2 ")
                || thread.startsWith("VM ") || thread.equals("Sweeper thread") || thread.startsWith("Sweeper")) {
            return "jvm";
        }
        return "other";
    }

    static void print(PrintWriter out, String source, Result r, double benchP50Millis) {
        out.printf(Locale.ROOT, "live %s: %.1f s measured; cores = CPU-seconds per wall-second%s%n", source, r.wallSeconds(),
                ThreadCpu.seesNativeThreads() ? "" : " (Java threads only: no /proc here)");
        double sum = 0;
        for (Map.Entry<String, Double> e : r.cores().entrySet()) {
            out.printf(Locale.ROOT, "  %-10s %7.4f  (%s)%n", e.getKey(), e.getValue(), GROUPS.get(e.getKey()));
            sum += e.getValue();
        }
        out.printf(Locale.ROOT, "  %-10s %7.4f  (the process by kernel tick accounting: %.4f)%n", "total", sum, r.processCores());
        Histogram h = r.inference();
        double liveP50 = h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(50) / 1e6;
        out.printf(Locale.ROOT, "  frames %d (%d dropped), inferences %d, inference p50 %.3f ms p90 %.3f ms%s%n",
                r.framesMeasured(), r.droppedMeasured(), h.getTotalCount(), liveP50,
                h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(90) / 1e6,
                benchP50Millis > 0 ? String.format(Locale.ROOT, " (isolated p50 %.3f ms: live/isolated %.2fx)", benchP50Millis,
                        liveP50 / benchP50Millis) : "");
        RecognizerStats s = r.stats();
        out.printf(Locale.ROOT, "  since start: %d frames, %d dropped, %d clips, %d windows skipped%n", s.framesCaptured(),
                s.framesDropped(), s.clipsAssembled(), s.windowsSkipped());
        // Lag: a pipeline that keeps up shows a frame age near one frame period plus preprocessing, and no source lag.
        out.printf(Locale.ROOT, "  lag at the end: frame age at inference p50 %.1f ms, max %.1f ms (last 64 inferences); source lag %.1f ms%n",
                s.frameAgeP50Millis(), s.frameAgeMaxMillis(), s.sourceLagMillis());
    }

    private static long processCpu() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() : -1;
    }

    private static String fmt(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }
}
