package io.jesture.cli;

import io.jesture.GestureOptions;
import io.jesture.InvalidInputException;
import io.jesture.ModelInfo;
import io.jesture.Provider;
import io.jesture.internal.hands.HandTracker;
import io.jesture.internal.hands.PalmDetector;
import io.jesture.internal.model.Classifier;
import io.jesture.internal.pipeline.Preprocessor;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * {@code jesture bench}: the two costs that decide whether the pipeline keeps up, measured in
 * isolation with percentiles: preprocessing one camera frame, and one model run per clip.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure per-frame preprocessing and per-clip inference time (percentiles).",
                "Preprocessing must stay well under the frame period (33 ms at 30 fps); inference under stride/fps.",
                "With --live SOURCE: run the whole pipeline on a live source and report the CPU it costs (cores, split by thread",
                "group: capture and FFmpeg, clips and OpenCV, inference and ONNX Runtime, ...), drops, and live against isolated inference.",
                "Example: jesture bench --live file:clip.mp4,loop=true,pace=live --seconds 20"})
final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "FILE", arity = "1..*", description = "ONNX model(s). Default: models/jesture-r2plus1d.onnx.")
    List<Path> models;

    @Option(names = "--provider", paramLabel = "cpu|cuda|auto", defaultValue = "cpu", description = "Execution provider (default: ${DEFAULT-VALUE}).")
    String provider;

    @Option(names = "--threads", defaultValue = "0", description = "ONNX Runtime intra-op threads (default: ${DEFAULT-VALUE} = ORT's choice).")
    int threads;

    @Option(names = "--size", paramLabel = "WxH", defaultValue = "640x480", description = "Camera frame size (default: ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--frames", defaultValue = "1000", description = "Frames to preprocess (default: ${DEFAULT-VALUE}).")
    int frames;

    @Option(names = "--clips", defaultValue = "100", description = "Clips to classify (default: ${DEFAULT-VALUE}).")
    int clips;

    @Option(names = "--live", paramLabel = "URI", description = "Run the whole pipeline on this live source (camera:0, a stream,"
            + " file:clip.mp4,loop=true,pace=live, synthetic:seed=7,pace=live) and report its CPU cost per thread group.")
    String live;

    @Option(names = "--seconds", defaultValue = "20", description = "With --live: seconds measured, after the warm-up (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Option(names = "--warmup", defaultValue = "5", description = "With --live: seconds run before measuring (default: ${DEFAULT-VALUE}).")
    double warmup;

    @Option(names = "--interval", paramLabel = "MS", defaultValue = "0",
            description = "Milliseconds of rest between isolated inference runs, as live inference rests between clips (default: ${DEFAULT-VALUE}, back to back).")
    double interval;

    @Override
    public Integer call() throws Exception {
        String[] wh = size.toLowerCase(Locale.ROOT).split("x");
        int w;
        int h;
        try {
            w = Integer.parseInt(wh[0]);
            h = Integer.parseInt(wh[1]);
        } catch (RuntimeException e) {
            throw new InvalidInputException("bad --size '" + size + "': use WIDTHxHEIGHT, e.g. 640x480");
        }
        if (w < 1 || h < 1 || w > 8192 || h > 8192) throw new InvalidInputException("--size must be from 1x1 to 8192x8192, was '" + size + "'");
        if (frames < 1 || frames > 10_000_000) throw new InvalidInputException("--frames must be in 1..10000000, was " + frames);
        if (clips < 1 || clips > 1_000_000) throw new InvalidInputException("--clips must be in 1..1000000, was " + clips);
        if (threads < 0 || threads > 256) throw new InvalidInputException("--threads must be in 0..256 (0 = ORT's choice), was " + threads);
        if (!(seconds >= 1 && seconds <= 3600)) throw new InvalidInputException("--seconds must be from 1 to 3600, was " + seconds);
        if (!(warmup >= 0 && warmup <= 600)) throw new InvalidInputException("--warmup must be from 0 to 600, was " + warmup);
        if (!(interval >= 0 && interval <= 10_000)) throw new InvalidInputException("--interval must be from 0 to 10000 ms, was " + interval);
        PrintWriter out = spec.commandLine().getOut();
        List<Path> files = models != null ? models : List.of(GestureOptions.DEFAULT_MODEL);
        double isolatedP50;
        try (Classifier c = Classifier.load(files, Provider.parse(provider), threads, s -> out.println("jesture: " + s.message()))) {
            ModelInfo m = c.info();
            SplittableRandom rnd = new SplittableRandom(7);
            byte[][] bgr = new byte[8][w * h * 3];
            for (byte[] f : bgr) for (int i = 0; i < f.length; i++) f[i] = (byte) rnd.nextInt(256);
            float[] frame = new float[3 * m.frameHeight() * m.frameWidth()];
            Histogram pre = new Histogram(3);
            try (Preprocessor p = new Preprocessor(w, h, m)) {
                for (int i = 0; i < 50; i++) p.apply(bgr[i % bgr.length], frame);
                for (int i = 0; i < frames; i++) {
                    long t0 = System.nanoTime();
                    p.apply(bgr[i % bgr.length], frame);
                    pre.recordValue(System.nanoTime() - t0);
                }
            }
            // A model that reads the tracked hand: the tracker's cost per model frame, on the same frames
            // (noise holds no hand, so this is the palm detector's cost; a found hand adds the landmark model).
            Histogram track = null;
            if (c.readsHands()) {
                track = new Histogram(3);
                float[] obs = new float[HandTracker.OBS];
                try (HandTracker t = new HandTracker(1)) {
                    for (int i = 0; i < 10; i++) t.observe(bgr[i % bgr.length], w, h, obs, 0);
                    for (int i = 0; i < Math.min(frames, 200); i++) {
                        long t0 = System.nanoTime();
                        t.observe(bgr[i % bgr.length], w, h, obs, 0);
                        track.recordValue(System.nanoTime() - t0);
                    }
                }
            }
            // The gate's hand test (min-hand): the palm detector on one model frame as the model sees it,
            // what each frame of a clip about to fire costs, once (docs/quiet.md).
            Histogram palm = new Histogram(3);
            byte[] small = new byte[m.frameHeight() * m.frameWidth() * 3];
            for (int i = 0; i < small.length; i++) small[i] = (byte) rnd.nextInt(256);
            try (PalmDetector d = new PalmDetector(1)) {
                for (int i = 0; i < 10; i++) d.detect(small, m.frameWidth(), m.frameHeight());
                for (int i = 0; i < Math.min(frames, 200); i++) {
                    long t0 = System.nanoTime();
                    d.detect(small, m.frameWidth(), m.frameHeight());
                    palm.recordValue(System.nanoTime() - t0);
                }
            }
            float[] clip = new float[c.clipFloats()];
            for (int i = 0; i < clip.length; i++) clip[i] = (float) rnd.nextGaussian();
            float[] probs = new float[m.labels().size()];
            Histogram inf = new Histogram(3);
            for (int i = 0; i < Math.min(10, clips); i++) {
                slide(clip, m, rnd);
                c.classify(clip, null, probs);
            }
            long restNanos = Math.round(interval * 1e6);
            for (int i = 0; i < clips; i++) {
                if (restNanos > 0) Thread.sleep(restNanos / 1_000_000, (int) (restNanos % 1_000_000));
                slide(clip, m, rnd);
                long t0 = System.nanoTime();
                c.classify(clip, null, probs);
                inf.recordValue(System.nanoTime() - t0);
            }
            out.printf(Locale.ROOT, "model %s (%s), %d cores%n", c.name(), c.provider(), Runtime.getRuntime().availableProcessors());
            print(out, String.format(Locale.ROOT, "preprocess %dx%d -> 3x%dx%d", w, h, m.frameHeight(), m.frameWidth()), pre);
            if (track != null) print(out, String.format(Locale.ROOT, "hand tracker %dx%d (per model frame)", w, h), track);
            print(out, String.format(Locale.ROOT, "hand test %dx%d (per model frame scored)", m.frameWidth(), m.frameHeight()), palm);
            print(out, String.format(Locale.ROOT, "inference [1,3,%d,%d,%d]%s", m.clipLength(), m.frameHeight(), m.frameWidth(),
                    interval > 0 ? String.format(Locale.ROOT, " every %.0f ms", interval) : ""), inf);
            out.flush();
            isolatedP50 = inf.getValueAtPercentile(50) / 1e6;
        }
        if (live != null) {
            GestureOptions.Builder b = GestureOptions.builder().source(live).models(files).provider(Provider.parse(provider))
                    .inferenceThreads(threads);
            LiveBench.Result r = LiveBench.run(b, Duration.ofMillis(Math.round(warmup * 1000)), Duration.ofMillis(Math.round(seconds * 1000)), out);
            LiveBench.print(out, live, r, isolatedP50);
            out.flush();
        }
        return ExitCode.OK;
    }

    /**
     * Moves the clip one model frame on and draws a new newest frame, outside the timed part: as the
     * pipeline's windows at stride 1, so that work kept from one window to the next (the optical flow of
     * a flow network) is counted as live, neither all redone nor all reused.
     */
    private static void slide(float[] clip, ModelInfo m, SplittableRandom rnd) {
        int t = m.clipLength(), plane = m.frameHeight() * m.frameWidth();
        for (int c = 0; c < 3; c++) {
            int base = c * t * plane;
            System.arraycopy(clip, base + plane, clip, base, (t - 1) * plane);
            for (int i = 0; i < plane; i++) clip[base + (t - 1) * plane + i] = (float) rnd.nextGaussian();
        }
    }

    private static void print(PrintWriter out, String what, Histogram h) {
        out.printf(Locale.ROOT, "%-36s n=%-5d p50 %8.3f ms  p90 %8.3f ms  p99 %8.3f ms  max %8.3f ms%n", what, h.getTotalCount(),
                h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(90) / 1e6, h.getValueAtPercentile(99) / 1e6,
                h.getMaxValue() / 1e6);
    }
}
