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
 * MediaPipe's palm detector (BlazePalm, lite) on one frame: the frame letterboxed to 192 x 192 with
 * Pillow's bilinear filter ({@link PillowImage}), the network, and the best-scoring palm of its 2016
 * anchors, in frame pixels. {@link HandTracker} places its hand crop around that palm; the gate's
 * hand test ({@code min-hand}, docs/quiet.md) reads only its score.
 *
 * <p>Not thread-safe. Buffers are allocated once per frame size; a frame allocates nothing but ONNX
 * Runtime's own result wrapper. Owns an ORT session: close it.
 */
public final class PalmDetector implements AutoCloseable {
    static final int SIZE = 192;
    private static final int ANCHOR_COUNT = 2016;
    private static final float[] ANCHORS = anchors();
    private static final String MODEL = "palm_detection_lite.onnx";

    private final OrtSession session;
    private final FloatBuffer in = direct(3 * SIZE * SIZE);
    private final FloatBuffer boxes = direct(ANCHOR_COUNT * 18);
    private final FloatBuffer logits = direct(ANCHOR_COUNT);
    private final OnnxTensor[] tensors;
    private final Map<String, OnnxTensor> inputs;
    private final Map<String, OnnxTensor> outputs;
    private final byte[] letterbox = new byte[SIZE * SIZE * 3];
    /** The last palm, in frame pixels: cx, cy, w, h, then its 7 keypoints (x, y). */
    private final double[] found = new double[4 + 14];
    private PillowImage.Resize resize;
    private int width;
    private int height;
    private double scale;
    private int offsetX;
    private int offsetY;
    private boolean closed;

    /** Opens the network on the CPU with {@code threads} intra-op threads (0: ONNX Runtime's choice). */
    public PalmDetector(int threads) {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession s = null;
        OnnxTensor[] made = new OnnxTensor[3];
        try {
            s = open(env, MODEL, threads);
            made[0] = OnnxTensor.createTensor(env, in, new long[] {1, 3, SIZE, SIZE});
            made[1] = OnnxTensor.createTensor(env, boxes, new long[] {1, ANCHOR_COUNT, 18});
            made[2] = OnnxTensor.createTensor(env, logits, new long[] {1, ANCHOR_COUNT, 1});
        } catch (OrtException e) {
            for (OnnxTensor t : made) if (t != null) t.close();
            if (s != null) closeQuietly(s);
            throw new IllegalStateException("cannot open the palm detector: " + e.getMessage(), e);
        }
        this.session = s;
        this.tensors = made;
        this.inputs = Map.of(session.getInputNames().iterator().next(), made[0]);
        this.outputs = Map.of("Identity", made[1], "Identity_1", made[2]);
    }

    /** Opens one of the hand networks carried in the jar. */
    static OrtSession open(OrtEnvironment env, String name, int threads) throws OrtException {
        byte[] bytes;
        try (InputStream stream = PalmDetector.class.getResourceAsStream(name)) {
            if (stream == null) throw new IllegalStateException("the jar lacks " + name + ": rebuild jesture");
            bytes = stream.readAllBytes();
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
     * Detects the best palm in one BGR frame ({@code frameWidth * frameHeight * 3} bytes) and returns its
     * score in [0, 1]; {@link #found} then holds where it is.
     */
    public double detect(byte[] bgr, int frameWidth, int frameHeight) {
        if (closed) throw new IllegalStateException("palm detector is closed");
        if (frameWidth != width || frameHeight != height) resizeFor(frameWidth, frameHeight);
        resize.apply(bgr, letterbox, (offsetY * SIZE + offsetX) * 3, SIZE * 3);
        toChw(letterbox, SIZE, in);
        try (OrtSession.Result ignored = session.run(inputs, outputs)) {
            // the outputs are the pinned buffers
        } catch (OrtException e) {
            throw new IllegalStateException("palm detector: ONNX Runtime failed: " + e.getMessage(), e);
        }
        return bestPalm();
    }

    /** The last detected palm, in frame pixels: cx, cy, w, h, then 7 keypoints (x, y). Owned by this object. */
    double[] found() {
        return found;
    }

    private void resizeFor(int w, int h) {
        width = w;
        height = h;
        scale = (double) SIZE / Math.max(w, h);
        int rw = (int) Math.round(w * scale), rh = (int) Math.round(h * scale);
        offsetX = (SIZE - rw) / 2;
        offsetY = (SIZE - rh) / 2;
        resize = new PillowImage.Resize(w, h, rw, rh);
        Arrays.fill(letterbox, (byte) 0);
    }

    private double bestPalm() {
        int best = 0;
        float top = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < ANCHOR_COUNT; i++) {
            float v = logits.get(i);
            if (v > top) {
                top = v;
                best = i;
            }
        }
        int o = best * 18;
        double ax = ANCHORS[2 * best] * SIZE, ay = ANCHORS[2 * best + 1] * SIZE;
        found[0] = (boxes.get(o) + ax - offsetX) / scale;
        found[1] = (boxes.get(o + 1) + ay - offsetY) / scale;
        found[2] = boxes.get(o + 2) / scale;
        found[3] = boxes.get(o + 3) / scale;
        for (int j = 0; j < 7; j++) {
            found[4 + 2 * j] = (boxes.get(o + 4 + 2 * j) + ax - offsetX) / scale;
            found[5 + 2 * j] = (boxes.get(o + 5 + 2 * j) + ay - offsetY) / scale;
        }
        double l = Math.max(-50, Math.min(50, top));
        return 1 / (1 + Math.exp(-l));
    }

    /** {@code [3, n, n]} RGB in [0, 1] from BGR bytes. */
    static void toChw(byte[] bgr, int n, FloatBuffer into) {
        int plane = n * n;
        for (int i = 0, j = 0; i < plane; i++, j += 3) {
            into.put(i, (bgr[j + 2] & 0xff) / 255f);
            into.put(plane + i, (bgr[j + 1] & 0xff) / 255f);
            into.put(2 * plane + i, (bgr[j] & 0xff) / 255f);
        }
    }

    /** BlazePalm's 2016 anchor centres, (x, y) in [0, 1]: a 24 x 24 grid with 2 per cell, then a 12 x 12 grid with 6. */
    private static float[] anchors() {
        float[] out = new float[ANCHOR_COUNT * 2];
        int k = 0;
        for (int[] level : new int[][] {{8, 2}, {16, 6}}) {
            int n = SIZE / level[0];
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

    static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    static void closeQuietly(OrtSession s) {
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
        for (OnnxTensor t : tensors) t.close();
        closeQuietly(session);
    }
}
