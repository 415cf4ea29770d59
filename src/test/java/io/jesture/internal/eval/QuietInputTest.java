package io.jesture.internal.eval;

import io.jesture.FrameSource;
import io.jesture.TestVideos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code eval-quiet --still S}: an egocentric file input held still at both ends, on a real MPEG-4 file written here. */
@Timeout(60)
class QuietInputTest {
    @TempDir
    Path dir;

    @Test
    void aFileHeldStillShowsItsFirstColourBeforeAndItsLastAfter() throws Exception {
        Path clip = TestVideos.write(dir.resolve("clip.mp4"), 64, 48, 10,
                new TestVideos.Segment(TestVideos.RED, 4), new TestVideos.Segment(TestVideos.BLUE, 4));
        QuietInput held = new QuietInput("egogestar/clip", QuietInput.EGOCENTRIC, QuietInput.Kind.FILE, clip.toString(), 0.5);
        assertEquals("file:" + clip + ",still=0.5", held.uri());
        assertEquals("file:" + clip, new QuietInput("egogestar/clip", QuietInput.EGOCENTRIC, QuietInput.Kind.FILE, clip.toString()).uri());
        FrameSource s = held.open(false);
        FrameSource.Format f = s.open();
        byte[] bgr = new byte[f.frameBytes()];
        StringBuilder colours = new StringBuilder();
        int middle = ((f.height() / 2) * f.width() + f.width() / 2) * 3; // the blue byte of the middle pixel
        long t;
        for (int i = 0; (t = s.read(bgr)) != FrameSource.END_OF_STREAM; i++) {
            assertEquals(i * 1e8, t, 1e6, "frame " + i + " one period after the one before, from 0");
            colours.append((bgr[middle] & 0xff) > 128 ? 'B' : 'R');
        }
        s.close();
        assertEquals("RRRRR" + "RRRRBBBB" + "BBBBB", colours.toString(), "5 held, the 8 frames, 5 held");
    }

    @Test
    void onlyAFileHasEndsToHold() {
        assertThrows(IllegalArgumentException.class,
                () -> new QuietInput("testsrc", QuietInput.PATTERN, QuietInput.Kind.LAVFI, "testsrc=size=64x48", 2));
        assertThrows(IllegalArgumentException.class,
                () -> new QuietInput("egogestar/x", QuietInput.EGOCENTRIC, QuietInput.Kind.FILE, "x.mp4", -1));
    }
}
