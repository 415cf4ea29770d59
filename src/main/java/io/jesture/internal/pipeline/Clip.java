package io.jesture.internal.pipeline;

import io.jesture.internal.hands.HandTracker;

/**
 * One model input, {@code [3, T, H, W]}, with the stream times of its frames. A reusable buffer that
 * the {@link ClipExchange} hands between the clip thread and the inference thread.
 */
public final class Clip {
    /** Layout {@code [3, T, H, W]}, ready for the model. */
    public final float[] data;
    /**
     * The hand in each model frame, {@link HandTracker#OBS} floats per frame, oldest first; written
     * only when the assembler tracks hands (a model reads them), otherwise left at zero.
     */
    public final float[] hands;
    /** Stream time of each model frame, oldest first. */
    final long[] frameNanos;
    /** Source frame number (0-based, counted since the assembler was created) of each model frame, oldest first. */
    final long[] frameIndex;
    /** {@link System#nanoTime()} when the newest source frame in the clip entered the pipeline. */
    long arrivalNanos;
    /** Running number of emitted clips, from 0. */
    long sequence;

    public Clip(int clipLength, int frameFloats) {
        this.data = new float[clipLength * frameFloats];
        this.hands = new float[clipLength * HandTracker.OBS];
        this.frameNanos = new long[clipLength];
        this.frameIndex = new long[clipLength];
    }

    long startNanos() {
        return frameNanos[0];
    }

    public long endNanos() {
        return frameNanos[frameNanos.length - 1];
    }
}
