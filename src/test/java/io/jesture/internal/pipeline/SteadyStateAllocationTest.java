package io.jesture.internal.pipeline;

import io.jesture.internal.source.FfmpegSource;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-frame path (preprocess, resample, emit clips; and reading an MJPEG source that decodes only the
 * frames taken) allocates nothing once warmed up. Measured with the JVM's per-thread allocation counter
 * on this thread.
 */
class SteadyStateAllocationTest {
    @TempDir
    Path dir;

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

    @Test
    void readingAnMjpegFileThatSkipsFramesAllocatesNothingPerFrame() throws Exception {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().getId();
        Path file = SkipDecodeIdentityTest.write(dir.resolve("loop.avi"), "avi", avcodec.AV_CODEC_ID_MJPEG, avutil.AV_PIX_FMT_YUVJ420P,
                320, 240, null, 60);
        try (FfmpegSource s = FfmpegSource.file(file, true, FfmpegSource.Pace.FAST).decodeOnlyTaken(ClipIdentityTest.SIX_FPS)) {
            byte[] bgr = new byte[s.open().frameBytes()];
            for (int i = 0; i < 200; i++) s.read(bgr); // warm up, across loops
            long before = mx.getThreadAllocatedBytes(self);
            int decoded = 0;
            for (int i = 0; i < 1000; i++) {
                s.read(bgr);
                if (s.decoded()) decoded++;
            }
            long allocated = mx.getThreadAllocatedBytes(self) - before;
            assertTrue(s.decodesOnlyTaken());
            assertTrue(decoded >= 200 && decoded <= 220, "decoded " + decoded + " of 1000"); // one in five, and each pass's last
            // Decoding every frame through the grabber allocates about 600 bytes a frame.
            assertTrue(allocated < 16_000, "allocated " + allocated + " bytes over 1000 frames");
        }
    }
}
