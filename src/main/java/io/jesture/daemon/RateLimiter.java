package io.jesture.daemon;

import java.time.Duration;

/**
 * At most {@code max} actions in any window of {@code per}: a sliding window over the times of the
 * last {@code max} actions, in a preallocated ring. Times are the engine's stream clock.
 */
final class RateLimiter {
    private final long[] times;
    private final long perNanos;
    private int count;
    private int next;

    RateLimiter(int max, Duration per) {
        if (max < 1) throw new IllegalArgumentException("max must be >= 1, was " + max);
        this.times = new long[max];
        this.perNanos = per.toNanos();
    }

    /** Records an action at {@code nowNanos} and returns true, or returns false if it would exceed the limit. */
    boolean tryAcquire(long nowNanos) {
        if (count == times.length) {
            long oldest = times[next];
            // A clock that went backwards (a new stream) cannot prove the window is full: start over.
            if (nowNanos < oldest) {
                count = 0;
                next = 0;
            } else if (nowNanos - oldest < perNanos) {
                return false;
            }
        }
        times[next] = nowNanos;
        next = (next + 1) % times.length;
        if (count < times.length) count++;
        return true;
    }
}
