package io.jesture.internal.pipeline;

import io.jesture.ModelInfo;

/**
 * When the hand tracker runs, in an ensemble of a pixel model and a hands model with on-demand
 * tracking ({@link HandsOnDemand}): on a window to which the pixel model gives the gestures (every
 * class but the background ones) at least {@link #THRESHOLD} of its probability, and on every window
 * that ends within one window span after such a window.
 *
 * <p>Why the span: a gesture's first and last windows hold only part of it, and the pixel model may
 * doubt them while the hands model, which sees the hand, would not; a window span is longer than a
 * gesture. Single-threaded (the thread that classifies); allocates nothing.
 */
public final class HandArming {
    /** The share of probability on the gestures that arms the tracker (docs/hands.md, *Tracking on demand*). */
    public static final float THRESHOLD = 0.1f;

    private final boolean[] background;
    private final float threshold;
    private final long holdNanos;
    private final float[] exp;
    /** Stream time of the newest frame of the last window the pixel model found gesture-like. */
    private long suspectNanos = Long.MIN_VALUE;
    private long windows;
    private long armedWindows;

    /** @param pixel the pixel model (its labels, background labels, clip length and fps) */
    public HandArming(ModelInfo pixel, float threshold) {
        if (!(threshold >= 0 && threshold <= 1)) throw new IllegalArgumentException("threshold must be in [0, 1], was " + threshold);
        this.background = new boolean[pixel.labels().size()];
        for (int i = 0; i < background.length; i++) background[i] = pixel.backgroundLabels().contains(pixel.labels().get(i));
        this.threshold = threshold;
        this.holdNanos = Math.round(pixel.clipLength() / pixel.fps() * 1e9);
        this.exp = new float[background.length];
    }

    /**
     * The pixel model's probabilities (in its own label order) for the window whose newest frame is at
     * {@code endNanos}; returns whether the hand is to be tracked in that window.
     */
    public boolean armProbs(float[] probs, long endNanos) {
        double gestures = 0;
        for (int i = 0; i < background.length; i++) if (!background[i]) gestures += probs[i];
        return decide(gestures, endNanos);
    }

    /** As {@link #armProbs}, from the pixel model's logits. */
    public boolean armLogits(float[] logits, long endNanos) {
        int k = background.length;
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) max = Math.max(max, logits[i]);
        double sum = 0, gestures = 0;
        for (int i = 0; i < k; i++) {
            exp[i] = (float) Math.exp(logits[i] - max);
            sum += exp[i];
            if (!background[i]) gestures += exp[i];
        }
        return decide(gestures / sum, endNanos);
    }

    private boolean decide(double gestures, long endNanos) {
        windows++;
        if (gestures >= threshold) suspectNanos = endNanos;
        long s = suspectNanos;
        // A stream that jumped back in time (a reopened source) is not armed by its own future.
        boolean armed = s != Long.MIN_VALUE && endNanos >= s && endNanos - s <= holdNanos;
        if (armed) armedWindows++;
        return armed;
    }

    /** A new source: nothing before it arms anything after it. */
    public void reset() {
        suspectNanos = Long.MIN_VALUE;
    }

    /** Windows decided so far. */
    public long windows() {
        return windows;
    }

    /** Of those, the ones on which the hand was tracked. */
    public long armedWindows() {
        return armedWindows;
    }
}
