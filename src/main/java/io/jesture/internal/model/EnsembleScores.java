package io.jesture.internal.model;

/**
 * How an ensemble's members become one answer: the normalised geometric mean of their softmax
 * probabilities (the softmax of their averaged log-probabilities, a product of experts), and the plain
 * mean of their {@code log(sum(exp(logits)))}. {@link Classifier} does it on every clip,
 * {@code ClipScorer} on every window of a scored clip, and adaptation on every take's window, so a
 * profile fitted on an ensemble fits on exactly what it runs on. Allocation-free.
 *
 * <p>Why not the arithmetic mean, which jesture used first: the mean of two members that see
 * different things (the default model's RGB and the optical-flow network) is less sure than either
 * whenever they differ in how sure they are. A gesture one reads at 0.9 and the other at 0.3 gets 0.6
 * and stays under the smoother's activation threshold (0.65), which was set on single models. The
 * normalised product keeps the class both rank first ahead of everything either rules out, and it is
 * better calibrated: on held-out synthetic windows of the pair its negative log-likelihood is 0.306
 * against the mean's 0.381 (the members alone: 0.487 and 0.547), and it recalls most of the report
 * streams' gestures that the mean missed, with no false activation (docs/model-zoo.md, *Ensembles*). The two are the "product" and "sum" rules
 * of Kittler, Hatef, Duin and Matas, "On Combining Classifiers" (1998).
 */
public final class EnsembleScores {
    /** The smallest probability a log is taken of: a class a member rules out gets about -69, not -inf. */
    private static final float FLOOR = 1e-30f;

    private EnsembleScores() {}

    /**
     * Adds {@code weight * log_softmax(logits[0 .. k))} into {@code logs} and returns
     * {@code log(sum(exp(logits)))}. Start {@code logs} at zero; {@link #toProbs} finishes.
     */
    public static double addLogProbs(float[] logits, int k, float weight, float[] logs) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) max = Math.max(max, logits[i]);
        double sum = 0;
        for (int i = 0; i < k; i++) sum += Math.exp(logits[i] - max);
        double lse = max + Math.log(sum);
        for (int i = 0; i < k; i++) logs[i] += (float) ((logits[i] - lse) * weight);
        return lse;
    }

    /** Adds {@code weight * log(probs[from + i])} for i in {@code [0, k)} into {@code logs}: members known by their probabilities. */
    public static void addLogOf(float[] probs, int from, int k, float weight, float[] logs) {
        for (int i = 0; i < k; i++) logs[i] += (float) (Math.log(Math.max(probs[from + i], FLOOR)) * weight);
    }

    /**
     * {@code probs[0 .. k) = softmax(logs[0 .. k))}: the normalised product, or one model's softmax of
     * its logits. Returns {@code log(sum(exp(logs)))}.
     */
    public static double toProbs(float[] logs, int k, float[] probs) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) max = Math.max(max, logs[i]);
        double sum = 0;
        for (int i = 0; i < k; i++) sum += Math.exp(logs[i] - max);
        for (int i = 0; i < k; i++) probs[i] = (float) (Math.exp(logs[i] - max) / sum);
        return max + Math.log(sum);
    }

    /**
     * Logits whose softmax is the fused {@code probs} and whose {@code log(sum(exp))} is the averaged
     * {@code logSumExp}, into {@code out[0 .. k)}: what a profile's head adds to for an ensemble, on the members' own logit scale
     * (a new class starts from 0 beside them, as it does beside one model's logits).
     */
    public static void toLogits(float[] probs, int k, double logSumExp, float[] out) {
        for (int i = 0; i < k; i++) out[i] = (float) (Math.log(Math.max(probs[i], FLOOR)) + logSumExp);
    }
}
