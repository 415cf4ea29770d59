package io.jesture.demo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LatestTest {
    /** A slot whose two halves must always agree: a torn read shows as a mismatch. */
    static final class Slot {
        long a;
        long[] payload = new long[256];
        long b;
    }

    @Test
    void consumerSeesOnlyTheNewestPublishedSlot() {
        Latest<Slot> l = new Latest<>(Slot::new);
        assertFalse(l.acquire(), "nothing published yet");
        for (long v = 1; v <= 3; v++) {
            l.back().a = v;
            l.publish();
        }
        assertTrue(l.acquire());
        assertEquals(3, l.front().a, "latest wins: 1 and 2 were replaced unread");
        assertFalse(l.acquire(), "no newer slot");
        assertEquals(3, l.front().a, "front stays valid until the next acquire");
    }

    @Test
    @Timeout(30)
    void producerAndConsumerNeverShareASlot() throws Exception {
        Latest<Slot> l = new Latest<>(Slot::new);
        long n = 2_000_000;
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<String> failure = new AtomicReference<>();
        Thread producer = new Thread(() -> {
            try {
                start.await();
            } catch (InterruptedException e) {
                return;
            }
            for (long v = 1; v <= n; v++) {
                Slot s = l.back();
                s.a = v;
                for (int i = 0; i < s.payload.length; i += 64) s.payload[i] = v;
                s.b = v;
                l.publish();
            }
        }, "test-producer");
        producer.start();
        start.countDown();
        long last = 0;
        while (last < n && failure.get() == null) {
            boolean producerDone = !producer.isAlive(); // read before acquire: then nothing can follow a miss
            if (!l.acquire()) {
                if (producerDone) break;
                continue;
            }
            Slot s = l.front();
            long a = s.a;
            for (int i = 0; i < s.payload.length; i += 64) {
                if (s.payload[i] != a) failure.set("torn slot: payload " + s.payload[i] + " vs " + a);
            }
            if (s.b != a) failure.set("torn slot: " + a + " vs " + s.b);
            if (a <= last) failure.set("went back in time: " + a + " after " + last);
            last = a;
        }
        producer.join();
        assertNull(failure.get());
        assertEquals(n, last, "the last published value is always delivered");
    }
}
