package io.jesture.demo;

import org.junit.jupiter.api.Test;

import java.awt.image.BufferedImage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rendered examples the recording cues loop: only for Jester's labels, and they show motion. */
class GestureExampleTest {
    @Test
    void knowsTheJesterLabelsInAnyCaseAndNothingElse() {
        assertEquals("Swiping Left", GestureExample.jesterLabel(" swiping left "));
        assertEquals("No gesture", GestureExample.jesterLabel("No gesture"));
        assertNull(GestureExample.jesterLabel("Circle"));
        assertNull(GestureExample.jesterLabel(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GestureExample.render("Circle"));
        assertTrue(e.getMessage().contains("'Circle'"), e.getMessage());
    }

    @Test
    void anExampleCoversTheGestureAndLoops() {
        GestureExample ex = GestureExample.render("Swiping Right");
        assertEquals("Swiping Right", ex.label());
        // The performed phase (about half a second for a swipe) with the rise before it and the hold after it.
        assertTrue(ex.frameCount() >= 10 && ex.frameCount() <= GestureExample.CLIP_SECONDS * GestureExample.FPS,
                "frames: " + ex.frameCount());
        BufferedImage first = ex.frameAt(0);
        assertEquals(GestureExample.WIDTH, first.getWidth());
        assertEquals(GestureExample.HEIGHT, first.getHeight());
        assertSame(first, ex.frameAt((long) (ex.seconds() * 1e9) + 1_000_000L), "after one pass the loop starts again");
        double most = 0;
        for (int i = 1; i < ex.frameCount(); i++) most = Math.max(most, meanAbsDiff(first, ex.frameAt((long) (i * 1e9 / GestureExample.FPS) + 1000)));
        assertTrue(most > 4, "the hand moves during the example (largest mean difference from the first frame " + most + ")");
    }

    static double meanAbsDiff(BufferedImage a, BufferedImage b) {
        double s = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y), q = b.getRGB(x, y);
                s += Math.abs((p >> 16 & 255) - (q >> 16 & 255)) + Math.abs((p >> 8 & 255) - (q >> 8 & 255)) + Math.abs((p & 255) - (q & 255));
            }
        }
        return s / (3.0 * a.getWidth() * a.getHeight());
    }
}
