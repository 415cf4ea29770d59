package io.jesture.internal.hands;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
    static final int PALM_SIZE = 192, CROP_SIZE = 224;
    /** MediaPipe's default minimum detection confidence. */
    public static final float MIN_PALM = 0.5f;
    /** And its minimum hand-presence confidence. */
    public static final float MIN_HAND = 0.5f;
    private static final double ROI_SCALE = 2.6, ROI_SHIFT = -0.5;
    private static final float[] ANCHORS = anchors();
    private static final String PALM_MODEL = "palm_detection_lite.onnx", LANDMARK_MODEL = "hand_landmark_lite.onnx";

    private final OrtSession palm;
    private final OrtSession landmark;
    private final FloatBuffer palmIn = direct(3 * PALM_SIZE * PALM_SIZE);
    private final FloatBuffer cropIn = direct(3 * CROP_SIZE * CROP_SIZE);
    private final FloatBuffer boxes = direct(2016 * 18);
    private final FloatBuffer logits = direct(2016);
    private final FloatBuffer points = direct(63);
    private final FloatBuffer flag = direct(1);
    private final FloatBuffer handed = direct(1);
    private final OnnxTensor palmTensor;
    private final OnnxTensor cropTensor;
    private final Map<String, OnnxTensor> palmInputs;
    private final Map<String, OnnxTensor> cropInputs;
    private final Map<String, OnnxTensor> palmOutputs;
    private final Map<String, OnnxTensor> cropOutputs;
    private final OnnxTensor[] outputs;
    private final byte[] letterboxBytes = new byte[PALM_SIZE * PALM_SIZE * 3];
    private final byte[] cropBytes = new byte[CROP_SIZE * CROP_SIZE * 3];
    /** The affine map from crop pixels to frame pixels of the last crop: a, b, tx, d, e, ty. */
    private final double[] map = new double[6];
    private final double[] palmFound = new double[4 + 14];
    private PillowImage.Resize resize;
    private int width;
    private int height;
    private double scale;
    private int offsetX;
    private int offsetY;
    private boolean closed;

    /** Opens both networks on the CPU with {@code threads} intra-op threads each (1 keeps the camera's budget). */
    public HandTracker(int threads) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession p = null;
        OrtSession l = null;
        OnnxTensor[] made = new OnnxTensor[7];
        try {
            p = open(env, PALM_MODEL, threads);
            l = open(env, LANDMARK_MODEL, threads);
            made[0] = OnnxTensor.createTensor(env, palmIn, new long[] {1, 3, PALM_SIZE, PALM_SIZE});
            made[1] = OnnxTensor.createTensor(env, cropIn, new long[] {1, 3, CROP_SIZE, CROP_SIZE});
            made[2] = OnnxTensor.createTensor(env, boxes, new long[] {1, 2016, 18});
            made[3] = OnnxTensor.createTensor(env, logits, new long[] {1, 2016, 1});
            made[4] = OnnxTensor.createTensor(env, points, new long[] {1, 63});
            made[5] = OnnxTensor.createTensor(env, flag, new long[] {1, 1});
            made[6] = OnnxTensor.createTensor(env, handed, new long[] {1, 1});
        } catch (OrtException e) {
            for (OnnxTensor t : made) if (t != null) t.close();
            if (p != null) closeQuietly(p);
            if (l != null) closeQuietly(l);
            throw new IllegalStateException("cannot open the hand tracker's networks: " + e.getMessage(), e);
        }
        this.palm = p;
        this.landmark = l;
        this.palmTensor = made[0];
        this.cropTensor = made[1];
        this.outputs = Arrays.copyOfRange(made, 2, 7);
        this.palmInputs = Map.of(palm.getInputNames().iterator().next(), palmTensor);
        this.cropInputs = Map.of(landmark.getInputNames().iterator().next(), cropTensor);
        this.palmOutputs = Map.of("Identity", made[2], "Identity_1", made[3]);
        this.cropOutputs = Map.of("Identity", made[4], "Identity_1", made[5], "Identity_2", made[6]);
    }

    private static OrtSession open(OrtEnvironment env, String name, int threads) throws OrtException {
        byte[] bytes;
        try (InputStream in = HandTracker.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException("the jar lacks " + name + ": rebuild jesture");
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " from the jar", e);
        }
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (threads > 0) options.setIntraOpNumThreads(threads);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            return env.createSession(bytes, options);
        }
    }

    /**
     * Finds the hand in one BGR frame and writes {@link #OBS} floats into {@code out} from {@code at}.
     */
    public void observe(byte[] bgr, int frameWidth, int frameHeight, float[] out, int at) {
        if (closed) throw new IllegalStateException("hand tracker is closed");
        if (frameWidth != width || frameHeight != height) resizeFor(frameWidth, frameHeight);
        Arrays.fill(out, at, at + OBS, 0f);
        out[at + HEIGHT] = frameHeight;
        try {
            resize.apply(bgr, letterboxBytes, (offsetY * PALM_SIZE + offsetX) * 3, PALM_SIZE * 3);
            toChw(letterboxBytes, PALM_SIZE, palmIn);
            try (OrtSession.Result ignored = palm.run(palmInputs, palmOutputs)) {
                // the outputs are the pinned buffers
            }
            double score = bestPalm();
            out[at + PALM_SCORE] = (float) score;
            if (score < MIN_PALM) return;
            handRect();
            cropHand(bgr);
            try (OrtSession.Result ignored = landmark.run(cropInputs, cropOutputs)) {
                // the outputs are the pinned buffers
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
        } catch (OrtException e) {
            throw new IllegalStateException("hand tracker: ONNX Runtime failed: " + e.getMessage(), e);
        }
    }

    private void resizeFor(int w, int h) {
        width = w;
        height = h;
        scale = (double) PALM_SIZE / Math.max(w, h);
        int rw = (int) Math.round(w * scale), rh = (int) Math.round(h * scale);
        offsetX = (PALM_SIZE - rw) / 2;
        offsetY = (PALM_SIZE - rh) / 2;
        resize = new PillowImage.Resize(w, h, rw, rh);
        Arrays.fill(letterboxBytes, (byte) 0);
    }

    /** {@code [3, n, n]} RGB in [0, 1] from BGR bytes. */
    private static void toChw(byte[] bgr, int n, FloatBuffer into) {
        int plane = n * n;
        for (int i = 0, j = 0; i < plane; i++, j += 3) {
            into.put(i, (bgr[j + 2] & 0xff) / 255f);
            into.put(plane + i, (bgr[j + 1] & 0xff) / 255f);
            into.put(2 * plane + i, (bgr[j] & 0xff) / 255f);
        }
    }

    /** The best anchor's palm, in frame pixels, into {@link #palmFound}: cx, cy, w, h, then 7 keypoints (x, y). Returns its score. */
    private double bestPalm() {
        int best = 0;
        float top = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < 2016; i++) {
            float v = logits.get(i);
            if (v > top) {
                top = v;
                best = i;
            }
        }
        int o = best * 18;
        double ax = ANCHORS[2 * best] * PALM_SIZE, ay = ANCHORS[2 * best + 1] * PALM_SIZE;
        palmFound[0] = (boxes.get(o) + ax - offsetX) / scale;
        palmFound[1] = (boxes.get(o + 1) + ay - offsetY) / scale;
        palmFound[2] = boxes.get(o + 2) / scale;
        palmFound[3] = boxes.get(o + 3) / scale;
        for (int j = 0; j < 7; j++) {
            palmFound[4 + 2 * j] = (boxes.get(o + 4 + 2 * j) + ax - offsetX) / scale;
            palmFound[5 + 2 * j] = (boxes.get(o + 5 + 2 * j) + ay - offsetY) / scale;
        }
        double l = Math.max(-50, Math.min(50, top));
        return 1 / (1 + Math.exp(-l));
    }

    /**
     * MediaPipe's hand rectangle from the palm, as the affine map from crop pixels to frame pixels:
     * turned so that the wrist (palm keypoint 0) lies below the middle finger's knuckle (keypoint 2),
     * moved half a palm toward the fingers, its side 2.6 times the palm's.
     */
    private void handRect() {
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
        toChw(cropBytes, CROP_SIZE, cropIn);
    }

    /** BlazePalm's 2016 anchor centres, (x, y) in [0, 1]: a 24 x 24 grid with 2 per cell, then a 12 x 12 grid with 6. */
    private static float[] anchors() {
        float[] out = new float[2016 * 2];
        int k = 0;
        for (int[] level : new int[][] {{8, 2}, {16, 6}}) {
            int n = PALM_SIZE / level[0];
            for (int y = 0; y < n; y++) {
                for (int x = 0; x < n; x++) {
                    for (int r = 0; r < level[1]; r++) {
                        out[k++] = (x + 0.5f) / n;
                        out[k++] = (y + 0.5f) / n;
                    }
                }
            }
        }
        return out;
    }

    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    private static void closeQuietly(OrtSession s) {
        try {
            s.close();
        } catch (OrtException ignored) {
            // already failing; the first error is the one reported
        }
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (OnnxTensor t : outputs) t.close();
        palmTensor.close();
        cropTensor.close();
        closeQuietly(palm);
        closeQuietly(landmark);
    }
}
