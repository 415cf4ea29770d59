package io.jesture.internal.clip;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-frame path (preprocess, resample, emit clips) allocates nothing once warmed up. Measured with
 * the JVM's per-thread allocation counter on this thread.
 */
class SteadyStateAllocationTest {
    @Test
    void assemblingClipsFromCameraFramesAllocatesNothingPerFrame() throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        ClipExchange x = new ClipExchange(8, 3 * 32 * 32, false); // live: latest wins, no reader needed
        ClipAssembler a = new ClipAssembler(ClipAssemblerTest.model(8, 32, 32, 12), 1, x);
        byte[] frame = new byte[640 * 480 * 3];
        long frameNanos = 33_333_333L;
        int n = 0;
        for (; n < 200; n++) a.onFrame(frame, 640, 480, n * frameNanos, n); // warm up (JIT, first-use buffers)
        long before = mx.getThreadAllocatedBytes(self);
        for (int i = 0; i < 1000; i++, n++) a.onFrame(frame, 640, 480, n * frameNanos, n);
        long allocated = mx.getThreadAllocatedBytes(self) - before;
        a.close();
        assertTrue(x.published() > 350, "clips " + x.published());
        // 1000 frames, ~400 clips: a per-frame allocation of even one small object would exceed this.
        assertTrue(allocated < 16_000, "allocated " + allocated + " bytes over 1000 frames");
    }
}
