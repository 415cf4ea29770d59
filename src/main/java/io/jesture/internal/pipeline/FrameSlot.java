package io.jesture.internal.pipeline;

import io.jesture.FrameSource;

/** One preallocated entry of the capture ring. Its pixel buffer is reused for every frame. */
final class FrameSlot {
    enum Kind {
        /** A frame. */
        FRAME,
        /** A frame left undecoded, as no model tick takes it: its timestamp and format, no pixels. */
        UNDECODED,
        /** The source was reopened: start a new window. */
        RESET,
        /** A finite source ended. */
        END_OF_STREAM,
        /** A claimed slot whose read failed; carries nothing. */
        EMPTY
    }

    private static final byte[] NO_PIXELS = new byte[0];

    byte[] bgr = NO_PIXELS;
    FrameSource.Format format;
    long timestampNanos;
    /** {@link System#nanoTime()} when the frame was read. */
    long arrivalNanos;
    Kind kind = Kind.EMPTY;

    /** Makes the buffer big enough for {@code f}; allocates only when the frame size grows. */
    byte[] ensure(FrameSource.Format f) {
        if (bgr.length < f.frameBytes()) bgr = new byte[f.frameBytes()];
        format = f;
        return bgr;
    }
}
