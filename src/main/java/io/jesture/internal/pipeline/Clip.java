package io.jesture.internal.pipeline;

/**
 * One model input, {@code [3, T, H, W]}, with the stream times of its frames. A reusable buffer that
 * the {@link ClipExchange} hands between the clip thread and the inference thread.
 */
public final class Clip {
    /** Layout {@code [3, T, H, W]}, ready for the model. */
    public final float[] data;
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
