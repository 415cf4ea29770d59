package io.jesture.internal.pipeline;

import io.jesture.ModelInfo;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PreprocessorTest {
    static final float[] MEAN = {0.45f, 0.45f, 0.45f};
    static final float[] STD = {0.225f, 0.225f, 0.225f};

    static ModelInfo model(int h, int w, String order) {
        return new ModelInfo(Path.of("t.onnx"), "1", List.of("a", "b"), List.of(), 8, h, w, 12, order, MEAN, STD,
                "cover_center_crop", "t", "t", "{}", 0, 0, Map.of());
    }

    static float norm(int v) {
        return (v / 255f - 0.45f) / 0.225f;
    }

    /** Left half red, right half blue, BGR. */
    static byte[] halves(int w, int h) {
        byte[] f = new byte[w * h * 3];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = (y * w + x) * 3;
                if (x < w / 2) f[i + 2] = (byte) 255;
                else f[i] = (byte) 255;
            }
        }
        return f;
    }

    @Test
    void wideFrameIsCroppedAtTheCentreInRgbOrderAndNormalised() {
        try (Preprocessor p = new Preprocessor(64, 32, model(32, 32, "RGB"))) {
            float[] out = new float[3 * 32 * 32];
            p.apply(halves(64, 32), out);
            int plane = 32 * 32;
            // scale 1, crop x 16..47: columns 0..15 come from the red half, 16..31 from the blue half
            assertEquals(norm(255), out[0], 1e-5);                // R at (0,0)
            assertEquals(norm(0), out[2 * plane], 1e-5);          // B at (0,0)
            assertEquals(norm(0), out[31], 1e-5);                 // R at (31,0)
            assertEquals(norm(255), out[2 * plane + 31], 1e-5);   // B at (31,0)
            assertEquals(norm(0), out[plane + 5], 1e-5);          // G anywhere
        }
    }

    @Test
    void bgrModelsGetBgrOrder() {
        try (Preprocessor p = new Preprocessor(64, 32, model(32, 32, "BGR"))) {
            float[] out = new float[3 * 32 * 32];
            p.apply(halves(64, 32), out);
            assertEquals(norm(0), out[0], 1e-5);                  // channel 0 is B: left is red
            assertEquals(norm(255), out[2 * 32 * 32], 1e-5);      // channel 2 is R
        }
    }

    @Test
    void cameraFrameIsShrunkByAreaToCoverThenCropped() {
        // 640x480 -> cover 32x32: scale 1/15 -> 43x32, crop x 5..36. A 10-pixel-wide white stripe at
        // x 300..309 averages into about 2/3 of one scaled column; area averaging keeps its energy.
        byte[] f = new byte[640 * 480 * 3];
        for (int y = 0; y < 480; y++) for (int x = 300; x < 310; x++) for (int c = 0; c < 3; c++) f[(y * 640 + x) * 3 + c] = (byte) 255;
        try (Preprocessor p = new Preprocessor(640, 480, model(32, 32, "RGB"))) {
            float[] out = new float[3 * 32 * 32];
            p.apply(f, out);
            double sum = 0;
            for (int x = 0; x < 32; x++) sum += out[16 * 32 + x] * 0.225 + 0.45; // back to [0,1], row 16
            // 10 white columns of 640, shrunk by 15: 10/15 of a column of white in the row.
            assertEquals(10.0 / 15, sum, 0.05);
        }
    }
}
