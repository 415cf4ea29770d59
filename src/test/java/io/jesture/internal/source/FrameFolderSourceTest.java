package io.jesture.internal.source;

import io.jesture.FrameSource;
import io.jesture.SourceException;
import io.jesture.TestVideos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real JPEG frame folders written here with ImageIO, read back through OpenCV's decoder. */
@Timeout(60)
class FrameFolderSourceTest {
    static final int W = FfmpegSourceTest.W;
    static final int H = FfmpegSourceTest.H;

    @TempDir
    Path dir;

    Path numbered(String name, int frames) throws Exception {
        return TestVideos.writeFrames(dir.resolve(name), frames, i -> FfmpegSourceTest.numberedImage(i, W, H));
    }

    @Test
    void readsEveryFrameInNameOrderAtTheGivenRate() throws Exception {
        Path clip = numbered("clip", 20);
        try (FrameFolderSource s = new FrameFolderSource(clip, 12, false, FfmpegSource.Pace.FAST)) {
            FrameSource.Format f = s.open();
            assertEquals(W, f.width());
            assertEquals(H, f.height());
            assertEquals(12.0, f.fps(), 0);
            assertFalse(s.isLive());
            byte[] bgr = new byte[f.frameBytes()];
            for (int i = 0; i < 20; i++) {
                assertEquals(Math.round(i * 1e9 / 12), s.read(bgr), "timestamp of frame " + i);
                assertEquals(i, FfmpegSourceTest.decodeNumber(bgr), "content of frame " + i);
                // JPEG at quality 95: grey levels survive to within a few steps, and rows are not sheared.
                assertEquals(FfmpegSourceTest.expectedLeft(i), FfmpegSourceTest.mean(bgr, 10, W / 2 - 10, 40, H - 10), 4.0);
                assertEquals(255 - 4 * i, FfmpegSourceTest.mean(bgr, W - 20, W - 1, H - 3, H - 1), 6.0);
            }
            assertEquals(FrameSource.END_OF_STREAM, s.read(bgr));
        }
    }

    @Test
    void loopsWithRisingTimestampsAndReopens() throws Exception {
        Path clip = numbered("clip", 7);
        FrameSource s = SourceUri.create("frames:" + clip + ",fps=15,loop=true", true, Duration.ofSeconds(3));
        assertEquals("frame folder " + clip + " @ 15 fps (looping)", s.description());
        for (int round = 0; round < 2; round++) { // open after close works
            FrameSource.Format f = s.open();
            byte[] bgr = new byte[f.frameBytes()];
            for (int i = 0; i < 17; i++) {
                assertEquals(Math.round(i * 1e9 / 15), s.read(bgr), "frame " + i);
                assertEquals(i % 7, FfmpegSourceTest.decodeNumber(bgr), "frame " + i);
            }
            s.close();
        }
    }

    @Test
    void defaultsToJestersTwelveFpsAndPacesLive() throws Exception {
        Path clip = numbered("clip", 4);
        FrameSource fast = SourceUri.create("frames:" + clip, true, Duration.ofSeconds(3));
        assertEquals("frame folder " + clip + " @ 12 fps", fast.description());
        FrameSource live = SourceUri.create("frames:" + clip + ",fps=20,pace=live", true, Duration.ofSeconds(3));
        byte[] bgr = new byte[live.open().frameBytes()];
        long t0 = System.nanoTime();
        for (int i = 0; i < 4; i++) live.read(bgr);
        live.close();
        // 3 frame periods at 20 fps: at least 150 ms (an upper bound would be timing-flaky).
        assertTrue(System.nanoTime() - t0 >= 145_000_000L);
    }

    @Test
    void aFrameThatDoesNotDecodeFailsTheReadNamingIt() throws Exception {
        Path clip = numbered("clip", 12);
        Files.write(clip.resolve("00006.jpg"), new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2, 3, 4, 5});
        try (FrameFolderSource s = new FrameFolderSource(clip, 12, false, FfmpegSource.Pace.FAST)) {
            byte[] bgr = new byte[s.open().frameBytes()];
            for (int i = 0; i < 5; i++) s.read(bgr);
            SourceException e = assertThrows(SourceException.class, () -> s.read(bgr));
            assertTrue(e.getMessage().contains("00006.jpg") && e.getMessage().contains("does not decode"), e.getMessage());
        }
    }

    @Test
    void frameOfAnotherSizeIsAnError() throws Exception {
        Path clip = numbered("clip", 3);
        TestVideos.writeFrames(dir.resolve("small"), 1, i -> TestVideos.solid(64, 48, TestVideos.RED));
        Files.move(dir.resolve("small/00001.jpg"), clip.resolve("00004.jpg"));
        try (FrameFolderSource s = new FrameFolderSource(clip, 12, false, FfmpegSource.Pace.FAST)) {
            byte[] bgr = new byte[s.open().frameBytes()];
            for (int i = 0; i < 3; i++) s.read(bgr);
            SourceException e = assertThrows(SourceException.class, () -> s.read(bgr));
            assertTrue(e.getMessage().contains("00004.jpg") && e.getMessage().contains("64x48"), e.getMessage());
        }
    }

    @Test
    void missingOrEmptyFoldersAreClearErrors() throws Exception {
        SourceException missing = assertThrows(SourceException.class,
                new FrameFolderSource(dir.resolve("nope"), 12, false, FfmpegSource.Pace.FAST)::open);
        assertTrue(missing.getMessage().contains("nope") && missing.getMessage().contains("does not exist"), missing.getMessage());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(empty.resolve("notes.txt"), "no frames here");
        SourceException none = assertThrows(SourceException.class, new FrameFolderSource(empty, 12, false, FfmpegSource.Pace.FAST)::open);
        assertTrue(none.getMessage().contains("00001.jpg"), none.getMessage());
    }
}
