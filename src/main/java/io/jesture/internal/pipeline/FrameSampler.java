package io.jesture.internal.pipeline;

import io.jesture.ModelInfo;

/**
 * Which source frames the model's ticks take: the clip stage's sampling rule, in one place. The
 * {@link ClipAssembler} builds clips with it; a capture that decodes only the frames taken (an MJPEG
 * camera, say) runs a second one over the same timestamps to know which those are.
 *
 * <p>Model time ticks every {@code round(1e9 / fps)} ns from the first frame's timestamp. Each tick
 * takes the frame nearest to it, the older one on a tie. A tick between two frames is therefore
 * decided by the later one: {@link #advance} of a frame says how many ticks took the frame before it
 * ({@link #takesPrevious()}) and how many took this one ({@link #takesCurrent()}); the former always
 * come first, as a tick takes the older frame exactly while it lies in the older half of the interval. A
 * frame is taken when either count is above 0 for it: the current one at its own {@code advance}, the
 * previous one at the next. A jump in timestamps longer than max(1 s, two clips) starts afresh at the
 * later frame, which the first tick takes. Allocation-free; single-threaded.
 */
public final class FrameSampler {
    private final long periodNanos;
    private final long gapNanos;
    private boolean havePrevious;
    private long previousNanos;
    private long nextTickNanos;
    private int takesPrevious;
    private int takesCurrent;
    private boolean restarted;

    /**
     * @param fps        the model's frame rate
     * @param clipLength frames per clip (a jump longer than two clips starts afresh)
     */
    FrameSampler(double fps, int clipLength) {
        if (!(fps > 0) || !Double.isFinite(fps)) throw new IllegalArgumentException("fps must be > 0, was " + fps);
        if (clipLength < 1) throw new IllegalArgumentException("clipLength must be >= 1, was " + clipLength);
        this.periodNanos = Math.round(1e9 / fps);
        this.gapNanos = Math.max(1_000_000_000L, 2L * clipLength * periodNanos);
    }

    /** The sampler of this model's clips. */
    public static FrameSampler of(ModelInfo model) {
        return new FrameSampler(model.fps(), model.clipLength());
    }

    /** Forgets every frame: the next one starts model time afresh. */
    public void reset() {
        havePrevious = false;
        takesPrevious = 0;
        takesCurrent = 0;
    }

    /**
     * The next frame, at {@code timestampNanos}: decides the ticks up to it.
     *
     * @return false, changing nothing, if it does not come after the previous frame (it is ignored)
     */
    public boolean advance(long timestampNanos) {
        if (havePrevious && timestampNanos <= previousNanos) return false;
        restarted = !havePrevious || timestampNanos - previousNanos > gapNanos;
        if (restarted) {
            havePrevious = false;
            nextTickNanos = timestampNanos;
        }
        int older = 0;
        int newer = 0;
        while (nextTickNanos <= timestampNanos) {
            if (havePrevious && nextTickNanos - previousNanos <= timestampNanos - nextTickNanos) older++;
            else newer++;
            nextTickNanos += periodNanos;
        }
        takesPrevious = older;
        takesCurrent = newer;
        previousNanos = timestampNanos;
        havePrevious = true;
        return true;
    }

    /** How many ticks the last {@link #advance} gave to the frame before it. */
    public int takesPrevious() {
        return takesPrevious;
    }

    /** How many ticks the last {@link #advance} gave to its own frame. */
    public int takesCurrent() {
        return takesCurrent;
    }

    /** Whether the last {@link #advance} started afresh (the first frame, or one after a gap): a new window. */
    boolean restarted() {
        return restarted;
    }

    /** Whether a frame has been seen since the last {@link #reset()}. */
    boolean hasFrame() {
        return havePrevious;
    }

    /**
     * At the end of the stream: whether one more tick takes the last frame, because it lies within half a
     * period after it (where no later frame could have been nearer).
     */
    boolean lastFrameTakenAtEnd() {
        return havePrevious && (nextTickNanos - previousNanos) * 2 < periodNanos;
    }
}
