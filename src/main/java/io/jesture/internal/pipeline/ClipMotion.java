package io.jesture.internal.pipeline;

import io.jesture.ModelInfo;

import java.util.Arrays;

/**
 * How much a clip moves: for each pair of neighbouring model frames, the mean absolute difference
 * over all pixels and channels, in 8-bit grey levels (0..255) of the original image; the clip's
 * motion is the largest of these. A scene with nothing moving (a still room, a frozen or featureless
 * video) scores about its sensor noise, which downscaling to the model's size mostly averages away.
 *
 * <p>The largest pair and not the mean, because the static gestures (Thumb Up, Stop Sign) are a pose
 * held after a short raise of the hand: most pairs of such a clip barely differ, the raise does.
 * Reads the preprocessed clip, so it costs one pass over a {@code [3, T, H, W]} array per inference
 * and allocates nothing. Single-threaded (the inference thread).
 */
final class ClipMotion {
    private final int clipLength;
    private final int plane;
    private final float[] levelsPerUnit;
    private final float[] pairs;

    ClipMotion(ModelInfo model) {
        this.clipLength = model.clipLength();
        this.plane = model.frameHeight() * model.frameWidth();
        this.levelsPerUnit = new float[3];
        // Undo the normalization: (x - mean) / std, on values scaled to [0, 1].
        float[] std = model.std();
        for (int c = 0; c < 3; c++) levelsPerUnit[c] = std[c] * 255f;
        this.pairs = new float[Math.max(0, clipLength - 1)];
    }

    /**
     * Measures {@code clip} (layout {@code [3, T, H, W]}, normalized as the model wants it).
     *
     * @return the largest mean absolute difference between neighbouring frames, in grey levels; 0 for
     *     a clip of one frame
     */
    float peak(float[] clip) {
        if (clip.length < 3 * clipLength * plane) {
            throw new IllegalArgumentException("clip has " + clip.length + " floats, expected " + 3 * clipLength * plane);
        }
        Arrays.fill(pairs, 0f);
        for (int c = 0; c < 3; c++) {
            int base = c * clipLength * plane;
            float scale = levelsPerUnit[c] / (3f * plane);
            for (int t = 1; t < clipLength; t++) {
                int a = base + (t - 1) * plane;
                int b = base + t * plane;
                double sum = 0;
                for (int p = 0; p < plane; p++) sum += Math.abs(clip[b + p] - clip[a + p]);
                pairs[t - 1] += (float) sum * scale;
            }
        }
        float peak = 0;
        for (float v : pairs) peak = Math.max(peak, v);
        return peak;
    }

    /** The per-pair values of the last {@link #peak} call, oldest pair first; owned by this object. */
    float[] pairs() {
        return pairs;
    }
}
