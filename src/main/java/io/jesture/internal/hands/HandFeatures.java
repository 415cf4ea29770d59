package io.jesture.internal.hands;

import java.util.Arrays;

/**
 * What a landmark network reads per frame: 71 features from a window of {@link HandTracker}
 * observations, as {@code hands.features} in bench/hand-landmarks computes them for training (the
 * contract's {@code "features": "hands-71-v1"}):
 * <ul>
 *   <li>{@code [0, 42)} the hand's shape: the 21 landmarks' (x, y) relative to the wrist, in
 *       wrist-to-middle-knuckle lengths;</li>
 *   <li>{@code [42, 63)} their depth, the same way;</li>
 *   <li>{@code [63, 66)} where the palm's centre is and how large the hand is, relative to the window's
 *       mean centre and median size;</li>
 *   <li>{@code [66, 69)} the change of both since the frame before (0 when that frame had no hand);</li>
 *   <li>{@code 69} 1 where a hand is, {@code 70} its handedness less 0.5.</li>
 * </ul>
 * A frame without a hand (no palm, or the landmark model's hand-present probability under
 * {@link HandTracker#MIN_HAND}) is all zeros. Coordinates are in frame heights, so the shape is not
 * stretched by the frame's aspect. Computed in doubles and rounded to float at the end, as numpy does.
 * Not thread-safe; allocates nothing.
 */
public final class HandFeatures {
    public static final int DIM = 71;
    /**
     * Frames of a clip that must show a hand for a landmark network to vote beside other models: with
     * fewer, it has seen too little of any gesture to tell one, and the ensemble lets the others decide.
     * Six of a 16-frame clip: the smallest of 1, 2, 4, 6 and 8 with which the pair with the shipped
     * window-trained network loses no Levenshtein accuracy to the default model alone on the tuning
     * streams (seeds 101-106, docs/hands.md).
     */
    public static final int FRAMES_TO_VOTE = 6;
    private static final int[] PALM = {0, 5, 9, 13, 17};
    private final boolean[] present;
    private final double[] scale;
    private final double[] centre;
    private final double[] sorted;

    /** @param frames the longest window it will be given */
    public HandFeatures(int frames) {
        this.present = new boolean[frames];
        this.scale = new double[frames];
        this.centre = new double[2 * frames];
        this.sorted = new double[frames];
    }

    /**
     * Features of {@code frames} observations ({@link HandTracker#OBS} floats each, oldest first, from
     * {@code obs[0]}) into {@code out[0 .. frames * DIM)}.
     */
    public void compute(float[] obs, int frames, float[] out) {
        Arrays.fill(out, 0, frames * DIM, 0f);
        int n = 0;
        double cx = 0, cy = 0;
        for (int t = 0; t < frames; t++) {
            int o = t * HandTracker.OBS;
            present[t] = HandTracker.found(obs, t);
            if (!present[t]) continue;
            double h = obs[o + HandTracker.HEIGHT];
            scale[t] = Math.hypot(x(obs, o, 9) / h - x(obs, o, 0) / h, y(obs, o, 9) / h - y(obs, o, 0) / h) + 1e-6;
            double sx = 0, sy = 0;
            for (int j : PALM) {
                sx += x(obs, o, j) / h;
                sy += y(obs, o, j) / h;
            }
            centre[2 * t] = sx / PALM.length;
            centre[2 * t + 1] = sy / PALM.length;
            cx += centre[2 * t];
            cy += centre[2 * t + 1];
            sorted[n++] = scale[t];
        }
        if (n == 0) return;
        cx /= n;
        cy /= n;
        Arrays.sort(sorted, 0, n);
        double s0 = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
        for (int t = 0; t < frames; t++) {
            if (!present[t]) continue;
            int o = t * HandTracker.OBS, f = t * DIM;
            double h = obs[o + HandTracker.HEIGHT];
            double wx = x(obs, o, 0) / h, wy = y(obs, o, 0) / h, wz = obs[o + HandTracker.POINTS + 2] / h;
            for (int j = 0; j < 21; j++) {
                out[f + 2 * j] = (float) ((x(obs, o, j) / h - wx) / scale[t]);
                out[f + 2 * j + 1] = (float) ((y(obs, o, j) / h - wy) / scale[t]);
                out[f + 42 + j] = (float) ((obs[o + HandTracker.POINTS + 3 * j + 2] / h - wz) / scale[t]);
            }
            out[f + 63] = (float) ((centre[2 * t] - cx) / s0);
            out[f + 64] = (float) ((centre[2 * t + 1] - cy) / s0);
            out[f + 65] = (float) Math.log(scale[t] / s0);
            if (t > 0 && present[t - 1]) {
                out[f + 66] = (float) ((centre[2 * t] - centre[2 * t - 2]) / s0);
                out[f + 67] = (float) ((centre[2 * t + 1] - centre[2 * t - 1]) / s0);
                out[f + 68] = (float) Math.log(scale[t] / scale[t - 1]);
            }
            out[f + 69] = 1f;
            out[f + 70] = obs[o + HandTracker.HANDED] - 0.5f;
        }
    }

    /** Frames of {@code frames} computed features ({@link #compute}'s output) that show a hand. */
    public static int framesWithHand(float[] features, int frames) {
        int n = 0;
        for (int t = 0; t < frames; t++) if (features[t * DIM + 69] > 0) n++;
        return n;
    }

    private static double x(float[] obs, int o, int j) {
        return obs[o + HandTracker.POINTS + 3 * j];
    }

    private static double y(float[] obs, int o, int j) {
        return obs[o + HandTracker.POINTS + 3 * j + 1];
    }
}
