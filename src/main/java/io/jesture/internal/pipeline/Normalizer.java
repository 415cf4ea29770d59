package io.jesture.internal.pipeline;

import io.jesture.ModelInfo;

/**
 * Step 4 of the {@code cover_center_crop} rule (docs/model-contract.md): byte {@code v} of channel
 * {@code c} becomes {@code (v / 255 - mean[c]) / std[c]}, through a 3 x 256 lookup table.
 */
public final class Normalizer {
    /** lut[c * 256 + v]: the normalised value of byte v in channel c. */
    private final float[] lut = new float[3 * 256];
    private final int plane;

    public Normalizer(ModelInfo model) {
        this.plane = model.frameWidth() * model.frameHeight();
        float[] mean = model.mean();
        float[] std = model.std();
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 256; v++) lut[c * 256 + v] = (v / 255f - mean[c]) / std[c];
        }
    }

    /** {@code cropped} is one frame {@code [3, H, W]}; {@code out} receives it as floats, same layout. */
    void apply(byte[] cropped, float[] out) {
        for (int c = 0; c < 3; c++) {
            int lutBase = c * 256;
            for (int i = c * plane, end = i + plane; i < end; i++) out[i] = lut[lutBase + (cropped[i] & 0xff)];
        }
    }

    /** Writes one frame {@code [3, H, W]} as model frame {@code t} of a clip laid out {@code [3, T, H, W]}. */
    public void apply(byte[] cropped, float[] clip, int t, int clipLength) {
        for (int c = 0; c < 3; c++) {
            int lutBase = c * 256;
            int o = (c * clipLength + t) * plane;
            for (int i = c * plane, end = i + plane; i < end; i++, o++) clip[o] = lut[lutBase + (cropped[i] & 0xff)];
        }
    }
}
