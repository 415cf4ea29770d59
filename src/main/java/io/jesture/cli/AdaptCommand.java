package io.jesture.cli;

import io.jesture.InvalidInputException;
import io.jesture.GestureOptions;
import io.jesture.Provider;
import io.jesture.internal.adapt.Adapter;
import io.jesture.internal.adapt.HeadFitter;
import io.jesture.internal.adapt.Profile;
import io.jesture.internal.adapt.Take;
import io.jesture.internal.adapt.TakeEmbedder;
import io.jesture.internal.adapt.TakeView;
import io.jesture.internal.eval.ClipSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code jesture adapt}: fits a profile (your own gestures, and the model's sharpened) on takes you
 * recorded, in seconds, without Python. See docs/adapt.md.
 */
@Command(name = "adapt", mixinStandardHelpOptions = true,
        description = {"Teach the model your own gestures: fit a small profile on takes you recorded (jesture record), in seconds, on the CPU.",
                "Each take's sliding windows are embedded by the model (its 'embedding' output); a light head on them adds the new gestures and"
                        + " sharpens the model's own ones you recorded. The profile runs on that model (or ensemble) alone: jesture run/demo/daemon --profile FILE.",
                "Example: jesture record --gesture \"Circle\" --takes 5 --out my-takes && jesture adapt --data my-takes --out my.profile"})
final class AdaptCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", required = true,
            description = "The takes: a Jester-layout folder as 'jesture record' writes it (DIR/<id>/00001.jpg ..., jester-v1-labels.csv,"
                    + " jester-v1-train.csv with id;label rows), or a 'file;...;label' CSV of videos or frame folders.")
    Path data;

    @Option(names = "--out", paramLabel = "PROFILE", required = true, description = "The profile file to write.")
    Path out;

    @Option(names = "--overwrite", description = "Replace --out if it exists (otherwise that is an error).")
    boolean overwrite;

    @Option(names = "--model", paramLabel = "FILE", arity = "1..*",
            description = "The ONNX model to adapt; it needs the 'embedding' output. Several: adapt the ensemble of them, which the profile"
                    + " then runs on (the same models in the same order). Default: models/jesture-r2plus1d.onnx.")
    List<Path> models = List.of(GestureOptions.DEFAULT_MODEL);

    @Option(names = "--head", paramLabel = "logistic|prototype", defaultValue = "logistic",
            description = "The head: logistic regression on the embedding (default), or cosine class prototypes (docs/adapt.md compares them).")
    String head;

    @Option(names = "--min-takes", paramLabel = "N", defaultValue = "" + Adapter.DEFAULT_MIN_TAKES,
            description = "Refuse a gesture with fewer takes (default: ${DEFAULT-VALUE}).")
    int minTakes;

    @Option(names = "--split", paramLabel = "NAME", defaultValue = "train",
            description = "Split of a Jester-layout folder to read (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--fps", paramLabel = "FPS", defaultValue = "12",
            description = "Frame rate of frame folders (default: ${DEFAULT-VALUE}, what jesture record writes); videos play at their own rate.")
    double fps;

    @Option(names = "--pad-short",
            description = "Accept takes shorter than one clip, padded with their last frame as 'jesture classify' does (otherwise an error).")
    boolean padShort;

    @Option(names = "--anchors", paramLabel = "N", defaultValue = "" + Adapter.DEFAULT_ANCHORS,
            description = "Clips of each of the model's classes, rendered by the synthetic world, that the new gestures are fitted against"
                    + " (default: ${DEFAULT-VALUE}; 0: none, docs/adapt.md says what they change).")
    int anchors;

    @Option(names = "--views", paramLabel = "time|space|time+space|none", defaultValue = "time",
            description = "Embed every take again played 20%% slower and faster and with its first or last fifth left out, and fit on"
                    + " those too (default: ${DEFAULT-VALUE}; space: three crops of 85%% of the frame instead; time+space: all seven;"
                    + " none: only as recorded, about 3x faster; docs/adapt.md compares them).")
    String views;

    @Option(names = "--motion", paramLabel = "SHARE", defaultValue = "" + HeadFitter.DEFAULT_MOTION_SHARE,
            description = "Share of the motion trajectory (where the moving hand went) in the head's feature, beside the model's embedding"
                    + " (default: ${DEFAULT-VALUE}; 0: the embedding alone, as profiles before it; docs/adapt.md compares them).")
    double motion;

    @Option(names = "--path-weight", paramLabel = "W", defaultValue = "" + HeadFitter.DEFAULT_PATH_WEIGHT,
            description = "Keep every take's motion path as a template and pull each window toward the gesture whose templates its"
                    + " path matches best, by W logits per typical distance between two takes (default: ${DEFAULT-VALUE}; 0: no"
                    + " templates, as profiles before them; needs the motion block; docs/adapt.md compares them).")
    double pathWeight;

    @Option(names = "--provider", paramLabel = "cpu|cuda|auto", defaultValue = "cpu", description = "Execution provider (default: ${DEFAULT-VALUE}).")
    String provider;

    @Override
    public Integer call() throws Exception {
        if (anchors < 0 || anchors > 20) throw new InvalidInputException("--anchors must be in 0..20, was " + anchors);
        if (minTakes < 1) throw new InvalidInputException("--min-takes must be >= 1, was " + minTakes);
        if (!(fps > 0)) throw new InvalidInputException("--fps must be > 0, was " + fps);
        if (!(motion >= 0 && motion < 1)) throw new InvalidInputException("--motion must be in [0, 1), was " + motion);
        if (!(pathWeight >= 0 && pathWeight <= 100)) throw new InvalidInputException("--path-weight must be in [0, 100], was " + pathWeight);
        if (Files.exists(out) && !overwrite) {
            throw new InvalidInputException(out + " already exists: choose another --out, or pass --overwrite to replace it");
        }
        HeadFitter.Kind kind = HeadFitter.Kind.parse(head);
        List<TakeView> takeViews = TakeView.parse(views);
        ClipSet set = Adapter.readTakes(data, split, fps);
        Map<String, List<ClipSet.Clip>> classes = Adapter.byClass(set);
        Adapter.checkTakeCounts(classes, minTakes, data);
        PrintWriter stdout = spec.commandLine().getOut();
        String model = models.stream().map(Path::toString).collect(java.util.stream.Collectors.joining(" "));
        try (TakeEmbedder embedder = TakeEmbedder.load(models, Provider.parse(provider), 0)) {
            List<String> modelLabels = embedder.info().labels();
            stdout.printf(Locale.ROOT, "adapt: %d takes of %d gestures from %s, " + (models.size() > 1 ? "ensemble" : "model")
                    + " %s (embedding %d)%n", set.clips().size(), classes.size(),
                    data, model, embedder.dim());
            for (Map.Entry<String, List<ClipSet.Clip>> e : classes.entrySet()) {
                stdout.printf(Locale.ROOT, "  %-28s %2d takes  %s%n", e.getKey(), e.getValue().size(),
                        modelLabels.contains(e.getKey()) ? "(the model's: sharpened)" : "(new)");
            }
            stdout.flush();
            Adapter.Result r = Adapter.adapt(embedder, set, classes, new HeadFitter(kind, HeadFitter.DEFAULT_L2,
                    HeadFitter.DEFAULT_ITERATIONS, motion, pathWeight), padShort, anchors, takeViews, t -> { });
            Profile p = r.profile();
            p.write(out, overwrite);
            int windows = 0;
            for (Take t : r.takes()) windows += t.windows();
            stdout.printf(Locale.ROOT, "embedded %d takes (%d windows)%s in %.1f s and %d rendered anchors in %.1f s; fitted the %s head in %.2f s"
                            + " (training loss %.3f)%n", r.takes().size(), windows,
                    takeViews.isEmpty() ? "" : " and each again in " + takeViews.size() + " views", r.embedSeconds(), r.anchors().size(),
                    r.anchorSeconds(), kind.key(), r.fitSeconds(), p.info().path("loss").asDouble());
            stdout.printf(Locale.ROOT, "wrote %s (%d bytes): %d labels, %d new; use it with: jesture run --model %s --profile %s%n", out,
                    Files.size(out), p.labels().size(), p.labels().size() - modelLabels.size(), model, out);
        }
        stdout.flush();
        return ExitCode.OK;
    }
}
