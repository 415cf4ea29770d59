package io.jesture.internal.pipeline;

import io.jesture.ModelInfo;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ClipMotionTest {
    static final int T = 4, H = 2, W = 3, PLANE = H * W;
    static final float STD = 0.2f;

    static ModelInfo model() {
        return new ModelInfo(Path.of("m.onnx"), "1", List.of("a", "b"), List.of("b"), T, H, W, 6, "RGB",
                new float[] {0.5f, 0.5f, 0.5f}, new float[] {STD, STD, STD}, "cover_center_crop", "x", "d", "{}", 1, 1, Map.of());
    }

    /** Sets every pixel of frame t, all channels, to {@code level} grey levels (normalized as the model wants). */
    static void frame(float[] clip, int t, double level) {
        for (int c = 0; c < 3; c++) Arrays.fill(clip, (c * T + t) * PLANE, (c * T + t + 1) * PLANE, (float) ((level / 255 - 0.5) / STD));
    }

    @Test
    void aStillClipHasNoMotion() {
        float[] clip = new float[3 * T * PLANE];
        for (int t = 0; t < T; t++) frame(clip, t, 100);
        assertEquals(0f, new ClipMotion(model()).peak(clip), 1e-5f);
    }

    @Test
    void motionIsTheLargestNeighbourDifferenceInGreyLevels() {
        float[] clip = new float[3 * T * PLANE];
        frame(clip, 0, 100);
        frame(clip, 1, 110); // +10 levels
        frame(clip, 2, 110);
        frame(clip, 3, 106); // -4 levels
        ClipMotion m = new ClipMotion(model());
        assertEquals(10f, m.peak(clip), 1e-3f);
        assertArrayEquals(new float[] {10f, 0f, 4f}, m.pairs(), 1e-3f);
    }

    @Test
    void halfThePixelsMovingCountsHalf() {
        float[] clip = new float[3 * T * PLANE];
        for (int t = 0; t < T; t++) frame(clip, t, 50);
        for (int c = 0; c < 3; c++) for (int p = 0; p < PLANE / 2; p++) clip[(c * T + 3) * PLANE + p] += 20 / 255f / STD;
        assertEquals(10f, new ClipMotion(model()).peak(clip), 1e-3f);
    }
}
