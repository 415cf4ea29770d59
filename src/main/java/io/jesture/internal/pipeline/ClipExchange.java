package io.jesture.internal.pipeline;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;

/**
 * Hands clips from the clip thread to the inference thread through three reusable buffers.
 *
 * <p>In live mode it is a latest-wins slot: a clip that is replaced before inference took it is
 * counted as a skipped window, so inference never works through a backlog of stale clips. In lossless
 * mode (offline runs of finite sources) the writer waits instead, and every clip is classified.
 */
final class ClipExchange implements ClipSink {
    /** Returned once by {@link #take} after the last clip of a stream. */
    static final Clip END_OF_STREAM = new Clip(0, 0);

    private final boolean lossless;
    private final ArrayDeque<Clip> free = new ArrayDeque<>(3);
    private Clip writing;
    private Clip pending;
    private Clip reading;
    private boolean endOfStream;
    private boolean closed;
    private long skipped;
    private long published;

    public ClipExchange(int clipLength, int frameFloats, boolean lossless) {
        this.lossless = lossless;
        this.writing = new Clip(clipLength, frameFloats);
        free.push(new Clip(clipLength, frameFloats));
        free.push(new Clip(clipLength, frameFloats));
    }

    /** The buffer the writer fills next; owned by the writer until {@link #publish()}. */
    @Override
    public synchronized Clip writable() {
        return writing;
    }

    /** Offers the filled buffer; returns false only if the exchange was closed while waiting. */
    @Override
    public synchronized boolean publish() throws InterruptedException {
        while (lossless && pending != null && !closed) wait();
        if (closed) return false;
        if (pending != null) {
            skipped++;
            free.push(pending);
        }
        writing.sequence = published++;
        pending = writing;
        writing = free.pop();
        notifyAll();
        return true;
    }

    /** Tells the reader that no more clips will come once it has taken the pending one. */
    @Override
    public synchronized void endOfStream() throws InterruptedException {
        while (lossless && pending != null && !closed) wait();
        endOfStream = true;
        notifyAll();
    }

    /**
     * Waits for the freshest clip. The returned buffer stays the reader's until its next call.
     *
     * @return the clip; {@link #END_OF_STREAM} once after the stream's last clip; null on close or when
     *     {@code timeoutNanos} passed
     */
    synchronized Clip take(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        while (pending == null && !endOfStream && !closed) {
            long left = deadline - System.nanoTime();
            if (left <= 0) return null;
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        if (pending == null) {
            if (!endOfStream || closed) return null;
            endOfStream = false;
            notifyAll();
            return END_OF_STREAM;
        }
        if (reading != null) free.push(reading);
        reading = pending;
        pending = null;
        notifyAll();
        return reading;
    }

    public synchronized long skipped() {
        return skipped;
    }

    public synchronized long published() {
        return published;
    }

    public synchronized void close() {
        closed = true;
        notifyAll();
    }
}
