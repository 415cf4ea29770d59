package io.jesture.internal.pipeline;

import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The source pixels of the last model frames, at the source's own size, kept by the clip thread so
 * that the inference thread can track the hand in a window after the pixel model asked for it
 * ({@link HandsOnDemand}). Model frame (tick) {@code k} lives in slot {@code k % capacity}.
 *
 * <p>One writer (the clip thread) and one reader (the inference thread), no lock: each slot carries
 * the tick it holds, set to -1 while it is written, and a reader checks the tick before and after it
 * used the pixels ({@link #stillHolds}). The capacity is several windows, so the writer overwrites a
 * window's frames only when inference lags seconds behind, which a live pipeline never does (it skips
 * stale clips); a frame overwritten all the same is reported and read as no hand.
 * Allocates only when the frame size changes.
 */
public final class FramePixels {
    private final byte[][] pixels;
    private final AtomicLongArray ticks;
    /** Each slot's frame size, written before its tick is published. */
    private final int[] widths;
    private final int[] heights;

    /** @param capacity model frames kept: at least a window and the clips inference may lag behind */
    public FramePixels(int capacity) {
        if (capacity < 1) throw new IllegalArgumentException("capacity must be >= 1, was " + capacity);
        this.pixels = new byte[capacity][];
        this.ticks = new AtomicLongArray(capacity);
        this.widths = new int[capacity];
        this.heights = new int[capacity];
        for (int i = 0; i < capacity; i++) ticks.set(i, -1);
    }

    /** Writer: keeps {@code bgr}, a {@code width x height} frame, as model frame {@code tick}. */
    public void write(long tick, byte[] bgr, int width, int height) {
        int slot = slot(tick);
        int n = width * height * 3;
        ticks.set(slot, -1);
        if (pixels[slot] == null || pixels[slot].length != n) pixels[slot] = new byte[n];
        System.arraycopy(bgr, 0, pixels[slot], 0, n);
        widths[slot] = width;
        heights[slot] = height;
        ticks.set(slot, tick);
    }

    /** Writer: model frame {@code tick} repeats model frame {@code from} (a stalled source); false if that one is gone. */
    public boolean repeat(long from, long tick) {
        int src = slot(from);
        if (ticks.get(src) != from) return false;
        write(tick, pixels[src], widths[src], heights[src]);
        return true;
    }

    /** Reader: the pixels of model frame {@code tick}, or null if the slot no longer holds it. Check {@link #stillHolds} after use. */
    public byte[] get(long tick) {
        int slot = slot(tick);
        return ticks.get(slot) == tick ? pixels[slot] : null;
    }

    /** Reader: whether the pixels {@link #get} gave for {@code tick} were not overwritten while they were read. */
    public boolean stillHolds(long tick) {
        // The reads of the pixels must not drift past this check.
        VarHandle.acquireFence();
        return ticks.get(slot(tick)) == tick;
    }

    /** The width of model frame {@code tick}, valid with {@link #get}'s pixels (check {@link #stillHolds} after use). */
    public int width(long tick) {
        return widths[slot(tick)];
    }

    public int height(long tick) {
        return heights[slot(tick)];
    }

    public int capacity() {
        return pixels.length;
    }

    private int slot(long tick) {
        return (int) (tick % pixels.length);
    }
}
