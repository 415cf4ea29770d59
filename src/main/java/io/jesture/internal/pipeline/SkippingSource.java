package io.jesture.internal.pipeline;

import io.jesture.FrameSource;
import io.jesture.SourceException;

/**
 * A source that may leave a frame undecoded when no model tick will take it: the capture publishes such
 * a frame without pixels ({@link FrameSlot.Kind#UNDECODED}), so it still counts and moves model time.
 */
public interface SkippingSource extends FrameSource {
    /**
     * Reads the next frame as {@link #read(byte[])} does.
     *
     * @param keep false when the caller drops the frame (the ring is full): it need not be decoded
     */
    long read(byte[] bgr, boolean keep) throws SourceException;

    /** Whether the frame the last read returned was decoded into the buffer; if not, the buffer is as it was. */
    boolean decoded();

    /** {@link System#nanoTime()} when the frame the last read returned arrived from the device or file. */
    long arrivalNanos();
}
