package io.jesture.internal.source;

import io.jesture.FrameSource;
import io.jesture.SourceException;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real FFmpeg decoding of real mp4 files written here with FFmpegFrameRecorder. */
@Timeout(60)
class FfmpegSourceTest {
    // An odd width: 3 * 322 = 966 bytes per row, which FFmpeg pads, so the row-stride copy is exercised.
    static final int W = 322;
    static final int H = 182;
    static final int FRAMES = 40;

    @TempDir
    Path dir;

    static final int BIT = 24;

    /**
     * Frame i: left half grey 40 + 4i, right half 255 - 4i, and its number in binary as six black or
     * white 24x24 blocks along the top (robust to lossy coding, unlike the grey levels).
     */
    static int expectedLeft(int i) {
        return 40 + 4 * i;
    }

    static int pixel(int i, int x, int y) {
        if (y < BIT && x < 6 * BIT) return ((i >> (x / BIT)) & 1) == 1 ? 255 : 0;
        return x < W / 2 ? expectedLeft(i) : 255 - 4 * i;
    }

    static int decodeNumber(byte[] bgr) {
        int n = 0;
        for (int bit = 0; bit < 6; bit++) {
            if (mean(bgr, bit * BIT + 6, bit * BIT + BIT - 6, 6, BIT - 6) > 128) n |= 1 << bit;
        }
        return n;
    }

    /** Fills a BGR frame with frame {@code i}'s grey picture ({@link #pixel}). */
    static void paint(Frame f, int i) {
        ByteBuffer b = (ByteBuffer) f.image[0];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                byte v = (byte) pixel(i, x, y);
                int o = y * f.imageStride + 3 * x;
                b.put(o, v).put(o + 1, v).put(o + 2, v);
            }
        }
    }

    Path writeNumbered(double fps) throws Exception {
        return writeNumbered(dir, fps);
    }

    /** FRAMES numbered frames as an MPEG-4 file in {@code dir}, at {@code fps}. */
    static Path writeNumbered(Path dir, double fps) throws Exception {
        Path file = dir.resolve("numbered.mp4");
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), W, H, 0)) {
            r.setFormat("mp4");
            r.setVideoCodec(avcodec.AV_CODEC_ID_MPEG4);
            r.setVideoQuality(1);
            r.setFrameRate(fps);
            r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            r.start();
            Frame f = new Frame(W, H, Frame.DEPTH_UBYTE, 3);
            for (int i = 0; i < FRAMES; i++) {
                paint(f, i);
                r.record(f, avutil.AV_PIX_FMT_BGR24);
            }
            r.stop();
        }
        return file;
    }

    static double mean(byte[] bgr, int x0, int x1, int y0, int y1) {
        long sum = 0;
        int n = 0;
        for (int y = y0; y < y1; y++) for (int x = x0; x < x1; x++) for (int c = 0; c < 3; c++) {
            sum += bgr[(y * W + x) * 3 + c] & 0xff;
            n++;
        }
        return (double) sum / n;
    }

    /**
     * An AVI that holds a picture for several frames writes empty chunks for the repeats (the muxer fills
     * the gaps in the frame numbers), so its header counts many more frames than the decoder returns.
     * That file is whole, not cut short: it plays to its end without an "ended early" error.
     */
    @Test
    void anAviWithRepeatedFramesIsNotTakenForACutOffFile() throws Exception {
        Path file = dir.resolve("repeats.avi");
        int pictures = 12, every = 6;
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), W, H, 0)) {
            r.setFormat("avi");
            r.setVideoCodec(avcodec.AV_CODEC_ID_MJPEG);
            r.setVideoQuality(2);
            r.setFrameRate(15);
            r.setPixelFormat(avutil.AV_PIX_FMT_YUVJ420P);
            r.start();
            Frame f = new Frame(W, H, Frame.DEPTH_UBYTE, 3);
            for (int i = 0; i < pictures; i++) {
                paint(f, i);
                r.setFrameNumber(i * every); // a picture every 6th frame: 5 repeats between pictures
                r.record(f, avutil.AV_PIX_FMT_BGR24);
            }
            r.stop();
        }
        try (FfmpegSource s = FfmpegSource.file(file, false, FfmpegSource.Pace.FAST)) {
            FrameSource.Format f = s.open();
            byte[] bgr = new byte[f.frameBytes()];
            int n = 0;
            while (s.read(bgr) != FrameSource.END_OF_STREAM) n++;
            assertTrue(n < pictures * every / 2, "the decoder skips the repeats: " + n + " frames");
            assertTrue(n >= pictures - 1, "every picture decoded: " + n + " frames");
        }
    }

    @Test
    void decodesEveryFrameWithItsContentSizeAndTimestamp() throws Exception {
        Path file = writeNumbered(30);
        try (FfmpegSource s = FfmpegSource.file(file, false, FfmpegSource.Pace.FAST)) {
            FrameSource.Format f = s.open();
            assertEquals(W, f.width());
            assertEquals(H, f.height());
            assertEquals(30.0, f.fps(), 0.01);
            assertFalse(s.isLive());
            byte[] bgr = new byte[f.frameBytes()];
            int n = 0;
            long ts;
            long previous = -1;
            while ((ts = s.read(bgr)) != FrameSource.END_OF_STREAM) {
                assertEquals(n * 1e9 / 30, ts, 1e6, "timestamp of frame " + n);
                assertTrue(ts > previous);
                previous = ts;
                assertEquals(n, decodeNumber(bgr), "frame number encoded in frame " + n);
                // Inner regions, away from edges that lossy coding blends; grey levels survive to within a few steps.
                assertEquals(expectedLeft(n), mean(bgr, 10, W / 2 - 10, 40, H - 10), 8.0, "left half of frame " + n);
                assertEquals(255 - 4 * n, mean(bgr, W / 2 + 10, W - 10, 40, H - 10), 8.0, "right half of frame " + n);
                // Every row lands at its place (a wrong stride would shear the image): the last rows' right end
                // is the right half's colour too.
                assertEquals(255 - 4 * n, mean(bgr, W - 20, W - 1, H - 3, H - 1), 10.0, "last rows of frame " + n);
                n++;
            }
            assertEquals(FRAMES, n);
        }
    }

    @Test
    void aLivePacedFileDecodesOnOneThreadToTheSamePixels() throws Exception {
        Path file = writeNumbered(120); // 40 frames in a third of a second when paced
        java.util.List<byte[]> fast = new java.util.ArrayList<>();
        java.util.List<byte[]> live = new java.util.ArrayList<>();
        for (FfmpegSource.Pace pace : FfmpegSource.Pace.values()) {
            try (FfmpegSource s = FfmpegSource.file(file, false, pace)) {
                FrameSource.Format f = s.open();
                while (true) {
                    byte[] bgr = new byte[f.frameBytes()];
                    if (s.read(bgr) == FrameSource.END_OF_STREAM) break;
                    (pace == FfmpegSource.Pace.FAST ? fast : live).add(bgr);
                }
            }
        }
        assertEquals(FRAMES, fast.size());
        assertEquals(FRAMES, live.size());
        for (int i = 0; i < FRAMES; i++) org.junit.jupiter.api.Assertions.assertArrayEquals(fast.get(i), live.get(i), "frame " + i);
    }

    @Test
    void decodeSmallHasFfmpegScaleToTwiceTheModelsCoverSize() throws Exception {
        Path file = writeNumbered(30);
        try (FfmpegSource s = FfmpegSource.file(file, false, FfmpegSource.Pace.FAST).decode(FfmpegSource.Decode.SMALL)) {
            // A 44x24 model covers 322x182 at scale max(24/182, 44/322) = 0.1366; twice that is 88x50.
            s.modelInput(44, 24, false);
            FrameSource.Format f = s.open();
            assertEquals(88, f.width());
            assertEquals(50, f.height());
            byte[] bgr = new byte[f.frameBytes()];
            int n = 0;
            long ts;
            while ((ts = s.read(bgr)) != FrameSource.END_OF_STREAM) {
                assertEquals(n * 1e9 / 30, ts, 1e6, "timestamp of frame " + n);
                assertEquals(expectedLeft(n), mean(bgr, 88, 3, 40, 14, 47), 8.0, "left half of frame " + n);
                assertEquals(255 - 4 * n, mean(bgr, 88, 48, 85, 14, 47), 8.0, "right half of frame " + n);
                n++;
            }
            assertEquals(FRAMES, n);
        }
    }

    @Test
    void decodeSmallNeverScalesUpNeedsTheModelSizeAndAutoFollowsTheConsumer() throws Exception {
        Path file = writeNumbered(30);
        try (FfmpegSource big = FfmpegSource.file(file, false, FfmpegSource.Pace.FAST).decode(FfmpegSource.Decode.SMALL);
             FfmpegSource unknown = FfmpegSource.file(file, false, FfmpegSource.Pace.FAST).decode(FfmpegSource.Decode.SMALL);
             FfmpegSource full = FfmpegSource.file(file, false, FfmpegSource.Pace.FAST).decode(FfmpegSource.Decode.FULL);
             FfmpegSource autoFull = FfmpegSource.file(file, false, FfmpegSource.Pace.FAST).decode(FfmpegSource.Decode.AUTO);
             FfmpegSource autoSmall = FfmpegSource.file(file, false, FfmpegSource.Pace.FAST).decode(FfmpegSource.Decode.AUTO)) {
            big.modelInput(200, 120, true); // twice the cover size would be larger than the video itself
            full.modelInput(44, 24, true);
            autoFull.modelInput(44, 24, false);
            autoSmall.modelInput(44, 24, true);
            assertEquals(88, autoSmall.open().width());
            for (FfmpegSource s : new FfmpegSource[] {big, unknown, full, autoFull}) {
                FrameSource.Format f = s.open();
                assertEquals(W, f.width(), s.description());
                assertEquals(H, f.height(), s.description());
            }
        }
    }

    static double mean(byte[] bgr, int width, int x0, int x1, int y0, int y1) {
        long sum = 0;
        int n = 0;
        for (int y = y0; y < y1; y++) for (int x = x0; x < x1; x++) for (int c = 0; c < 3; c++) {
            sum += bgr[(y * width + x) * 3 + c] & 0xff;
            n++;
        }
        return (double) sum / n;
    }

    @Test
    void loopingFileKeepsTimestampsRising() throws Exception {
        Path file = writeNumbered(30);
        try (FfmpegSource s = FfmpegSource.file(file, true, FfmpegSource.Pace.FAST)) {
            FrameSource.Format f = s.open();
            byte[] bgr = new byte[f.frameBytes()];
            long previous = -1;
            for (int i = 0; i < FRAMES * 2 + 5; i++) {
                long ts = s.read(bgr);
                assertTrue(ts > previous, "frame " + i + " at " + ts + " after " + previous);
                previous = ts;
                assertEquals(i % FRAMES, decodeNumber(bgr), "frame " + i);
            }
            assertEquals((FRAMES * 2 + 4) * 1e9 / 30, previous, 2e6);
        }
    }

    @Test
    void realtimePaceDeliversAtTheFileRate() throws Exception {
        Path file = writeNumbered(30);
        try (FfmpegSource s = FfmpegSource.file(file, false, FfmpegSource.Pace.REALTIME)) {
            byte[] bgr = new byte[s.open().frameBytes()];
            long t0 = System.nanoTime();
            for (int i = 0; i < 16; i++) s.read(bgr);
            // 15 frame periods at 30 fps: at least 500 ms must have passed (an upper bound would be timing-flaky).
            assertTrue(System.nanoTime() - t0 >= 490_000_000L);
        }
    }

    @Test
    void missingFileIsAClearError() {
        FfmpegSource s = FfmpegSource.file(dir.resolve("missing.mp4"), false, FfmpegSource.Pace.FAST);
        SourceException e = assertThrows(SourceException.class, s::open);
        assertTrue(e.getMessage().contains("missing.mp4") && e.getMessage().contains("does not exist"), e.getMessage());
    }

    @Test
    void aFileThatIsNotAVideoIsAClearError() throws Exception {
        Path txt = dir.resolve("notes.mp4");
        java.nio.file.Files.writeString(txt, "not a video");
        SourceException e = assertThrows(SourceException.class, FfmpegSource.file(txt, false, FfmpegSource.Pace.FAST)::open);
        assertTrue(e.getMessage().contains("notes.mp4"), e.getMessage());
    }

    /** Frame i of the numbered pattern as an RGB image (for GIFs). */
    static java.awt.image.BufferedImage numberedImage(int i, int w, int h) {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(w, h, java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = pixel(i, x, y);
                img.setRGB(x, y, v << 16 | v << 8 | v);
            }
        }
        return img;
    }

    static long[] readAll(FrameSource s, FrameSource.Format f, int[] numbers) throws Exception {
        byte[] bgr = new byte[f.frameBytes()];
        java.util.List<Long> ts = new java.util.ArrayList<>();
        long t;
        while ((t = s.read(bgr)) != FrameSource.END_OF_STREAM) {
            if (numbers != null) numbers[ts.size()] = decodeNumber(bgr);
            ts.add(t);
        }
        return ts.stream().mapToLong(Long::longValue).toArray();
    }

    @Test
    void gifFramesShownUnderTwoCentisecondsPlayAtTenFps() throws Exception {
        for (int delay : new int[] {1, 0}) {
            Path gif = io.jesture.TestVideos.writeGif(dir.resolve("fast" + delay + ".gif"), 30, delay, i -> numberedImage(i, W, H));
            // The file really says 0 or 1 cs for every frame: what browsers and ffmpeg play at 10 fps.
            assertEquals(java.util.Collections.nCopies(30, delay), io.jesture.TestVideos.gifDelays(gif));
            try (FfmpegSource s = FfmpegSource.file(gif, false, FfmpegSource.Pace.FAST)) {
                FrameSource.Format f = s.open();
                assertEquals(10.0, f.fps(), 1e-9, "declared rate of a " + delay + "-cs GIF");
                int[] numbers = new int[30];
                long[] ts = readAll(s, f, numbers);
                assertEquals(30, ts.length);
                for (int i = 0; i < ts.length; i++) {
                    assertEquals(i * 100_000_000L, ts[i], 1_000_000, "frame " + i + " of the " + delay + "-cs GIF");
                    assertEquals(i, numbers[i], "content of frame " + i);
                }
            }
        }
    }

    @Test
    void gifFramesWithRealDelaysKeepThem() throws Exception {
        Path gif = io.jesture.TestVideos.writeGif(dir.resolve("slow.gif"), 12, 4, i -> numberedImage(i, W, H));
        assertEquals(java.util.Collections.nCopies(12, 4), io.jesture.TestVideos.gifDelays(gif));
        try (FfmpegSource s = FfmpegSource.file(gif, false, FfmpegSource.Pace.FAST)) {
            FrameSource.Format f = s.open();
            assertEquals(25.0, f.fps(), 1e-9);
            long[] ts = readAll(s, f, null);
            for (int i = 0; i < ts.length; i++) assertEquals(i * 40_000_000L, ts[i], 1_000_000, "frame " + i);
        }
    }

    @Test
    void gifDelaysApplyFrameByFrame() throws Exception {
        int[] delays = {4, 4, 50, 4, 1, 0, 4, 4};
        Path gif = io.jesture.TestVideos.writeGif(dir.resolve("mixed.gif"), delays.length, i -> delays[i], i -> numberedImage(i, W, H));
        assertEquals(java.util.Arrays.stream(delays).boxed().toList(), io.jesture.TestVideos.gifDelays(gif));
        try (FfmpegSource s = FfmpegSource.file(gif, false, FfmpegSource.Pace.FAST)) {
            FrameSource.Format f = s.open();
            int[] numbers = new int[delays.length];
            long[] ts = readAll(s, f, numbers);
            // Shown for 40, 40, 500, 40, 100 (1 cs), 100 (0 cs), 40 ms: a browser's timeline.
            long[] expectedMillis = {0, 40, 80, 580, 620, 720, 820, 860};
            assertEquals(delays.length, ts.length);
            for (int i = 0; i < ts.length; i++) {
                assertEquals(expectedMillis[i] * 1_000_000L, ts[i], 1_000_000, "frame " + i);
                assertEquals(i, numbers[i]);
            }
        }
    }

    @Test
    void fpsOverrideStampsFrameNAtNOverFps() throws Exception {
        Path file = writeNumbered(30);
        FrameSource s = SourceUri.create("file:" + file + ",fps=12", true, java.time.Duration.ofSeconds(3));
        try {
            assertEquals("video file " + file + " @ 12 fps", s.description());
            FrameSource.Format f = s.open();
            assertEquals(12.0, f.fps(), 1e-9);
            int[] numbers = new int[FRAMES];
            long[] ts = readAll(s, f, numbers);
            assertEquals(FRAMES, ts.length);
            for (int i = 0; i < FRAMES; i++) {
                assertEquals(Math.round(i * 1e9 / 12), ts[i], "frame " + i);
                assertEquals(i, numbers[i]);
            }
        } finally {
            s.close();
        }
        // The override applies to GIFs too, instead of the GIF rule.
        Path gif = io.jesture.TestVideos.writeGif(dir.resolve("o.gif"), 5, 1, i -> numberedImage(i, W, H));
        try (FfmpegSource g = FfmpegSource.file(gif, false, FfmpegSource.Pace.FAST, 30)) {
            FrameSource.Format f = g.open();
            assertEquals(30.0, f.fps(), 1e-9);
            long[] ts = readAll(g, f, null);
            assertEquals(Math.round(4 * 1e9 / 30), ts[4]);
        }
    }

    /**
     * A 640x360 H.264 file at a webcam stream's bit rate (its blocks show, so the deblocking filter has
     * work), with texture that moves, so P-frames predict from filtered or unfiltered references.
     */
    Path writeBlockyH264() throws Exception {
        Path file = dir.resolve("blocky.mp4");
        int w = 640, h = 360;
        java.util.Random rnd = new java.util.Random(7);
        int[] tile = new int[64 * 64];
        for (int i = 0; i < tile.length; i++) tile[i] = rnd.nextInt(256);
        try (FFmpegFrameRecorder r = new FFmpegFrameRecorder(file.toFile(), w, h, 0)) {
            r.setFormat("mp4");
            r.setVideoCodec(avcodec.AV_CODEC_ID_H264);
            r.setVideoBitrate(1_000_000); // what a 640x360 webcam stream gets: blocks show in the texture
            r.setVideoOption("preset", "veryfast");
            r.setGopSize(60);
            r.setFrameRate(30);
            r.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            r.start();
            Frame f = new Frame(w, h, Frame.DEPTH_UBYTE, 3);
            ByteBuffer b = (ByteBuffer) f.image[0];
            for (int i = 0; i < 30; i++) {
                for (int y = 0; y < h; y++) {
                    for (int x = 0; x < w; x++) {
                        // a gradient, a pattern that drifts 3 px a frame, and some fine grain
                        int v = (x + y) * 100 / (w + h) + 30 + (int) (50 * (1 + Math.sin((x + 3 * i) / 6.0)
                                * Math.cos((y + i) / 5.0))) + tile[(y % 64) * 64 + x % 64] / 16;
                        int o = y * f.imageStride + 3 * x;
                        b.put(o, (byte) v).put(o + 1, (byte) (255 - v)).put(o + 2, (byte) (v / 2 + 60));
                    }
                }
                r.record(f, avutil.AV_PIX_FMT_BGR24);
            }
            r.stop();
        }
        return file;
    }

    static java.util.List<byte[]> decodeAll(Path file, FfmpegSource.Decode decode, boolean skipLoopFilter) throws Exception {
        java.util.List<byte[]> frames = new java.util.ArrayList<>();
        try (FfmpegSource s = FfmpegSource.file(file, false, FfmpegSource.Pace.FAST).decode(decode)) {
            s.modelInput(88, 64, false);
            s.skipLoopFilterWhenSmall(skipLoopFilter);
            FrameSource.Format f = s.open();
            while (true) {
                byte[] bgr = new byte[f.frameBytes()];
                if (s.read(bgr) == FrameSource.END_OF_STREAM) break;
                frames.add(bgr);
            }
        }
        return frames;
    }

    /** The blocky file's frames decoded at one size, asking to skip the deblocking filter and not to. */
    record Decodes(java.util.List<byte[]> skipping, java.util.List<byte[]> keeping) {}

    Decodes decodeWithAndWithoutSkipping(FfmpegSource.Decode decode) throws Exception {
        Path file = writeBlockyH264();
        Decodes d = new Decodes(decodeAll(file, decode, true), decodeAll(file, decode, false));
        assertEquals(30, d.skipping().size());
        assertEquals(30, d.keeping().size());
        return d;
    }

    @Test
    void decodeSmallSkipsTheDeblockingFilterAndTheModelsPixelsBarelyMove() throws Exception {
        Decodes both = decodeWithAndWithoutSkipping(FfmpegSource.Decode.SMALL);
        java.util.List<byte[]> skipped = both.skipping();
        java.util.List<byte[]> filtered = both.keeping();
        long sum = 0;
        long n = 0;
        double worstFrame = 0;
        for (int i = 0; i < 30; i++) {
            byte[] a = skipped.get(i);
            byte[] c = filtered.get(i);
            long frameSum = 0;
            for (int k = 0; k < a.length; k++) frameSum += Math.abs((a[k] & 0xff) - (c[k] & 0xff));
            sum += frameSum;
            n += a.length;
            worstFrame = Math.max(worstFrame, (double) frameSum / a.length);
        }
        double meanDiff = (double) sum / n;
        // The filter was skipped: the pixels are not the filtered ones...
        assertTrue(meanDiff > 0.01, "small decode still runs the deblocking filter (mean difference " + meanDiff + ")");
        // ...but at twice the model's size they are within a grey level or two of them (1.35 on average
        // here, 1.59 in the worst frame, when written).
        assertTrue(meanDiff < 2.5, "mean difference " + meanDiff + " grey levels");
        assertTrue(worstFrame < 4.0, "worst frame's mean difference " + worstFrame + " grey levels");
    }

    @Test
    void fullDecodeKeepsTheDeblockingFilter() throws Exception {
        Decodes both = decodeWithAndWithoutSkipping(FfmpegSource.Decode.FULL);
        java.util.List<byte[]> a = both.skipping();
        java.util.List<byte[]> b = both.keeping();
        for (int i = 0; i < a.size(); i++) org.junit.jupiter.api.Assertions.assertArrayEquals(b.get(i), a.get(i), "frame " + i);
    }
}
