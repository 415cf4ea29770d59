package io.jesture.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jesture.GestureListener;
import io.jesture.GestureOptions;
import io.jesture.GestureRecognizer;
import io.jesture.Provider;
import io.jesture.RunningMode;
import io.jesture.ScoreUpdate;
import io.jesture.SourceException;
import io.jesture.internal.source.FfmpegSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code jesture classify}: the top-k classes of a whole video file. The model sees every sliding
 * window (T frames at the model's fps, stride 1); the softmax probabilities of all windows are
 * averaged. A file shorter than one window is padded by repeating its last frame. The window with the
 * most confident top-1 is reported too.
 */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = {"Print the top-k gesture classes of a whole video file.",
                "Every sliding window (stride 1 at the model's fps) is classified and the probabilities are averaged over all windows;",
                "the single most confident window is shown as well."})
final class ClassifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "A video file FFmpeg can decode, or a Jester-layout folder of 00001.jpg, 00002.jpg, ... frames.")
    Path file;

    @Option(names = "--fps", paramLabel = "FPS", defaultValue = "12", description = "Frame rate of a JPEG folder (default: ${DEFAULT-VALUE}, Jester's).")
    double fps;

    @Option(names = "--model", paramLabel = "FILE", arity = "1..*", description = "ONNX model(s). Default: models/jesture-r2plus1d.onnx.")
    List<Path> models;

    @Option(names = "--provider", paramLabel = "cpu|cuda|auto", defaultValue = "auto", description = "Execution provider (default: ${DEFAULT-VALUE}).")
    String provider;

    @Option(names = "--top", paramLabel = "K", defaultValue = "5", description = "How many classes to print (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--json", description = "Print one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (top < 1) throw new IllegalArgumentException("--top must be >= 1, was " + top);
        if (!Files.exists(file)) throw new SourceException("video file " + file.toAbsolutePath() + " does not exist");
        if (!(fps > 0) || fps > 1000) throw new IllegalArgumentException("--fps must be in (0, 1000], was " + fps);
        PrintWriter out = spec.commandLine().getOut();
        Collector c = new Collector();
        List<Throwable> errors = new ArrayList<>();
        GestureOptions.Builder b = GestureOptions.builder()
                .source(Files.isDirectory(file) ? FfmpegSource.jesterFolder(file, fps) : FfmpegSource.file(file, false, FfmpegSource.Pace.FAST))
                .provider(Provider.parse(provider))
                .runningMode(RunningMode.OFFLINE)
                .stride(1)
                .listener(c)
                .errorListener((where, e) -> {
                    synchronized (errors) {
                        errors.add(e);
                    }
                });
        if (models != null) b.models(models);
        List<String> labels;
        try (GestureRecognizer r = GestureRecognizer.create(b.build())) {
            labels = r.labels();
            r.start();
            if (!r.awaitEndOfStream(Duration.ofHours(1))) throw new IllegalStateException("classification did not finish within an hour");
        }
        synchronized (errors) {
            if (!errors.isEmpty()) throw new SourceException("classifying " + file + " failed: " + errors.get(0).getMessage(), errors.get(0));
        }
        if (c.windows == 0) throw new SourceException(file + " has no decodable video frames");
        int k = Math.min(top, labels.size());
        Integer[] order = new Integer[labels.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, Comparator.comparingDouble(i -> -c.sum[i]));
        int bestLabel = c.bestLabel;
        if (json) {
            ObjectMapper m = new ObjectMapper();
            ObjectNode n = m.createObjectNode().put("file", file.toString()).put("windows", c.windows);
            ArrayNode topN = n.putArray("top");
            for (int i = 0; i < k; i++) {
                topN.addObject().put("label", labels.get(order[i])).put("index", (int) order[i])
                        .put("probability", c.sum[order[i]] / c.windows);
            }
            n.putObject("best_window").put("label", labels.get(bestLabel)).put("probability", c.bestProbability)
                    .put("end_ms", c.bestEndNanos / 1e6);
            out.println(n);
        } else {
            out.printf(Locale.ROOT, "%s: %d windows, mean probabilities:%n", file, c.windows);
            for (int i = 0; i < k; i++) out.printf(Locale.ROOT, "  %6.4f  %s%n", c.sum[order[i]] / c.windows, labels.get(order[i]));
            out.printf(Locale.ROOT, "most confident window: %s %.4f, ending at %.2f s%n", labels.get(bestLabel),
                    c.bestProbability, c.bestEndNanos / 1e9);
        }
        out.flush();
        return ExitCode.OK;
    }

    /** Sums probabilities on the inference thread; read after the recognizer is closed. */
    private static final class Collector implements GestureListener {
        double[] sum;
        int bestLabel;
        float bestProbability = -1;
        long bestEndNanos;
        int windows;

        @Override
        public void onScores(ScoreUpdate s) {
            float[] p = s.raw();
            if (sum == null) sum = new double[p.length];
            int top1 = 0;
            for (int i = 0; i < p.length; i++) {
                sum[i] += p[i];
                if (p[i] > p[top1]) top1 = i;
            }
            if (p[top1] > bestProbability) {
                bestProbability = p[top1];
                bestLabel = top1;
                bestEndNanos = s.clipEndNanos();
            }
            windows++;
        }
    }
}
