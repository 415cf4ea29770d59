package io.jesture.internal.pipeline;

import io.jesture.ModelInfo;
import io.jesture.internal.hands.HandTracker;
import io.jesture.internal.hands.PalmDetector;

import java.util.Arrays;

/**
 * The gate's hand test ({@code min-hand}, docs/quiet.md) on the clip that would fire: MediaPipe's palm
 * detector on its frames as the model sees them (the model's own {@code H x W} crop, turned back into
 * bytes), newest frame first, stopping at the first palm that reaches the threshold.
 *
 * <p>Why the model's frames and not the camera's: the test runs only when a gesture is about to fire,
 * on the inference thread, long after the source frames were recycled; the clip is all that is left.
 * At 88 x 64 the detector still finds the real and rendered hands (docs/quiet.md). Each model frame is
 * scored at most once, keyed by its source frame number, since neighbouring clips share all but one
 * frame: a gesture held back for many inferences costs one detector run per inference.
 *
 * <p>When the pipeline tracks hands (a hands model is in the ensemble), each frame's palm score at the
 * camera's own size is already in the clip ({@link Clip#hands}); the test then reads those and runs
 * nothing. On the rendered streams those full-size scores miss rendered hands more often than the
 * 88 x 64 detector does (docs/quiet.md).
 *
 * <p>Single-threaded (the inference thread). Allocates nothing per call. Owns an ORT session unless
 * it reads tracked scores: close it.
 */
final class ClipHandCheck implements GestureSmoother.HandEvidence, AutoCloseable {
    private final PalmDetector detector;
    private final int clipLength;
    private final int width;
    private final int height;
    private final int plane;
    private final float[] mean;
    private final float[] std;
    /** For output byte b of a pixel (B, G, R), the clip's channel that holds it. */
    private final int[] channelOf;
    private final byte[] bgr;
    private final long[] cachedFrame;
    private final float[] cachedScore;
    private int next;
    private long detections;
    private Clip clip;

    /** @param tracked whether the clips carry the tracker's observations, whose palm scores are then read */
    ClipHandCheck(ModelInfo model, boolean tracked) {
        this.clipLength = model.clipLength();
        this.width = model.frameWidth();
        this.height = model.frameHeight();
        this.plane = width * height;
        this.mean = model.mean();
        this.std = model.std();
        this.channelOf = model.colorOrder().equals("RGB") ? new int[] {2, 1, 0} : new int[] {0, 1, 2};
        this.bgr = new byte[plane * 3];
        this.cachedFrame = new long[2 * clipLength];
        this.cachedScore = new float[2 * clipLength];
        Arrays.fill(cachedFrame, -1);
        // One ORT thread: it runs beside the model on the inference thread, and only before an event.
        this.detector = tracked ? null : new PalmDetector(1);
    }

    /** The clip the next {@link #bestPalm} reads. */
    void clip(Clip c) {
        this.clip = c;
    }

    @Override
    public double bestPalm(double atLeast) {
        double best = 0;
        for (int t = clipLength - 1; t >= 0; t--) {
            double s = score(t);
            if (s > best) best = s;
            if (best >= atLeast) break;
        }
        return best;
    }

    private double score(int t) {
        if (detector == null) return HandTracker.palmScore(clip.hands, t);
        long frame = clip.frameIndex[t];
        for (int i = 0; i < cachedFrame.length; i++) if (cachedFrame[i] == frame) return cachedScore[i];
        toBytes(t);
        float s = (float) detector.detect(bgr, width, height);
        detections++;
        cachedFrame[next] = frame;
        cachedScore[next] = s;
        next = (next + 1) % cachedFrame.length;
        return s;
    }

    /** Model frame {@code t} of the clip as BGR bytes: the model's normalisation undone. */
    private void toBytes(int t) {
        float[] data = clip.data;
        for (int b = 0; b < 3; b++) {
            int c = channelOf[b];
            int base = (c * clipLength + t) * plane;
            float m = mean[c], sd = std[c];
            for (int p = 0, o = b; p < plane; p++, o += 3) {
                int v = Math.round((data[base + p] * sd + m) * 255f);
                bgr[o] = (byte) Math.max(0, Math.min(255, v));
            }
        }
    }

    /** Detector runs so far (a frame found in the cache costs none). */
    long detections() {
        return detections;
    }

    @Override
    public void close() {
        if (detector != null) detector.close();
    }
}
