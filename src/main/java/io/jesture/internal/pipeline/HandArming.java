package io.jesture.internal.pipeline;

import io.jesture.ModelInfo;

import java.util.List;

/**
 * When the hand tracker runs, in an ensemble of a pixel model and a hands model with on-demand
 * tracking: only after the pixel model gave the gestures (every class but the background ones) at
 * least {@link #threshold} of its probability, and for one window span after that.
 *
 * <p>Why: the tracker's palm detector costs about 11 ms per model frame on one core, seven times the
 * rest of the pipeline's work on a 720p camera, and most of a camera's time shows no gesture. The
 * hands model only ever changes an answer on the windows where it votes; where the pixel model is
 * sure nothing happens, its vote would mostly confirm that. So the clip thread keeps each model frame's
 * pixels, and when a window arrives while armed it tracks every frame of that window it has not
 * tracked yet (the frames before the arming included), so the hands model sees the whole window, as
 * it would with tracking on every frame. A window that arrives unarmed carries no hand observations:
 * the hands model abstains and the pixel model's answer stands, gate and all.
 *
 * <p>The decision for a window uses the pixel model's outputs for earlier windows only (its answer
 * for the window itself comes after the clip was assembled), so arming is keyed by stream time: a
 * window is armed when its newest frame lies after the newest frame of the last suspect window and
 * within one window span of it. Written by the inference thread, read by the clip thread.
 */
public final class HandArming {
    /** The share of probability on the gestures that arms the tracker (docs/hands.md, *Tracking on demand*). */
    public static final float THRESHOLD = 0.1f;

    private final boolean[] background;
    private final float threshold;
    private final long holdNanos;
    private final float[] exp;
    /** Stream time of the newest frame of the last window the pixel model found suspect. */
    private volatile long suspectNanos = Long.MIN_VALUE;
    /** Guards {@link #reports} and {@link #released}, and is waited on by {@link #awaitReports}. */
    private final Object lock = new Object();
    /** Windows the pixel model reported on (or failed on). */
    private long reports;
    private boolean released;
    /** Windows found suspect; written by the reporting thread only. */
    private volatile long suspects;

    /** @param pixel the pixel model (its labels, background labels, clip length and fps) */
    public HandArming(ModelInfo pixel, float threshold) {
        if (!(threshold >= 0 && threshold <= 1)) throw new IllegalArgumentException("threshold must be in [0, 1], was " + threshold);
        List<String> labels = pixel.labels();
        this.background = new boolean[labels.size()];
        for (int i = 0; i < labels.size(); i++) background[i] = pixel.backgroundLabels().contains(labels.get(i));
        this.threshold = threshold;
        this.holdNanos = Math.round(pixel.clipLength() / pixel.fps() * 1e9);
        this.exp = new float[labels.size()];
    }

    /**
     * The pixel model's logits for the window whose newest frame is at {@code endNanos}: arms the
     * tracker for one window span after it if the gestures get at least the threshold. Allocates nothing.
     */
    public void updateLogits(float[] logits, long endNanos) {
        int k = background.length;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) max = Math.max(max, logits[i]);
        double sum = 0;
        for (int i = 0; i < k; i++) {
            exp[i] = (float) Math.exp(logits[i] - max);
            sum += exp[i];
        }
        double gestures = 0;
        for (int i = 0; i < k; i++) if (!background[i]) gestures += exp[i];
        record(gestures / sum, endNanos);
    }

    /** As {@link #updateLogits}, from probabilities in the pixel model's label order. */
    public void updateProbs(float[] probs, long endNanos) {
        double gestures = 0;
        for (int i = 0; i < background.length; i++) if (!background[i]) gestures += probs[i];
        record(gestures, endNanos);
    }

    private void record(double gestures, long endNanos) {
        if (gestures >= threshold) {
            suspects = suspects + 1; // one writer
            suspectNanos = endNanos;
        }
        counted();
    }

    /** The pixel model failed on a window: it arms nothing, but counts as reported. */
    public void failed() {
        counted();
    }

    private void counted() {
        synchronized (lock) {
            reports++;
            lock.notifyAll();
        }
    }

    /**
     * Waits until the pixel model reported on {@code windows} windows, so that an offline run, whose
     * clip thread may run a window ahead of inference, decides every window from the same earlier
     * windows on every run. Returns at once after {@link #release}.
     */
    public void awaitReports(long windows) throws InterruptedException {
        synchronized (lock) {
            while (reports < windows && !released) lock.wait();
        }
    }

    /** Lets every {@link #awaitReports} return: the pipeline is stopping. */
    public void release() {
        synchronized (lock) {
            released = true;
            lock.notifyAll();
        }
    }

    /** Whether a frame (or a window whose newest frame is) at stream time {@code nanos} is to be tracked. */
    public boolean armed(long nanos) {
        long s = suspectNanos;
        return s != Long.MIN_VALUE && nanos > s && nanos - s <= holdNanos;
    }

    /** A new source: nothing before it arms anything after it. */
    public void reset() {
        suspectNanos = Long.MIN_VALUE;
    }

    /** Windows the pixel model reported on so far. */
    public long windows() {
        synchronized (lock) {
            return reports;
        }
    }

    /** Of those, the ones that armed the tracker. */
    public long suspectWindows() {
        return suspects;
    }
}
