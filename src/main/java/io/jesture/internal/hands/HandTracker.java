package io.jesture.internal.hands;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.Map;


/**
 * One hand per frame, as MediaPipe Hands finds it: the palm detector (BlazePalm, lite) on the frame
 * letterboxed to 192 x 192, the best-scoring palm, MediaPipe's hand rectangle around it (turned so
 * that the wrist lies below the fingers, moved toward them, enlarged 2.6 times), that rectangle cut
 * out as a 224 x 224 image, and the hand landmark model (lite) on it: 21 landmarks in frame pixels, a
 * hand-present probability and handedness (docs/hands.md). Both networks are MediaPipe's, converted
 * to ONNX by {@code jesture_train.tflite} and carried in the jar.
 *
 * <p>Every frame is detected afresh, as the landmark networks were trained (bench/hand-landmarks,
 * {@code hands.Tracker.frames}); the arithmetic follows that file line for line, so that the features
 * a landmark network reads here are the ones it was trained on, down to Pillow's resampling
 * ({@link PillowImage}).
 *
 * <p>Not thread-safe (the clip thread owns one). Buffers are allocated once per frame size; a frame
 * allocates nothing but ONNX Runtime's own result wrappers. Owns two ORT sessions: close it.
 */
public final class HandTracker implements AutoCloseable {
    /**
     * Floats per observed frame: {@code [0]} 1 when a palm passed {@link #MIN_PALM} and the landmarks
     * were read, else 0; {@code [1]} the palm score; {@code [2]} the hand-present probability;
     * {@code [3]} handedness; {@code [4]} the frame's height in pixels; {@code [5, 68)} the 21 landmarks
     * as (x, y, depth) in frame pixels (0 when not read).
     */
    public static final int OBS = 68;
    static final int PRESENT = 0, PALM_SCORE = 1, FLAG = 2, HANDED = 3, HEIGHT = 4, POINTS = 5;
    static final int CROP_SIZE = 224;
    /** MediaPipe's default minimum detection confidence. */
    public static final float MIN_PALM = 0.5f;
    /** And its minimum hand-presence confidence. */
    public static final float MIN_HAND = 0.5f;
    private static final double ROI_SCALE = 2.6, ROI_SHIFT = -0.5;
    private static final String LANDMARK_MODEL = "hand_landmark_lite.onnx";

    private final PalmDetector palm;
    private final OrtSession landmark;
    private final FloatBuffer cropIn = PalmDetector.direct(3 * CROP_SIZE * CROP_SIZE);
    private final FloatBuffer points = PalmDetector.direct(63);
    private final FloatBuffer flag = PalmDetector.direct(1);
    private final FloatBuffer handed = PalmDetector.direct(1);
    private final OnnxTensor[] tensors;
    private final Map<String, OnnxTensor> cropInputs;
    private final Map<String, OnnxTensor> cropOutputs;
    private final byte[] cropBytes = new byte[CROP_SIZE * CROP_SIZE * 3];
    /** The affine map from crop pixels to frame pixels of the last crop: a, b, tx, d, e, ty. */
    private final double[] map = new double[6];
    private int width;
    private int height;
    private boolean closed;

    /** Opens both networks on the CPU with {@code threads} intra-op threads each (1 keeps the camera's budget). */
    public HandTracker(int threads) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        PalmDetector p = new PalmDetector(threads);
        OrtSession l = null;
        OnnxTensor[] made = new OnnxTensor[4];
        try {
            l = PalmDetector.open(env, LANDMARK_MODEL, threads);
            made[0] = OnnxTensor.createTensor(env, cropIn, new long[] {1, 3, CROP_SIZE, CROP_SIZE});
            made[1] = OnnxTensor.createTensor(env, points, new long[] {1, 63});
            made[2] = OnnxTensor.createTensor(env, flag, new long[] {1, 1});
            made[3] = OnnxTensor.createTensor(env, handed, new long[] {1, 1});
        } catch (OrtException | RuntimeException e) {
            for (OnnxTensor t : made) if (t != null) t.close();
            if (l != null) PalmDetector.closeQuietly(l);
            p.close();
            throw new IllegalStateException("cannot open the hand tracker's networks: " + e.getMessage(), e);
        }
        this.palm = p;
        this.landmark = l;
        this.tensors = made;
        this.cropInputs = Map.of(landmark.getInputNames().iterator().next(), made[0]);
        this.cropOutputs = Map.of("Identity", made[1], "Identity_1", made[2], "Identity_2", made[3]);
    }

    /** The palm score of frame {@code frame} of observations laid out as {@link #observe} writes them, {@link #OBS} per frame. */
    public static float palmScore(float[] observations, int frame) {
        return observations[frame * OBS + PALM_SCORE];
    }

    /**
     * Whether frame {@code frame} of observations laid out as {@link #observe} writes them holds a hand:
     * a palm was found and the landmark model is sure enough that a hand is there ({@link #MIN_HAND}).
     */
    public static boolean found(float[] observations, int frame) {
        int o = frame * OBS;
        return observations[o + PRESENT] > 0 && observations[o + FLAG] >= MIN_HAND;
    }

    /**
     * The x, y of frame {@code frame}'s 21 landmarks in frame pixels into {@code out[0 .. 42)}, when it
     * holds a hand ({@link #found}); returns whether it did (out is untouched otherwise).
     */
    public static boolean landmarksXY(float[] observations, int frame, float[] out) {
        if (!found(observations, frame)) return false;
        int o = frame * OBS + POINTS;
        for (int j = 0; j < 21; j++) {
            out[2 * j] = observations[o + 3 * j];
            out[2 * j + 1] = observations[o + 3 * j + 1];
        }
        return true;
    }

    /**
     * Finds the hand in one BGR frame and writes {@link #OBS} floats into {@code out} from {@code at}.
     */
    public void observe(byte[] bgr, int frameWidth, int frameHeight, float[] out, int at) {
        if (closed) throw new IllegalStateException("hand tracker is closed");
        width = frameWidth;
        height = frameHeight;
        Arrays.fill(out, at, at + OBS, 0f);
        out[at + HEIGHT] = frameHeight;
        double score = palm.detect(bgr, frameWidth, frameHeight);
        out[at + PALM_SCORE] = (float) score;
        if (score < MIN_PALM) return;
        handRect(palm.found());
        cropHand(bgr);
        try (OrtSession.Result ignored = landmark.run(cropInputs, cropOutputs)) {
            // the outputs are the pinned buffers
        } catch (OrtException e) {
            throw new IllegalStateException("hand tracker: ONNX Runtime failed: " + e.getMessage(), e);
        }
        double a = map[0], b = map[1], tx = map[2], d = map[3], e = map[4], ty = map[5];
        double depth = Math.hypot(a, d);
        for (int j = 0; j < 21; j++) {
            double u = points.get(3 * j), v = points.get(3 * j + 1), z = points.get(3 * j + 2);
            out[at + POINTS + 3 * j] = (float) (a * u + b * v + tx);
            out[at + POINTS + 3 * j + 1] = (float) (d * u + e * v + ty);
            out[at + POINTS + 3 * j + 2] = (float) (z * depth);
        }
        out[at + PRESENT] = 1f;
        out[at + FLAG] = flag.get(0);
        out[at + HANDED] = handed.get(0);
    }

    /**
     * MediaPipe's hand rectangle from the palm, as the affine map from crop pixels to frame pixels:
     * turned so that the wrist (palm keypoint 0) lies below the middle finger's knuckle (keypoint 2),
     * moved half a palm toward the fingers, its side 2.6 times the palm's.
     */
    private void handRect(double[] palmFound) {
        double x0 = palmFound[4], y0 = palmFound[5], x1 = palmFound[8], y1 = palmFound[9];
        double rot = wrap(Math.PI / 2 - Math.atan2(-(y1 - y0), x1 - x0));
        double w = palmFound[2], h = palmFound[3];
        double cx = palmFound[0] - h * ROI_SHIFT * Math.sin(rot);
        double cy = palmFound[1] + h * ROI_SHIFT * Math.cos(rot);
        double side = Math.max(w, h) * ROI_SCALE;
        double sc = side / CROP_SIZE, c = Math.cos(rot) * sc, s = Math.sin(rot) * sc, half = CROP_SIZE / 2.0;
        map[0] = c;
        map[1] = -s;
        map[2] = cx - half * c + half * s;
        map[3] = s;
        map[4] = c;
        map[5] = cy - half * s - half * c;
    }

    /** {@code (rot + pi) mod 2pi - pi}, with Python's sign rule for the modulo. */
    static double wrap(double rot) {
        double twoPi = 2 * Math.PI;
        double m = (rot + Math.PI) % twoPi;
        if (m < 0) m += twoPi;
        return m - Math.PI;
    }

    private void cropHand(byte[] bgr) {
        PillowImage.affine(bgr, width, height, map, cropBytes, CROP_SIZE);
        PalmDetector.toChw(cropBytes, CROP_SIZE, cropIn);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (OnnxTensor t : tensors) t.close();
        PalmDetector.closeQuietly(landmark);
        palm.close();
    }
}
