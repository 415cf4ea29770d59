package io.jesture.internal.eval;

import io.jesture.ConfigException;
import io.jesture.ModelInfo;
import io.jesture.Rejection;
import io.jesture.Smoothing;
import io.jesture.internal.eval.StreamScore.Detection;
import io.jesture.internal.eval.StreamScore.Segment;
import io.jesture.internal.pipeline.GestureSmoother;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Chooses a model's rejection operating points from recorded runs: scenes without a gesture (the
 * quiet set) on one side, scripted synthetic streams with ground truth (the tuning seeds) on the
 * other. Each candidate gate is replayed over every recorded inference ({@link ScoreTrace}), which
 * gives exactly the events the pipeline would fire on the same windows.
 *
 * <ul>
 *   <li><b>Quiet score</b> of a candidate: the mean over quiet inputs of events per minute, where
 *       the egocentric clips (a few seconds each) count together as one input.</li>
 *   <li><b>standard</b>: the lowest quiet score among candidates that keep the tuning streams'
 *       recall and Levenshtein accuracy at least at their ungated values, add no false activations
 *       (a held-back gesture that fires too late is one) and add at most {@code standardDelay} to the
 *       95th-percentile detection delay.</li>
 *   <li><b>strict</b>: among candidates that may lose up to {@code strictRecallLoss} recall (and that
 *       much Levenshtein accuracy) and add up to {@code strictDelay}, the cheapest on the tuning
 *       streams that meets the quiet targets on every input ({@link #meetsTargets}); where none does,
 *       the quietest of them, as standard is chosen. Silence on every input asks more than the
 *       targets, and a gate tight enough for it gives up gestures that a gate meeting them keeps
 *       (docs/quiet.md, <i>Strict as the cheapest point that meets the targets</i>).</li>
 * </ul>
 * Among equally quiet candidates, each point takes the one that costs least on the tuning streams
 * (Levenshtein accuracy, then recall, then false activations; {@link #choose}).
 * Real gesture clips, where present, are replayed too: what a point costs on real gestures is
 * reported, and constrained on request. Remaining ties go to the looser gate (fewer tests on, looser thresholds): what the data cannot tell apart,
 * the gate should not decide. The candidates' log-sum-exp thresholds come from the tuning streams
 * (quantiles of its value where the ungated pipeline fired a correct event), because the logit scale
 * is the model's own.
 */
public final class GateCalibration {
    static final double[] MAX_BACKGROUND = {1, 0.2, 0.1, 0.07, 0.05, 0.04, 0.03, 0.025, 0.02, 0.015, 0.01, 0.007, 0.005};
    static final double[] MIN_MOTION = {0, 1.0};
    static final Duration[] MAX_HOLD = {null, Duration.ofMillis(1000), Duration.ofMillis(500)};
    static final double[] LSE_QUANTILES = {0, 1, 2, 5, 10, 15, 20, 25, 30, 40};
    /** The quiet targets (docs/quiet.md): events per minute on any input but a test pattern, where none may fire. */
    public static final double TARGET_PER_MINUTE = 0.2;
    /** And the share of egocentric non-gesture clips that may fire. */
    public static final double TARGET_EGOCENTRIC_SHARE = 0.25;

    /** A recorded synthetic stream with its ground truth. */
    public record Stream(String name, ScoreTrace trace, List<Segment> truth, long streamNanos) {}

    /** A recorded real clip of a gesture and the labels that count as right for it. */
    public record Positive(ScoreTrace trace, Set<String> accept) {}

    /**
     * How one candidate did.
     *
     * @param realRecall   share of the real positive clips on which an accepted label fired (NaN without any)
     * @param meetsTargets whether it meets the quiet targets on every input ({@link #meetsTargets})
     */
    public record Point(Rejection gate, double quietScore, double egocentricShare, double recall, double levenshtein,
                        double falsePerMinute, double delayP95Millis, double realRecall, double[] perInput,
                        boolean meetsTargets) {}

    /**
     * The sweep's outcome.
     *
     * @param quietest the quietest candidate within strict's limits: strict itself where no candidate meets the targets
     */
    public record Result(Point off, Point standard, Point strict, Point quietest, List<Point> all, List<String> inputNames) {}

    private final ModelInfo model;
    private final Smoothing smoothing;
    private final Set<String> allow;
    private final Set<String> deny;
    private final long toleranceNanos;
    private List<Positive> positives = List.of();

    public GateCalibration(ModelInfo model, Smoothing smoothing, Set<String> allow, Set<String> deny, long toleranceNanos) {
        this.model = model;
        this.smoothing = smoothing;
        this.allow = allow;
        this.deny = deny;
        this.toleranceNanos = toleranceNanos;
    }

    /**
     * @param positives      real gesture clips: reported, and a constraint when {@code realRecallLoss} is below 1
     * @param realRecallLoss how much of the real positives' recall either point may give up (1 = not constrained)
     */
    public Result run(List<QuietRun.Outcome> quiet, List<Stream> tuning, List<Positive> positives, Duration standardDelay,
                      double strictRecallLoss, Duration strictDelay, double realRecallLoss) throws ConfigException {
        if (tuning.isEmpty()) throw new IllegalArgumentException("calibration needs at least one tuning stream");
        if (quiet.isEmpty()) throw new IllegalArgumentException("calibration needs at least one quiet input");
        List<String> names = inputNames(quiet);
        this.positives = positives;
        Point off = evaluate(Rejection.OFF, quiet, tuning, names);
        List<Point> all = new ArrayList<>();
        for (double lse : lseCandidates(tuning)) {
            for (double bg : MAX_BACKGROUND) {
                for (double motion : MIN_MOTION) {
                    for (Duration hold : MAX_HOLD) {
                        Rejection r = Rejection.builder().maxBackground(bg).minLogSumExp(lse).minMotion(motion).maxHold(hold).build();
                        if (r.isOff() && hold != null) continue; // a hold limit without a test holds nothing back
                        all.add(evaluate(r, quiet, tuning, names));
                    }
                }
            }
        }
        all.sort(LOOSER_FIRST);
        Point standard = choose(all, off, 0, standardDelay, realRecallLoss);
        Point quietest = choose(all, off, strictRecallLoss, strictDelay, realRecallLoss);
        Point strict = chooseMeetingTargets(all, off, strictRecallLoss, strictDelay, realRecallLoss);
        return new Result(off, standard, strict == null ? quietest : strict, quietest, all, names);
    }

    /**
     * The admissible point among {@code looserFirst} that meets the quiet targets and costs least on
     * the tuning streams ({@link #costsLess}), then the quietest, then the looser gate; null when no
     * admissible candidate meets the targets.
     */
    static Point chooseMeetingTargets(List<Point> looserFirst, Point off, double recallLoss, Duration addedDelay,
                                      double realRecallLoss) {
        Point best = null;
        for (Point p : looserFirst) {
            if (!p.meetsTargets() || !keepsReal(p, off, realRecallLoss) || !admissible(p, off, recallLoss, addedDelay)) continue;
            if (best == null || costsLess(p, best)
                    || (!costsLess(best, p) && p.quietScore() < best.quietScore() - 1e-9)) {
                best = p;
            }
        }
        return best;
    }

    /**
     * The quiet targets on every input: no event on a test pattern, at most {@link #TARGET_PER_MINUTE}
     * events per minute on every other input (the egocentric clips together as one), and at most
     * {@link #TARGET_EGOCENTRIC_SHARE} of the egocentric clips firing.
     */
    static boolean meetsTargets(double[] perInput, boolean[] pattern, double egocentricShare) {
        for (int i = 0; i < perInput.length; i++) {
            if (pattern[i] ? perInput[i] > 0 : perInput[i] > TARGET_PER_MINUTE + 1e-9) return false;
        }
        return Double.isNaN(egocentricShare) || egocentricShare <= TARGET_EGOCENTRIC_SHARE + 1e-9;
    }

    /**
     * The point among {@code looserFirst} (sorted by {@link #LOOSER_FIRST}) with the lowest quiet score
     * that is admissible at this recall loss and delay; {@code off} when none is quieter than it.
     * Many candidates can share the lowest score (at a strict point, often 0 on every input), so a tie
     * goes first to what the tie costs on the tuning streams: the higher Levenshtein accuracy, then
     * the higher recall, then fewer false activations; only then to the looser gate. The loosest of
     * equally quiet gates may give up more gestures than a tighter one that tests something else.
     */
    static Point choose(List<Point> looserFirst, Point off, double recallLoss, Duration addedDelay, double realRecallLoss) {
        Point best = off;
        for (Point p : looserFirst) {
            if (!keepsReal(p, off, realRecallLoss) || !admissible(p, off, recallLoss, addedDelay)) continue;
            if (p.quietScore() < best.quietScore() - 1e-9) {
                best = p;
            } else if (best != off && Math.abs(p.quietScore() - best.quietScore()) <= 1e-9 && costsLess(p, best)) {
                best = p;
            }
        }
        return best;
    }

    /** Whether {@code p} keeps the real positives' recall within {@code realRecallLoss} of ungated (always, without any). */
    static boolean keepsReal(Point p, Point off, double realRecallLoss) {
        return Double.isNaN(off.realRecall()) || p.realRecall() >= off.realRecall() - realRecallLoss - 1e-9;
    }

    /** Whether {@code p} gives up less on the tuning streams than {@code q}; equal costs: false (the looser one stays). */
    static boolean costsLess(Point p, Point q) {
        if (p.levenshtein() > q.levenshtein() + 1e-9) return true;
        if (p.levenshtein() < q.levenshtein() - 1e-9) return false;
        if (p.recall() > q.recall() + 1e-9) return true;
        if (p.recall() < q.recall() - 1e-9) return false;
        return p.falsePerMinute() < q.falsePerMinute() - 1e-9;
    }

    /** Whether {@code p} costs at most this much against the ungated {@code off} on the tuning streams. */
    public static boolean admissible(Point p, Point off, double recallLoss, Duration addedDelay) {
        boolean delayOk = Double.isNaN(off.delayP95Millis()) || p.delayP95Millis() <= off.delayP95Millis() + addedDelay.toMillis() + 1e-9;
        return p.recall() >= off.recall() - recallLoss - 1e-9 && p.levenshtein() >= off.levenshtein() - recallLoss - 1e-9
                && p.falsePerMinute() <= off.falsePerMinute() + 1e-9 && delayOk;
    }

    /** Looser first: fewer tests on, then higher max-background, lower min-log-sum-exp, lower min-motion. */
    static final Comparator<Point> LOOSER_FIRST = Comparator
            .comparingInt((Point p) -> testsOn(p.gate()))
            .thenComparing(p -> -p.gate().maxBackground())
            .thenComparing(p -> p.gate().minLogSumExp())
            .thenComparing(p -> p.gate().minMotion())
            .thenComparing(p -> p.gate().maxHold() == null ? Long.MIN_VALUE : -p.gate().maxHold().toMillis());

    static int testsOn(Rejection r) {
        return (r.maxBackground() < 1 ? 1 : 0) + (r.minLogSumExp() != Double.NEGATIVE_INFINITY ? 1 : 0) + (r.minMotion() > 0 ? 1 : 0);
    }

    private List<Double> lseCandidates(List<Stream> tuning) throws ConfigException {
        // The smoothed log-sum-exp where the ungated pipeline fired a correct event.
        List<Double> atHits = new ArrayList<>();
        Smoothing s = smoothing.toBuilder().rejection(Rejection.OFF).build();
        for (Stream st : tuning) {
            GestureSmoother g = GestureSmoother.forModel(s, model, allow, deny);
            for (ScoreTrace.Step step : st.trace().steps()) {
                int c = g.update(step.raw(), step.logSumExp(), step.motion(), step.clipEndNanos());
                if (c < 0 || Float.isNaN(g.smoothedLogSumExp())) continue;
                for (Segment seg : st.truth()) {
                    if (seg.label().equals(model.labels().get(c)) && step.clipEndNanos() >= seg.startNanos()
                            && step.clipEndNanos() <= seg.endNanos() + toleranceNanos) {
                        atHits.add((double) g.smoothedLogSumExp());
                        break;
                    }
                }
            }
        }
        TreeSet<Double> out = new TreeSet<>();
        out.add(Double.NEGATIVE_INFINITY);
        if (atHits.isEmpty()) return new ArrayList<>(out);
        double[] v = atHits.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        for (double q : LSE_QUANTILES) {
            double x = v[(int) Math.min(v.length - 1, Math.floor(q / 100.0 * v.length))];
            out.add(Math.floor(x * 20) / 20); // a 0.05 grid: thresholds worth writing down
        }
        return new ArrayList<>(out);
    }

    Point evaluate(Rejection gate, List<QuietRun.Outcome> quiet, List<Stream> tuning, List<String> names) throws ConfigException {
        Smoothing s = smoothing.toBuilder().rejection(gate).build();
        double[] perInput = new double[names.size()];
        boolean[] pattern = new boolean[names.size()];
        double egoEvents = 0, egoMinutes = 0;
        int egoClips = 0, egoFiring = 0;
        int i = 0;
        for (QuietRun.Outcome o : quiet) {
            int n = o.trace().replay(s, model, allow, deny).size();
            if (o.input().group().equals(QuietInput.EGOCENTRIC)) {
                egoEvents += n;
                egoMinutes += o.minutes();
                egoClips++;
                if (n > 0) egoFiring++;
            } else {
                pattern[i] = o.input().group().equals(QuietInput.PATTERN);
                perInput[i++] = o.minutes() > 0 ? n / o.minutes() : 0;
            }
        }
        if (egoClips > 0) perInput[i] = egoMinutes > 0 ? egoEvents / egoMinutes : 0;
        double quietScore = Arrays.stream(perInput).average().orElse(0);
        double recall = 0, lev = 0, fa = 0;
        List<Double> delays = new ArrayList<>();
        for (Stream st : tuning) {
            List<Detection> d = new ArrayList<>();
            for (ScoreTrace.Fired f : st.trace().replay(s, model, allow, deny)) d.add(new Detection(f.label(), f.detectedNanos()));
            StreamScore.Result r = StreamScore.score(st.truth(), d, new HashSet<>(model.backgroundLabels()), toleranceNanos, st.streamNanos());
            recall += r.recall() / tuning.size();
            lev += r.levenshteinAccuracy() / tuning.size();
            fa += (Double.isNaN(r.falseActivationsPerMinute()) ? 0 : r.falseActivationsPerMinute()) / tuning.size();
            for (double x : r.delaysMillis()) delays.add(x);
        }
        int right = 0;
        for (Positive pos : positives) {
            for (ScoreTrace.Fired f : pos.trace().replay(s, model, allow, deny)) {
                if (pos.accept().contains(f.label())) {
                    right++;
                    break;
                }
            }
        }
        double realRecall = positives.isEmpty() ? Double.NaN : (double) right / positives.size();
        double[] dl = delays.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double p95 = dl.length == 0 ? Double.NaN : dl[Math.max(0, (int) Math.ceil(0.95 * dl.length) - 1)];
        double egoShare = egoClips == 0 ? Double.NaN : (double) egoFiring / egoClips;
        return new Point(gate, quietScore, egoShare, recall, lev, fa, p95, realRecall, perInput,
                meetsTargets(perInput, pattern, egoShare));
    }

    /** The report columns: each non-egocentric input, then "egocentric" if there were such clips. */
    static List<String> inputNames(List<QuietRun.Outcome> quiet) {
        List<String> names = new ArrayList<>();
        boolean ego = false;
        for (QuietRun.Outcome o : quiet) {
            if (o.input().group().equals(QuietInput.EGOCENTRIC)) ego = true;
            else names.add(o.input().name());
        }
        if (ego) names.add("egocentric");
        return names;
    }
}
