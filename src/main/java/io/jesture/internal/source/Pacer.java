package io.jesture.internal.source;

import java.util.concurrent.locks.LockSupport;

/**
 * Holds a recorded source's frames back until their presentation time, so a file plays like a
 * camera delivers. The first frame after {@link #restart()} sets the origin.
 */
public final class Pacer {
    private long startWall = Long.MIN_VALUE;
    private long startStream;

    public void restart() {
        startWall = Long.MIN_VALUE;
    }

    /** Waits until {@code streamNanos} is due on the wall clock; returns early on interrupt. */
    public void await(long streamNanos) {
        long now = System.nanoTime();
        if (startWall == Long.MIN_VALUE) {
            startWall = now;
            startStream = streamNanos;
            return;
        }
        long due = startWall + (streamNanos - startStream);
        while ((now = System.nanoTime()) < due && !Thread.currentThread().isInterrupted()) {
            LockSupport.parkNanos(due - now);
        }
    }
}
