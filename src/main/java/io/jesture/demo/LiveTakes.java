package io.jesture.demo;

import io.jesture.FrameSource;
import io.jesture.SourceException;

import java.util.Locale;

/**
 * The frames the demo window shows, as a {@link FrameSource} that Teach mode records takes from
 * (through the same {@link io.jesture.internal.adapt.Recorder} as {@code jesture record}). The
 * recognizer keeps the camera; this only sees copies of its frames.
 *
 * <p>{@link #offer} runs on the pipeline's clip thread for every frame and must never wait: it copies
 * the frame into a free slot of a small ring, or drops it when the recording thread is behind (the
 * recorder's clock is the frames' timestamps, so a dropped frame is a gap, not a shift). The slots are
 * allocated once, at the first frame. Timestamps are kept rising across a source that restarts (a
 * recognizer started again, a file looped), so a take is never cut by a clock that jumped back.
 */
final class LiveTakes implements FrameSource {
    static final int SLOTS = 8;

    private final String description;
    private final long timeoutNanos;
    private final Object lock = new Object();
    private byte[][] slots;
    private final long[] stamps = new long[SLOTS];
    private Format format;
    private int head, count;
    private boolean closed;
    private volatile boolean cancelled;
    private long lastIn = Long.MIN_VALUE, offset;
    private long dropped;
    private String broken;

    /**
     * @param timeoutNanos how long {@link #open} and {@link #read} wait for a frame before giving up
     */
    LiveTakes(String description, long timeoutNanos) {
        this.description = description;
        this.timeoutNanos = timeoutNanos;
    }

    /** Pipeline thread: a copy of {@code bgr} for the recording thread, unless it is behind. */
    void offer(byte[] bgr, Format f, long timestampNanos) {
        synchronized (lock) {
            if (closed) return;
            if (format == null) {
                format = f;
                slots = new byte[SLOTS][f.frameBytes()];
            } else if (f.width() != format.width() || f.height() != format.height()) {
                // Takes of one gesture must share one size (adapt refuses mixed sizes): stop here.
                broken = String.format(Locale.ROOT, "the source changed size from %dx%d to %dx%d during the recording",
                        format.width(), format.height(), f.width(), f.height());
                lock.notifyAll();
                return;
            }
            long ts = timestampNanos + offset;
            if (lastIn != Long.MIN_VALUE && ts <= lastIn) { // a restarted source: continue one frame after the last
                long step = Math.round(1e9 / Math.max(1, f.fps()));
                offset += lastIn + step - ts;
                ts = lastIn + step;
            }
            lastIn = ts;
            if (count == SLOTS) {
                dropped++;
                return;
            }
            int i = (head + count) % SLOTS;
            System.arraycopy(bgr, 0, slots[i], 0, f.frameBytes());
            stamps[i] = ts;
            count++;
            lock.notifyAll();
        }
    }

    @Override
    public Format open() throws SourceException {
        synchronized (lock) {
            long deadline = System.nanoTime() + timeoutNanos;
            while (format == null && broken == null && !closed) waitUntil(deadline, "no frame came from " + description);
            if (broken != null) throw new SourceException(broken);
            if (closed) throw new SourceException("recording stopped");
            return format;
        }
    }

    @Override
    public long read(byte[] bgr) throws SourceException {
        synchronized (lock) {
            long deadline = System.nanoTime() + timeoutNanos;
            while (count == 0 && broken == null && !closed) waitUntil(deadline, "no frame came from " + description + " for "
                    + Math.round(timeoutNanos / 1e9) + " s");
            if (closed) return END_OF_STREAM;
            if (broken != null) throw new SourceException(broken);
            System.arraycopy(slots[head], 0, bgr, 0, format.frameBytes());
            long ts = stamps[head];
            head = (head + 1) % SLOTS;
            count--;
            return ts;
        }
    }

    private void waitUntil(long deadline, String timeoutMessage) throws SourceException {
        long left = deadline - System.nanoTime();
        if (left <= 0) throw new SourceException(timeoutMessage);
        try {
            lock.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException("recording interrupted");
        }
    }

    /** Frames the recording thread was too far behind to take. */
    long dropped() {
        synchronized (lock) {
            return dropped;
        }
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public boolean isLive() {
        return true;
    }

    /** Stops the recording at the person's request: as {@link #close}, and {@link #cancelled} says so. */
    void cancel() {
        cancelled = true;
        close();
    }

    boolean cancelled() {
        return cancelled;
    }

    /** Ends the recording: a waiting {@link #read} returns {@link #END_OF_STREAM}. Any thread; idempotent. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
    }
}
