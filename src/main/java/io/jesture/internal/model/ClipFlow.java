package io.jesture.internal.model;

import io.jesture.ModelInfo;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_video.DISOpticalFlow;

import java.nio.FloatBuffer;
import java.util.Arrays;

import static org.bytedeco.opencv.global.opencv_core.CV_32FC2;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;

/**
 * Turns a normalised clip {@code [3, T, H, W]} into a flow network's input {@code [2, T, H, W]}: DIS
 * optical flow ("Fast Optical Flow using Dense Inverse Search", Kroeger et al. 2016; OpenCV's medium
 * preset) between consecutive frames, as {@code jesture_train.flow.clip_flow} computes it in training
 * ({@link ModelContract.FlowSpec}).
 *
 * <p>Sliding windows share all but a stride of their frames, so each frame's grey image and each
 * pair's flow are kept from the last clip: a pair whose two grey images are byte-for-byte those of a
 * pair in the last clip takes that pair's flow instead of a new DIS run. The flow is a function of the
 * two images, so the result is the same; a 16-frame clip at stride 1 runs DIS once, not 15 times. Not
 * thread-safe; allocates nothing per clip.
 */
final class ClipFlow implements AutoCloseable {
    private final int frames;
    private final int height;
    private final int width;
    private final int plane;
    private final float[] weight = new float[3];
    private final float[] mean;
    private final float[] std;
    private final float scale;
    private final float clip;
    private final DISOpticalFlow dis;
    private final Mat first;
    private final Mat second;
    private final Mat flow;
    private final BytePointer firstData;
    private final BytePointer secondData;
    private final FloatPointer flowData;
    /** Grey frames and per-pair flow ({@code [H * W * 2]}, interleaved) of this clip and of the last. */
    private byte[][] grey;
    private byte[][] lastGrey;
    private float[][] pairs;
    private float[][] lastPairs;
    private boolean haveLast;
    private long disRuns;
    private long pairsReused;

    ClipFlow(ModelInfo info, ModelContract.FlowSpec spec) {
        this.frames = info.clipLength();
        this.height = info.frameHeight();
        this.width = info.frameWidth();
        this.plane = height * width;
        System.arraycopy(spec.grey(), 0, weight, 0, 3);
        this.mean = info.mean().clone();
        this.std = info.std().clone();
        this.scale = spec.scale();
        this.clip = spec.clip();
        this.grey = new byte[frames][plane];
        this.lastGrey = new byte[frames][plane];
        this.pairs = new float[frames][2 * plane];
        this.lastPairs = new float[frames][2 * plane];
        this.dis = DISOpticalFlow.create(DISOpticalFlow.PRESET_MEDIUM);
        this.first = new Mat(height, width, CV_8UC1);
        this.second = new Mat(height, width, CV_8UC1);
        this.flow = new Mat(height, width, CV_32FC2);
        this.firstData = first.data();
        this.secondData = second.data();
        this.flowData = new FloatPointer(flow.data());
    }

    /** Writes the flow input of {@code clip} ({@code [3, T, H, W]}, normalised) into {@code out} from its position 0. */
    void compute(float[] clip, FloatBuffer out) {
        for (int t = 0; t < frames; t++) toGrey(clip, t, grey[t]);
        int hint = 0;
        for (int t = 1; t < frames; t++) {
            int j = haveLast ? findPair(t, hint) : -1;
            if (j > 0) {
                System.arraycopy(lastPairs[j], 0, pairs[t], 0, 2 * plane);
                pairsReused++;
                hint = j - t;
            } else {
                firstData.put(grey[t - 1], 0, plane);
                secondData.put(grey[t], 0, plane);
                // JavaCV's OpenCV DIS starts from the flow already in its output array: the same pair
                // gave another flow after a different pair had run. Training passes a fresh array, so
                // this one is zeroed first; without it the reuse below would not be exact either.
                Pointer.memset(flowData.position(0), 0, 2L * plane * Float.BYTES);
                dis.calc(first, second, flow);
                flowData.position(0).get(pairs[t], 0, 2 * plane);
                disRuns++;
            }
        }
        for (int i = 0; i < plane; i++) {
            out.put(i, 0f);
            out.put(frames * plane + i, 0f);
        }
        for (int t = 1; t < frames; t++) {
            float[] p = pairs[t];
            int dx = t * plane, dy = (frames + t) * plane;
            for (int i = 0; i < plane; i++) {
                out.put(dx + i, limit(p[2 * i] / scale));
                out.put(dy + i, limit(p[2 * i + 1] / scale));
            }
        }
        byte[][] g = lastGrey;
        lastGrey = grey;
        grey = g;
        float[][] f = lastPairs;
        lastPairs = pairs;
        pairs = f;
        haveLast = true;
    }

    /** The pair of the last clip (its index, {@literal >= 1}) with this clip's pair {@code t}'s two images, or -1. */
    private int findPair(int t, int hint) {
        // The last clip's pairs sit at t + shift, the same shift for every pair of a sliding window:
        // try the one that matched last, then every other.
        int j = t + hint;
        if (j >= 1 && j < frames && samePair(t, j)) return j;
        for (j = 1; j < frames; j++) {
            if (j != t + hint && samePair(t, j)) return j;
        }
        return -1;
    }

    private boolean samePair(int t, int j) {
        return Arrays.equals(grey[t], lastGrey[j]) && Arrays.equals(grey[t - 1], lastGrey[j - 1]);
    }

    private float limit(float v) {
        return v > clip ? clip : (v < -clip ? -clip : v);
    }

    /** Frame {@code t} as training's grey image: de-normalised, clamped to [0, 1], weighted, truncated to a byte. */
    private void toGrey(float[] clip, int t, byte[] out) {
        int r = t * plane, g = (frames + t) * plane, b = (2 * frames + t) * plane;
        for (int i = 0; i < plane; i++) {
            float c0 = unit(clip[r + i] * std[0] + mean[0]);
            float c1 = unit(clip[g + i] * std[1] + mean[1]);
            float c2 = unit(clip[b + i] * std[2] + mean[2]);
            float v = (c0 * weight[0] + c1 * weight[1] + c2 * weight[2]) * 255f + 0.5f;
            out[i] = (byte) Math.min(255, (int) v);
        }
    }

    private static float unit(float v) {
        return v < 0f ? 0f : (v > 1f ? 1f : v);
    }

    /** DIS runs so far, and pairs taken from the last clip instead. */
    long disRuns() {
        return disRuns;
    }

    long pairsReused() {
        return pairsReused;
    }

    @Override
    public void close() {
        flowData.close();
        flow.close();
        second.close();
        first.close();
        dis.close();
    }
}
