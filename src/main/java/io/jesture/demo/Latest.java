package io.jesture.demo;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Latest-wins handover of reusable slots from one producer thread to one consumer thread (triple
 * buffering). The producer fills {@link #back()} and {@link #publish()}es it; the consumer
 * {@link #acquire()}s and reads {@link #front()}. Neither side ever waits for the other and nothing is
 * allocated after construction: a slow consumer simply skips to the newest slot, and the producer
 * overwrites an unread one.
 *
 * <p>Three slots, each owned by exactly one party at a time: the producer's back slot, the consumer's
 * front slot, and the middle slot parked in {@link #middle}. Publishing swaps back and middle,
 * acquiring swaps front and middle; the {@link #FRESH} bit says whether the middle was published since
 * the consumer last took it.
 */
final class Latest<T> {
    private static final int FRESH = 4;

    private final Object[] slots = new Object[3];
    /** Index of the middle slot, plus {@link #FRESH} when it holds unread data. */
    private final AtomicInteger middle = new AtomicInteger(1);
    private int back = 0;   // producer-owned
    private int front = 2;  // consumer-owned

    Latest(Supplier<T> factory) {
        for (int i = 0; i < 3; i++) slots[i] = factory.get();
    }

    /** The slot the producer may write. Producer thread only. */
    @SuppressWarnings("unchecked")
    T back() {
        return (T) slots[back];
    }

    /** Hands the back slot to the consumer, replacing any unread one. Producer thread only. */
    void publish() {
        back = middle.getAndSet(back | FRESH) & ~FRESH;
    }

    /**
     * Takes the newest published slot, if there is one the consumer has not seen. Consumer thread only.
     *
     * @return true if {@link #front()} changed
     */
    boolean acquire() {
        if ((middle.get() & FRESH) == 0) return false;
        front = middle.getAndSet(front) & ~FRESH;
        return true;
    }

    /** The slot the consumer may read: the newest one it acquired. Consumer thread only. */
    @SuppressWarnings("unchecked")
    T front() {
        return (T) slots[front];
    }
}
