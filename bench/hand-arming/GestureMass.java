import io.jesture.FrameSource;
import io.jesture.ModelInfo;
import io.jesture.Provider;
import io.jesture.internal.eval.ClipScorer;
import io.jesture.internal.eval.ClipSet;
import io.jesture.internal.model.EnsembleScores;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How much of a pixel model's probability goes to the gestures (every class but the background ones),
 * window by window, on clip sets: the share of windows at or above each threshold, per set. This is
 * what decided how often the on-demand hand tracking that was built and reverted would have run the
 * tracker (docs/hands.md, "Tracking on demand"): a window was tracked when its own share, or one
 * within a window span before, reached the threshold.
 *
 * <pre>
 * java -cp target/jesture.jar bench/hand-arming/GestureMass.java --model models/jesture-r2plus1d.onnx \
 *     SET...    # a 'file;...;accept' CSV, or a Jester-layout folder (its validation split)
 * </pre>
 */
public class GestureMass {
    static final double[] THRESHOLDS = {0.1, 0.2, 0.3, 0.5, 0.7, 0.9};

    public static void main(String[] args) throws Exception {
        Path model = Path.of("models/jesture-r2plus1d.onnx");
        List<Path> sets = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--model")) model = Path.of(args[++i]);
            else sets.add(Path.of(args[i]));
        }
        if (sets.isEmpty()) {
            System.err.println("GestureMass: name at least one clip set (a CSV or a Jester-layout folder)");
            System.exit(2);
        }
        System.out.printf(Locale.ROOT, "%-40s %8s", "set", "windows");
        for (double t : THRESHOLDS) System.out.printf(Locale.ROOT, "  >=%.1f", t);
        System.out.println();
        try (ClipScorer scorer = ClipScorer.load(List.of(model), Provider.CPU, 2, s -> { })) {
            ModelInfo info = scorer.members().get(0);
            boolean[] background = new boolean[info.labels().size()];
            for (int i = 0; i < background.length; i++) background[i] = info.backgroundLabels().contains(info.labels().get(i));
            float[] logits = new float[background.length], probs = new float[background.length];
            for (Path set : sets) {
                ClipSet clips = set.toFile().isDirectory() ? ClipSet.jester(set, "validation", 12) : ClipSet.csv(set, 12);
                long[] above = new long[THRESHOLDS.length];
                long[] windows = {0};
                for (ClipSet.Clip c : clips.clips()) {
                    FrameSource src = clips.source(c);
                    scorer.score(src, (member, classifier, centre, endNanos) -> {
                        if (centre) return;
                        classifier.copyLogits(0, logits);
                        EnsembleScores.toProbs(logits, logits.length, probs);
                        double share = 0;
                        for (int i = 0; i < probs.length; i++) if (!background[i]) share += probs[i];
                        windows[0]++;
                        for (int k = 0; k < THRESHOLDS.length; k++) if (share >= THRESHOLDS[k]) above[k]++;
                    });
                }
                System.out.printf(Locale.ROOT, "%-40s %8d", set.getFileName(), windows[0]);
                for (long a : above) System.out.printf(Locale.ROOT, "  %5.1f%%", 100.0 * a / Math.max(1, windows[0]));
                System.out.println();
            }
        }
    }
}
