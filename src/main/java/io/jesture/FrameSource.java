package io.jesture;

/**
 * Where frames come from: a camera, a video file or stream, the synthetic gesture world, or your own.
 *
 * <p>The capture thread calls {@link #open()}, then {@link #read(byte[])} in a loop, then
 * {@link #close()}. When a {@linkplain #isLive() live} source fails or stalls, the capture thread
 * closes it and calls {@link #open()} again (with backoff) until it works: live sources must support
 * open after close. All calls come from the capture thread, except that stopping the recognizer or the
 * watchdog interrupts it: a blocking {@code read} should give up on interrupt (throw
 * {@link SourceException}). Implementations need not be thread-safe. Frames are 8-bit BGR, interleaved, row
 * major, {@code width * height * 3} bytes, never mirrored: jesture's direction labels are defined on
 * raw camera frames.
 */
public interface FrameSource extends AutoCloseable {
    /** Returned by {@link #read} when a finite source has no more frames. */
    long END_OF_STREAM = -1L;

    /**
     * Opens the device or file and reports the frame format. Called on the capture thread.
     *
     * @throws SourceException if the source cannot be opened; the message names it and the fix
     */
    Format open() throws SourceException;

    /**
     * Blocks until the next frame is available and writes it into {@code bgr}.
     *
     * @param bgr destination of at least {@code width * height * 3} bytes
     * @return the frame's timestamp in nanoseconds on the source's clock (monotonically rising), or
     *     {@link #END_OF_STREAM}
     * @throws SourceException if the source failed (e.g. a camera was unplugged); the recognizer
     *     reports it and reopens live sources with backoff
     */
    long read(byte[] bgr) throws SourceException;

    /** A short human description, e.g. {@code "camera /dev/video0 640x480@30"}. */
    String description();

    /** Whether the source is live (camera, stream, paced synthetic) and worth reopening when lost. */
    default boolean isLive() {
        return true;
    }

    /** Releases the device or file. Idempotent. */
    @Override
    void close();

    /**
     * The frame format a source delivers.
     *
     * @param width  pixels
     * @param height pixels
     * @param fps    the nominal frame rate; timestamps, not this, drive temporal resampling
     */
    record Format(int width, int height, double fps) {
        public Format {
            if (width <= 0 || height <= 0) throw new IllegalArgumentException("frame size must be positive, was " + width + "x" + height);
            if (!(fps > 0)) throw new IllegalArgumentException("fps must be > 0, was " + fps);
        }

        public int frameBytes() {
            return width * height * 3;
        }
    }
}
