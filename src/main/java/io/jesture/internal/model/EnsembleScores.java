package io.jesture.internal.model;

/**
 * How an ensemble's members become one answer: their softmax probabilities averaged, and their
 * {@code log(sum(exp(logits)))} averaged. {@link Classifier} does it on every clip, and adaptation
 * does it on every take's windows, so a profile fitted on an ensemble fits on exactly what it runs on.
 * Allocation-free.
 */
public final class EnsembleScores {
    /** The smallest probability {@link #toLogits} takes a log of: a class the members all rule out gets about -69, not -inf. */
    private static final float FLOOR = 1e-30f;

    private EnsembleScores() {}

    /**
     * Adds {@code weight * softmax(logits[0 .. k))} into {@code probs} and returns {@code log(sum(exp(logits)))}.
     */
    public static double accumulate(float[] logits, int k, float weight, float[] probs) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) max = Math.max(max, logits[i]);
        double sum = 0;
        for (int i = 0; i < k; i++) sum += Math.exp(logits[i] - max);
        for (int i = 0; i < k; i++) probs[i] += (float) (Math.exp(logits[i] - max) / sum) * weight;
        return max + Math.log(sum);
    }

    /**
     * Logits whose softmax is the averaged {@code probs} and whose {@code log(sum(exp))} is the averaged
     * {@code logSumExp}, into {@code out[0 .. k)}: what a profile's head adds to for an ensemble, on the members' own logit scale
     * (a new class starts from 0 beside them, as it does beside one model's logits).
     */
    public static void toLogits(float[] probs, int k, double logSumExp, float[] out) {
        for (int i = 0; i < k; i++) out[i] = (float) (Math.log(Math.max(probs[i], FLOOR)) + logSumExp);
    }
}
