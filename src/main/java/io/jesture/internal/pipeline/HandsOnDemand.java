package io.jesture.internal.pipeline;

import io.jesture.internal.hands.HandTracker;

import java.util.Arrays;

/**
 * The hand tracker, run only where the pixel model asks for it: after the pixel model answered a
 * clip, {@link HandArming} decides whether the hand is tracked in it; if so, every frame of the clip is
 * tracked from the pixels the clip thread kept ({@link FramePixels}), each model frame once (neighbouring
 * clips share all but {@code stride} frames), and the clip's {@link Clip#hands} filled for the hands
 * model. Otherwise the clip carries no hand, and the hands model abstains.
 *
 * <p>Why here and not on the clip thread, before the clip is sent: the decision needs the pixel model's
 * answer on the clip itself. A window decided only from earlier windows misses the first window of
 * every gesture, and on the real egocentric clips that cost 6 of 47 directions and called 11 more of
 * 149 non-gestures a gesture (docs/hands.md, *Tracking on demand*).
 *
 * <p>Single-threaded (the thread that classifies). Allocates nothing per clip. Owns the tracker: close it.
 */
public final class HandsOnDemand implements AutoCloseable {
    private final HandTracker tracker;
    private final FramePixels frames;
    private final HandArming arming;
    /** Observations of the model frames seen, by {@code tick % capacity}, and the tick each holds. */
    private final float[][] observed;
    private final long[] observedTick;
    private long framesTracked;
    private long framesLost;
    /** The source frame tracked last, so that a frame two ticks took (a source slower than the model) is tracked once. */
    private long lastSource = -1;
    private final float[] lastObs = new float[HandTracker.OBS];

    public HandsOnDemand(HandTracker tracker, FramePixels frames, HandArming arming) {
        this.tracker = tracker;
        this.frames = frames;
        this.arming = arming;
        this.observed = new float[frames.capacity()][HandTracker.OBS];
        this.observedTick = new long[frames.capacity()];
        Arrays.fill(observedTick, -1);
    }

    /**
     * The pixel model's probabilities for {@code clip} (its own label order): tracks the clip's frames
     * and fills {@link Clip#hands} if armed, else leaves it all zeros. Returns whether it tracked.
     */
    public boolean onPixelProbs(Clip clip, float[] probs) {
        return fill(clip, arming.armProbs(probs, clip.endNanos()));
    }

    /** As {@link #onPixelProbs}, from the pixel model's logits. */
    public boolean onPixelLogits(Clip clip, float[] logits) {
        return fill(clip, arming.armLogits(logits, clip.endNanos()));
    }

    private boolean fill(Clip clip, boolean armed) {
        if (!armed) {
            Arrays.fill(clip.hands, 0f);
            return false;
        }
        int t = clip.frameTick.length;
        for (int i = 0; i < t; i++) {
            System.arraycopy(observation(clip.frameTick[i], clip.frameIndex[i]), 0, clip.hands, i * HandTracker.OBS, HandTracker.OBS);
        }
        return true;
    }

    private float[] observation(long tick, long source) {
        int slot = (int) (tick % observed.length);
        float[] obs = observed[slot];
        if (observedTick[slot] == tick) return obs;
        observedTick[slot] = tick;
        if (source == lastSource) {
            System.arraycopy(lastObs, 0, obs, 0, HandTracker.OBS);
            return obs;
        }
        byte[] bgr = frames.get(tick);
        if (bgr != null) {
            tracker.observe(bgr, frames.width(tick), frames.height(tick), obs, 0);
            framesTracked++;
        }
        if (bgr == null || !frames.stillHolds(tick)) {
            // Overwritten before or while it was read: inference lagged a ring behind. No hand, rather than a wrong one.
            Arrays.fill(obs, 0f);
            framesLost++;
            return obs;
        }
        lastSource = source;
        System.arraycopy(obs, 0, lastObs, 0, HandTracker.OBS);
        return obs;
    }

    /** A new source. */
    public void reset() {
        arming.reset();
    }

    /** Model frames the tracker ran on. */
    public long framesTracked() {
        return framesTracked;
    }

    /** Model frames whose pixels were gone when a window needed them. */
    public long framesLost() {
        return framesLost;
    }

    public HandArming arming() {
        return arming;
    }

    /** The ring the clip thread keeps the model frames' pixels in. */
    public FramePixels frames() {
        return frames;
    }

    @Override
    public void close() {
        tracker.close();
    }
}
