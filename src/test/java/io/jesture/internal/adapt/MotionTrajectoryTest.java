package io.jesture.internal.adapt;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The motion descriptor on synthetic clips of a bright square moving over a noisy, drifting background. */
class MotionTrajectoryTest {
    static final int T = 16, H = 64, W = 88;
    static final float[] MEAN = {0.45f, 0.45f, 0.45f}, STD = {0.225f, 0.225f, 0.225f};
    static final int P = MotionTrajectory.POINTS;

    /**
     * A clip in the model's normalised layout {@code [3, T, H, W]}: a 10x10 white square on a grey
     * background with 2 grey levels of noise and a global brightness drift of 1 level a frame. With
     * {@code circle} the square goes once around a circle (clockwise on screen), else from left to right.
     */
    static float[] movingSquare(int t, int h, int w, boolean circle, long seed) {
        return clip(t, h, w, f -> {
            double u = (double) f / (t - 1);
            if (circle) {
                double a = 2 * Math.PI * u;
                return new double[] {w / 2.0 + 20 * Math.cos(a), h / 2.0 + 20 * Math.sin(a)};
            }
            return new double[] {10 + u * (w - 20), h / 2.0};
        }, seed);
    }

    static float[] clip(int t, int h, int w, java.util.function.IntFunction<double[]> centre, long seed) {
        return clip(t, h, w, centre, seed, 2);
    }

    static float[] clip(int t, int h, int w, java.util.function.IntFunction<double[]> centre, long seed, double noise) {
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] clip = new float[3 * t * h * w];
        int plane = h * w;
        for (int f = 0; f < t; f++) {
            double[] c = centre.apply(f);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    boolean in = Math.abs(x - c[0]) < 5 && Math.abs(y - c[1]) < 5;
                    for (int ch = 0; ch < 3; ch++) {
                        double grey = in ? 240 : 90 + f + noise * rnd.nextGaussian();
                        clip[(ch * t + f) * plane + y * w + x] = (float) ((grey / 255 - MEAN[ch]) / STD[ch]);
                    }
                }
            }
        }
        return clip;
    }

    static float[] describe(float[] clip) {
        float[] out = new float[MotionTrajectory.DIM];
        new MotionTrajectory(T, H, W, MEAN, STD).compute(clip, out);
        return out;
    }

    @Test
    void aSquareMovingRightGivesAStraightPathToTheRight() {
        float[] d = describe(movingSquare(T, H, W, false, 1));
        for (int p = 0; p + 1 < P; p++) {
            float sx = d[2 * P + 2 * p], sy = d[2 * P + 2 * p + 1];
            assertTrue(sx > 0.02, "step " + p + " goes right: " + sx);
            assertTrue(Math.abs(sy) < 0.1 * sx, "step " + p + " stays level: " + sy);
        }
        // Centred, in frame heights: the centroids run from midway between the first two squares to midway
        // between the last two, (W - 20) * 14 / 15 pixels in all.
        double half = (W - 20) * 14.0 / 15 / 2 / H;
        assertEquals(-half, d[0], 0.03);
        assertEquals(half, d[2 * (P - 1)], 0.03);
    }

    @Test
    void aSquareMovingLeftGivesTheMirroredPath() {
        float[] right = describe(movingSquare(T, H, W, false, 1));
        float[] left = describe(clip(T, H, W, f -> new double[] {W - 10 - (double) f / (T - 1) * (W - 20), H / 2.0}, 1));
        for (int i = 0; i < MotionTrajectory.DIM; i += 2) assertEquals(-right[i], left[i], 0.05, "x " + i);
    }

    @Test
    void aCircleKeepsItsRadiusAndTurnsOneWay() {
        float[] d = describe(movingSquare(T, H, W, true, 2));
        double turn = 0;
        // Each centroid lies midway between two squares on the circle of radius 20 px: on a chord's midpoint.
        double radius = 20 * Math.cos(Math.PI / (T - 1)) / H;
        for (int p = 0; p < P; p++) {
            double r = Math.hypot(d[2 * p], d[2 * p + 1]);
            assertEquals(radius, r, 0.2 * radius, "point " + p + " lies on the circle");
        }
        for (int p = 0; p + 2 < P; p++) {
            float ax = d[2 * P + 2 * p], ay = d[2 * P + 2 * p + 1], bx = d[2 * P + 2 * p + 2], by = d[2 * P + 2 * p + 3];
            double cross = ax * by - ay * bx;
            assertTrue(cross > 0, "step " + p + " turns clockwise on screen (y down): " + cross);
            turn += Math.atan2(cross, ax * bx + ay * by);
        }
        // The path turns only at the T - 1 centroids, of which the T - 3 inside turn by a step's share of
        // the circle each (the points between them are interpolated along straight chords).
        assertEquals(2 * Math.PI * (T - 3) / (T - 1), turn, 0.6);
        // A line is not a circle: its points are far from the circle at the ends and the middle.
        float[] line = describe(movingSquare(T, H, W, false, 2));
        int mid = P / 2;
        assertTrue(Math.hypot(line[0], line[1]) > 1.4 * radius, "a line's end lies outside the circle");
        assertTrue(Math.hypot(line[2 * mid], line[2 * mid + 1]) < 0.3 * radius, "a line's middle lies near its centre");
    }

    @Test
    void aStillClipGivesZerosAndAPaddedTakeGivesTheMovingPart() {
        // Still, with the background's brightness drifting a level a frame: the drift is not motion.
        float[] still = describe(clip(T, H, W, f -> new double[] {40, 30}, 3, 0));
        assertArrayEquals(new float[MotionTrajectory.DIM], still);
        // Moving over the first 8 frames, then padded with the last frame as a short take is: the same shape.
        float[] padded = clip(T, H, W, f -> new double[] {10 + Math.min(f, 7) / 7.0 * (W - 20), H / 2.0}, 3);
        for (int ch = 0; ch < 3; ch++) {
            for (int f = 8; f < T; f++) System.arraycopy(padded, (ch * T + 7) * H * W, padded, (ch * T + f) * H * W, H * W);
        }
        padded = describe(padded);
        float[] full = describe(movingSquare(T, H, W, false, 3));
        for (int i = 0; i < 2 * P; i++) assertEquals(full[i], padded[i], 0.1, "point coordinate " + i);
    }

    /**
     * A textured room (every pixel at a random grey level) seen by a camera that pans {@code pan} pixels a
     * frame, with the square going once around a circle in front of it.
     */
    static float[] circleBeforeARoom(int pan, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int bw = W + T * Math.abs(pan), bh = H;
        double[] block = new double[bw * bh];
        for (int i = 0; i < block.length; i++) block[i] = 40 + 160 * rnd.nextDouble();
        float[] clip = new float[3 * T * H * W];
        int plane = H * W;
        for (int f = 0; f < T; f++) {
            double a = 2 * Math.PI * f / (T - 1);
            double cx = W / 2.0 + 20 * Math.cos(a), cy = H / 2.0 + 20 * Math.sin(a);
            int off = f * pan + (pan < 0 ? T * -pan : 0);
            for (int y = 0; y < H; y++) {
                for (int x = 0; x < W; x++) {
                    boolean in = Math.abs(x - cx) < 5 && Math.abs(y - cy) < 5;
                    double grey = in ? 240 : block[y * bw + x + off] + 2 * rnd.nextGaussian();
                    for (int ch = 0; ch < 3; ch++) clip[(ch * T + f) * plane + y * W + x] = (float) ((grey / 255 - MEAN[ch]) / STD[ch]);
                }
            }
        }
        return clip;
    }

    @Test
    void aPanningCameraIsTakenOutOfThePath() {
        float[] still = describe(circleBeforeARoom(0, 21));
        for (int pan : new int[] {2, -3}) {
            float[] panning = describe(circleBeforeARoom(pan, 21));
            // Unaligned, every edge of the room would move and pull the centroid to the middle of the frame.
            for (int i = 0; i < 2 * P; i++) assertEquals(still[i], panning[i], 0.02, "pan " + pan + ", point coordinate " + i);
        }
    }

    @Test
    void aSlowHandBeforeAPlainWallIsNotTakenForTheCamera() {
        // 2 pixels a frame, within the camera shifts looked for: the wall decides, and it did not move.
        float[] d = describe(clip(T, H, W, f -> new double[] {30 + 2.0 * f, H / 2.0}, 22));
        double half = 2.0 * (T - 2) / 2 / H;
        assertEquals(-half, d[0], 0.02);
        assertEquals(half, d[2 * (P - 1)], 0.02);
        for (int p = 0; p + 1 < P; p++) assertTrue(d[2 * P + 2 * p] > 0, "step " + p + " goes right");
    }

    /** Frames {@code start .. start + t} of {@code clip} ({@code [3, length, H, W]}), as a window of a stream. */
    static float[] window(float[] clip, int length, int start, int t) {
        int plane = H * W;
        float[] out = new float[3 * t * plane];
        for (int ch = 0; ch < 3; ch++) System.arraycopy(clip, (ch * length + start) * plane, out, ch * t * plane, t * plane);
        return out;
    }

    /** A circle drawn over 40 frames: longer than a clip of 16, within the path's 48. */
    static final int LONG = 40;

    @Test
    void windowsOfAStreamInOrderGiveThePathOfTheWholeGesture() {
        float[] gesture = movingSquare(LONG, H, W, true, 11);
        float[] whole = new float[MotionTrajectory.DIM];
        new MotionTrajectory(LONG, H, W, MEAN, STD).compute(gesture, whole);
        for (int stride : new int[] {1, 3, 7}) { // 3 and 7: windows the inference skipped
            MotionTrajectory mt = new MotionTrajectory(T, H, W, MEAN, STD);
            float[] out = new float[MotionTrajectory.DIM];
            int start = 0;
            for (; start + T <= LONG; start += stride) {
                mt.update(window(gesture, LONG, start, T));
            }
            if (start - stride + T != LONG) mt.update(window(gesture, LONG, LONG - T, T)); // end on the last frame
            mt.describe(out);
            assertArrayEquals(whole, out, "stride " + stride);
        }
        // The last window alone sees only the end of the circle: the history is what adds the shape.
        float[] last = describe(window(gesture, LONG, LONG - T, T));
        double d = 0;
        for (int i = 0; i < 2 * P; i++) d += Math.abs(last[i] - whole[i]);
        assertTrue(d / (2 * P) > 0.2, "the last window alone should differ from the whole path, mean |d| = " + d / (2 * P));
    }

    @Test
    void aClipWithNoFrameInCommonOrAResetStartsANewPath() {
        float[] first = movingSquare(LONG, H, W, true, 12);
        float[] other = movingSquare(T, H, W, false, 13);
        MotionTrajectory mt = new MotionTrajectory(T, H, W, MEAN, STD);
        float[] out = new float[MotionTrajectory.DIM];
        for (int start = 0; start + T <= LONG; start++) mt.update(window(first, LONG, start, T));
        mt.update(other); // another source, not announced
        mt.describe(out);
        assertArrayEquals(describe(other), out);
        for (int start = 0; start + T <= LONG; start++) mt.update(window(first, LONG, start, T));
        mt.reset();
        float[] tail = window(first, LONG, LONG - T, T);
        mt.update(tail);
        mt.describe(out);
        assertArrayEquals(describe(tail), out);
        // The same window again adds nothing: a profile's run and copyMotion may both see it.
        mt.update(tail);
        mt.describe(out);
        assertArrayEquals(describe(tail), out);
    }

    @Test
    void thePathForgetsFramesOlderThanItsHistory() {
        int length = MotionTrajectory.HISTORY_CLIPS * T + 30;
        // Left to right for 30 frames, then a circle: only the circle's frames (and the stroke's last) remain.
        float[] stream = clip(length, H, W, f -> f < 30 ? new double[] {10 + f * 2.0, 12}
                : new double[] {W / 2.0 + 20 * Math.cos(2 * Math.PI * (f - 30) / (length - 31.0)),
                        H / 2.0 + 20 * Math.sin(2 * Math.PI * (f - 30) / (length - 31.0))}, 14);
        MotionTrajectory mt = new MotionTrajectory(T, H, W, MEAN, STD);
        for (int start = 0; start + T <= length; start++) mt.update(window(stream, length, start, T));
        float[] out = new float[MotionTrajectory.DIM];
        mt.describe(out);
        int keep = MotionTrajectory.HISTORY_CLIPS * T;
        float[] recent = new float[MotionTrajectory.DIM];
        new MotionTrajectory(keep, H, W, MEAN, STD).compute(window(stream, length, length - keep, keep), recent);
        assertArrayEquals(recent, out);
    }

    @Test
    void theDescriptorAndTheHeadThatReadsItAllocateNothingPerWindow() {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        MotionTrajectory mt = new MotionTrajectory(T, H, W, MEAN, STD);
        float[] clip = movingSquare(T, H, W, true, 4);
        float[] gesture = movingSquare(T + 1, H, W, true, 5);
        float[] a = window(gesture, T + 1, 0, T), b = window(gesture, T + 1, 1, T);
        float[] out = new float[MotionTrajectory.DIM];
        ProfileHead head = new ProfileHead(ProfileMotionTest.fitted(), "No gesture");
        float[] logits = {0.5f, 0.1f, -0.2f, 0.3f}, embedding = {1, 0.5f, -0.5f}, probs = new float[head.outputs()];
        assertTrue(head.usesMotion());
        for (int i = 0; i < 300; i++) { // warm up (JIT)
            mt.compute(clip, out);
            head.apply(logits, embedding, out, probs);
            mt.update(a); // the stream's path: b follows a, a starts a new path
            mt.update(b);
            mt.describe(out);
        }
        long before = mx.getThreadAllocatedBytes(self);
        for (int i = 0; i < 1000; i++) {
            mt.update(a);
            mt.update(b);
            mt.describe(out);
            mt.compute(clip, out);
            head.apply(logits, embedding, out, probs);
        }
        long allocated = mx.getThreadAllocatedBytes(self) - before;
        // 1000 windows: one small object per window would exceed this.
        assertTrue(allocated < 16_000, "allocated " + allocated + " bytes over 1000 windows");
    }
}
