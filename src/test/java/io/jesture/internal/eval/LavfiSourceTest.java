package io.jesture.internal.eval;

import io.jesture.FrameSource;
import io.jesture.SourceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LavfiSourceTest {
    @Test
    void aGeneratorGivesItsFramesWithRisingTimestampsThenEnds() throws Exception {
        try (LavfiSource s = new LavfiSource("testsrc=size=64x48:rate=30,trim=duration=1", false)) {
            FrameSource.Format f = s.open();
            assertEquals(64, f.width());
            assertEquals(48, f.height());
            assertEquals(30, f.fps(), 1e-9);
            byte[] bgr = new byte[f.frameBytes()];
            long last = -1;
            int frames = 0;
            boolean moving = false;
            byte[] first = null;
            for (long ts; (ts = s.read(bgr)) != FrameSource.END_OF_STREAM; frames++) {
                assertTrue(ts > last, "timestamps rise: " + ts + " after " + last);
                last = ts;
                if (first == null) first = bgr.clone();
                else if (!java.util.Arrays.equals(first, bgr)) moving = true;
            }
            assertEquals(30, frames);
            assertEquals(29 * 1_000_000_000L / 30, last, 1_000_000);
            assertTrue(moving, "testsrc moves");
        }
    }

    @Test
    void livePaceDeliversFramesNoFasterThanTheirTimestamps() throws Exception {
        try (LavfiSource s = new LavfiSource("color=c=gray:size=16x16:rate=20,trim=duration=0.5", true)) {
            byte[] bgr = new byte[s.open().frameBytes()];
            long t0 = System.nanoTime();
            long ts = 0;
            for (long t; (t = s.read(bgr)) != FrameSource.END_OF_STREAM; ) ts = t;
            assertTrue(System.nanoTime() - t0 >= ts, "10 frames at 20 fps take at least their 0.45 s");
        }
    }

    @Test
    void aBadGraphIsOneLineNamingIt() {
        SourceException e = assertThrows(SourceException.class, () -> new LavfiSource("nosuchsource=size=8x8", false).open());
        assertTrue(e.getMessage().contains("nosuchsource") && e.getMessage().contains("testsrc"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }
}
