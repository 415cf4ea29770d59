package io.jesture.internal.source;

import io.jesture.FrameSource;
import io.jesture.SourceException;
import io.jesture.TestVideos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code still=S}: real JPEG folders and a real MPEG-4 file, written here, read back through OpenCV and
 * FFmpeg with their first and last frames held.
 */
@Timeout(60)
class StillEndsTest {
    static final int W = FfmpegSourceTest.W;
    static final int H = FfmpegSourceTest.H;

    @TempDir
    Path dir;

    /** Every frame's number, then its timestamp, until the end of the stream. */
    static long[][] readAll(FrameSource s) throws Exception {
        FrameSource.Format f = s.open();
        int[] numbers = new int[4096];
        long[] ts = FfmpegSourceTest.readAll(s, f, numbers);
        long[] n = new long[ts.length];
        for (int i = 0; i < ts.length; i++) n[i] = numbers[i];
        return new long[][]{n, ts};
    }

    @Test
    void holdsTheFirstFrameBeforeAndTheLastAfterOnOneRisingClock() throws Exception {
        Path clip = TestVideos.writeFrames(dir.resolve("clip"), 5, i -> FfmpegSourceTest.numberedImage(i, W, H));
        FrameSource s = SourceUri.create("frames:" + clip + ",fps=10,still=0.5", true, Duration.ofSeconds(3));
        assertEquals("frame folder " + clip + " @ 10 fps, 0.5 s held still before and after", s.description());
        assertFalse(s.isLive());
        for (int round = 0; round < 2; round++) { // open after close starts over
            long[][] r = readAll(s);
            long[] expected = {0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 4, 4, 4, 4, 4};
            assertEquals(expected.length, r[0].length, "5 held + 5 + 5 held frames");
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], r[0][i], "content of frame " + i);
                assertEquals(Math.round(i * 1e9 / 10), r[1][i], 1, "timestamp of frame " + i);
            }
            s.close();
        }
    }

    @Test
    void aVideoFileKeepsItsOwnTimingBetweenTheHeldFrames() throws Exception {
        Path file = FfmpegSourceTest.writeNumbered(dir, 30);
        FrameSource s = SourceUri.create("file:" + file + ",still=0.2", true, Duration.ofSeconds(3));
        long[][] r = readAll(s);
        s.close();
        int held = 6, frames = FfmpegSourceTest.FRAMES;
        assertEquals(held + frames + held, r[0].length);
        for (int i = 0; i < r[0].length; i++) {
            int expected = i < held ? 0 : i < held + frames ? i - held : frames - 1;
            assertEquals(expected, r[0][i], "content of frame " + i);
            assertEquals(i * 1e9 / 30, r[1][i], 1e6, "timestamp of frame " + i);
        }
    }

    @Test
    void pacedLiveTheHeldFramesTakeTheirTime() throws Exception {
        Path clip = TestVideos.writeFrames(dir.resolve("clip"), 2, i -> FfmpegSourceTest.numberedImage(i, W, H));
        FrameSource s = SourceUri.create("frames:" + clip + ",fps=20,still=0.1,pace=live", false, Duration.ofSeconds(3));
        long t0 = System.nanoTime();
        long[][] r = readAll(s);
        s.close();
        assertEquals(6, r[0].length);
        // 5 frame periods at 20 fps: at least 250 ms (an upper bound would be timing-flaky).
        assertTrue(System.nanoTime() - t0 >= 245_000_000L);
    }

    @Test
    void aLoopHasNoLastFrameToHoldAndABadLengthIsNamed() {
        SourceException loop = assertThrows(SourceException.class,
                () -> SourceUri.create("frames:" + dir + ",loop=true,still=2", true, Duration.ofSeconds(3)));
        assertTrue(loop.getMessage().contains("still= and loop=true do not mix"), loop.getMessage());
        SourceException bad = assertThrows(SourceException.class,
                () -> SourceUri.create("file:x.mp4,still=-1", true, Duration.ofSeconds(3)));
        assertTrue(bad.getMessage().contains("bad still '-1'"), bad.getMessage());
    }
}
