package io.jesture.cli;

import io.jesture.InvalidInputException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jesture.FrameSource;
import io.jesture.GestureOptions;
import io.jesture.Provider;
import io.jesture.SourceException;
import io.jesture.internal.eval.ClipScore;
import io.jesture.internal.eval.ClipScorer;
import io.jesture.internal.source.FfmpegSource;
import io.jesture.internal.source.FrameFolderSource;
import io.jesture.internal.source.NativeLibraries;
import io.jesture.internal.source.SourceUri;
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
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code jesture classify}: the top-k classes of whole video files or frame folders, one after another
 * in one JVM. The two protocols are {@link ClipScorer}'s: the mean over every sliding window (stride 1
 * at the model's fps; a clip shorter than one window is padded with its last frame), the single most
 * confident window, and the centre clip.
 */
@Command(name = "classify", mixinStandardHelpOptions = true,
        description = {"Print the top-k gesture classes of whole video files or Jester-layout frame folders.",
                "Every sliding window (stride 1 at the model's fps) is classified and the probabilities are averaged over all windows;",
                "the single most confident window and the centre clip (one window centred in the clip, as training evaluates) are shown as well.",
                "Example: jesture classify clip.mp4 swipe.gif data/jester/1234 file:fast.gif,fps=12"})
final class ClassifyCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", arity = "1..*",
            description = "Video files FFmpeg can decode (animated GIFs too), Jester-layout folders of 00001.jpg, 00002.jpg, ... frames,"
                    + " or file:/frames: source URIs (e.g. file:clip.gif,fps=12).")
    List<String> inputs;

    @Option(names = "--fps", paramLabel = "FPS", defaultValue = "12", description = "Frame rate of a frame folder (default: ${DEFAULT-VALUE}, Jester's).")
    double fps;

    @Option(names = "--model", paramLabel = "FILE", arity = "1..*",
            description = "ONNX model(s); several form an ensemble, matched by label name, each preprocessing per its own contract. Default: "
                    + "models/jesture-r2plus1d.onnx.")
    List<Path> models;

    @Option(names = "--provider", paramLabel = "cpu|cuda|auto", defaultValue = "auto", description = "Execution provider (default: ${DEFAULT-VALUE}).")
    String provider;

    @Option(names = "--top", paramLabel = "K", defaultValue = "5", description = "How many classes to print (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--json", description = "Print JSON: one object for one input, an array of objects for several.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (top < 1) throw new InvalidInputException("--top must be >= 1, was " + top);
        if (!(fps > 0) || fps > 1000) throw new InvalidInputException("--fps must be in (0, 1000], was " + fps);
        // FFmpeg and OpenCV load on another thread while ONNX Runtime builds the session here; started
        // first, as their loading is the longer of the two.
        boolean folders = false;
        boolean videos = false;
        for (String in : inputs) {
            boolean folder = in.startsWith("frames:") || (!in.startsWith("file:") && Files.isDirectory(Path.of(in)));
            folders |= folder;
            videos |= !folder;
        }
        NativeLibraries.preload(videos, folders);
        List<FrameSource> sources = new ArrayList<>();
        for (String in : inputs) sources.add(source(in, fps));
        PrintWriter out = spec.commandLine().getOut();
        // Jackson only for --json: loading it costs a tenth of a second of start-up.
        ObjectMapper mapper = json ? new ObjectMapper() : null;
        ArrayNode array = json ? mapper.createArrayNode() : null;
        List<String> failed = new ArrayList<>();
        try (ClipScorer scorer = ClipScorer.load(models == null ? List.of(GestureOptions.DEFAULT_MODEL) : models,
                Provider.parse(provider), 0, s -> { })) {
            for (int i = 0; i < sources.size(); i++) {
                ClipScore s = scorer.score(sources.get(i));
                if (s.frames() == 0) throw new SourceException(inputs.get(i) + " has no decodable video frames" + (s.error() != null ? ": " + s.error() : ""));
                if (s.failed()) failed.add(inputs.get(i) + ": " + s.error());
                if (json) array.add(toJson(mapper, inputs.get(i), s, scorer));
                else print(out, inputs.get(i), s);
            }
        }
        if (json) out.println(array.size() == 1 ? array.get(0) : array);
        out.flush();
        if (!failed.isEmpty()) {
            throw new SourceException(failed.size() + " of " + inputs.size() + " inputs stopped decoding part way (scored up to"
                    + " there): " + failed.get(0));
        }
        return ExitCode.OK;
    }

    /** A path (video file or frame folder) or a {@code file:}/{@code frames:} URI; checks that it exists. */
    static FrameSource source(String input, double folderFps) throws SourceException {
        if (input.startsWith("file:") || input.startsWith("frames:")) return SourceUri.create(input, true, Duration.ofSeconds(3));
        Path p = Path.of(input);
        if (Files.isDirectory(p)) return new FrameFolderSource(p, folderFps, false, FfmpegSource.Pace.FAST);
        if (!Files.exists(p)) {
            throw new SourceException("video file " + p.toAbsolutePath() + " does not exist: pass a video file, a frame folder or a"
                    + " file:/frames: URI");
        }
        return FfmpegSource.file(p, false, FfmpegSource.Pace.FAST);
    }

    private void print(PrintWriter out, String input, ClipScore s) {
        List<String> labels = s.labels();
        int k = Math.min(top, labels.size());
        int[] order = ClipScore.ranking(s.windowMean());
        out.printf(Locale.ROOT, "%s: %d frames at %s fps (%.2f s), %d windows, mean probabilities:%n", input, s.frames(),
                fpsText(s.fps()), s.spanNanos() / 1e9, s.windows());
        for (int i = 0; i < k; i++) out.printf(Locale.ROOT, "  %6.4f  %s%n", s.windowMean()[order[i]], labels.get(order[i]));
        out.printf(Locale.ROOT, "most confident window: %s %.4f, ending at %.2f s%n", labels.get(s.best().label()),
                s.best().probability(), s.best().endNanos() / 1e9);
        if (s.centre() != null) {
            int c = ClipScore.ranking(s.centre())[0];
            out.printf(Locale.ROOT, "centre clip: %s %.4f%n", labels.get(c), s.centre()[c]);
        } else {
            out.printf(Locale.ROOT, "centre clip: none (%s)%n", s.centreNote());
        }
        if (s.failed()) out.printf(Locale.ROOT, "read failed part way, scores cover the frames before: %s%n", s.error());
    }

    private ObjectNode toJson(ObjectMapper m, String input, ClipScore s, ClipScorer scorer) {
        List<String> labels = s.labels();
        int k = Math.min(top, labels.size());
        int[] order = ClipScore.ranking(s.windowMean());
        ObjectNode n = m.createObjectNode().put("file", input).put("source", s.source()).put("fps", s.fps())
                .put("frames", s.frames()).put("seconds", s.spanNanos() / 1e9).put("windows", s.windows());
        ArrayNode topN = n.putArray("top");
        for (int i = 0; i < k; i++) {
            topN.addObject().put("label", labels.get(order[i])).put("index", order[i]).put("probability", s.windowMean()[order[i]]);
        }
        n.putObject("best_window").put("label", labels.get(s.best().label())).put("probability", s.best().probability())
                .put("end_ms", s.best().endNanos() / 1e6);
        if (s.centre() != null) {
            int c = ClipScore.ranking(s.centre())[0];
            n.putObject("centre").put("label", labels.get(c)).put("probability", s.centre()[c]);
        } else {
            n.putNull("centre");
        }
        n.put("called_gesture", !scorer.backgroundLabels().contains(labels.get(order[0])));
        if (s.failed()) n.put("error", s.error());
        return n;
    }

    /** A frame rate as played: 12, 29.97. */
    static String fpsText(double fps) {
        return fps == Math.rint(fps) ? Long.toString((long) fps) : String.format(Locale.ROOT, "%.2f", fps);
    }
}
