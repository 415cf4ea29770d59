package io.jesture.internal.model;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ensemble rule, against the same arithmetic done independently in double precision. */
class EnsembleScoresTest {
    @Test
    void membersAreFusedByTheSoftmaxOfTheirMeanLogProbabilities() {
        float[][] logits = {{2.0f, -1.0f, 0.5f, 3.0f}, {-0.5f, 1.5f, 1.0f, 2.5f}, {0f, 0f, 4f, 0f}};
        int k = 4, m = logits.length;
        float[] logs = new float[k], fused = new float[k];
        double lse = 0;
        for (float[] l : logits) lse += EnsembleScores.addLogProbs(l, k, 1f / m, logs) / m;
        EnsembleScores.toProbs(logs, k, fused);

        double[] product = new double[k];
        java.util.Arrays.fill(product, 1);
        double expectedLse = 0;
        for (float[] l : logits) {
            double sum = 0;
            for (float v : l) sum += Math.exp(v);
            expectedLse += Math.log(sum) / m;
            for (int i = 0; i < k; i++) product[i] *= Math.pow(Math.exp(l[i]) / sum, 1.0 / m);
        }
        double total = java.util.Arrays.stream(product).sum();
        for (int i = 0; i < k; i++) assertEquals(product[i] / total, fused[i], 1e-6, "class " + i);
        assertEquals(expectedLse, lse, 1e-6);

        // The same fusion from the members' probabilities (how eval-clips holds them).
        float[] fromProbs = new float[k], again = new float[k];
        for (float[] l : logits) {
            float[] p = new float[k];
            double sum = 0;
            for (float v : l) sum += Math.exp(v);
            for (int i = 0; i < k; i++) p[i] = (float) (Math.exp(l[i]) / sum);
            EnsembleScores.addLogOf(p, 0, k, 1f / m, fromProbs);
        }
        EnsembleScores.toProbs(fromProbs, k, again);
        for (int i = 0; i < k; i++) assertEquals(fused[i], again[i], 1e-6, "class " + i);
    }

    /**
     * Why the product and not the mean: one member sure of a gesture, the other unsure but ruling out
     * the rest. The mean falls under the smoother's activation threshold (0.65); the product keeps the
     * gesture on top and above it.
     */
    @Test
    void aGestureOneMemberIsSureOfAndTheOtherDoesNotRuleOutStaysAboveTheThreshold() {
        int k = 10;
        float[] sure = new float[k], unsure = new float[k];
        sure[0] = 0.9f;
        unsure[0] = 0.3f;
        for (int i = 1; i < k; i++) {
            sure[i] = 0.1f / (k - 1);
            unsure[i] = 0.7f / (k - 1);
        }
        float[] logs = new float[k], fused = new float[k];
        EnsembleScores.addLogOf(sure, 0, k, 0.5f, logs);
        EnsembleScores.addLogOf(unsure, 0, k, 0.5f, logs);
        EnsembleScores.toProbs(logs, k, fused);
        float mean = (sure[0] + unsure[0]) / 2;
        assertTrue(mean < 0.65f, "the mean: " + mean);
        assertTrue(fused[0] > 0.65f, "the product: " + fused[0]);
        // And a class one member rules out stays out, however sure the other is.
        float[] ruledOut = unsure.clone(), other = sure.clone();
        ruledOut[0] = 1e-6f;
        java.util.Arrays.fill(logs, 0);
        EnsembleScores.addLogOf(other, 0, k, 0.5f, logs);
        EnsembleScores.addLogOf(ruledOut, 0, k, 0.5f, logs);
        EnsembleScores.toProbs(logs, k, fused);
        assertTrue(fused[0] < 0.1f, "vetoed: " + fused[0]);
    }
}
