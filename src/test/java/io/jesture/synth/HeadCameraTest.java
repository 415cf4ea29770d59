package io.jesture.synth;

import static io.jesture.synth.JesterLabels.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The first-person view: chosen by seed alone, invisible to clips it does not choose, the same for
 * every label of a seed, and the hand's motion in the image keeps its meaning.
 */
class HeadCameraTest {
    static final int W = ImageMotionTest.W, H = ImageMotionTest.H;

    @Test
    void theShareChoosesClipsBySeedAloneAndALargerShareKeepsThoseOfASmallerOne() {
        int chosen = 0;
        for (long seed = 0; seed < 1000; seed++) {
            assertNull(HeadCamera.draw(seed, Split.TRAIN, 0));
            assertNotNull(HeadCamera.draw(seed, Split.TRAIN, 1));
            HeadCamera quarter = HeadCamera.draw(seed, Split.TRAIN, 0.25);
            if (quarter != null) {
                chosen++;
                assertEquals(quarter, HeadCamera.draw(seed, Split.TRAIN, 0.5), "seed " + seed);
            }
        }
        assertTrue(chosen > 200 && chosen < 300, chosen + " of 1000 clips seen from the head at a share of 0.25");
    }

    @Test
    void aClipTheShareDoesNotChooseRendersAsIfThereWereNoHeadCamera() {
        int same = 0, differ = 0;
        byte[] a = new byte[W * H * 3], b = new byte[a.length];
        for (long seed = 0; same < 2 || differ < 2; seed++) {
            GestureClip plain = GestureClip.create(seed, Split.TRAIN, SWIPING_LEFT, W, H, 12, 3, Backgrounds.NONE, 0);
            GestureClip shared = GestureClip.create(seed, Split.TRAIN, SWIPING_LEFT, W, H, 12, 3, Backgrounds.NONE, 0.25);
            assertEquals(plain.scene(), shared.scene());
            plain.render(20, a);
            shared.render(20, b);
            if (HeadCamera.draw(seed, Split.TRAIN, 0.25) == null) {
                assertArrayEquals(a, b, "seed " + seed);
                same++;
            } else {
                assertFalse(Arrays.equals(a, b), "seed " + seed + " is seen from the head, but renders as from the webcam");
                differ++;
            }
        }
    }

    @Test
    void framesBeforeTheHandMovesAreTheSameForEveryLabel() {
        NuisanceIndependenceTest.framesBeforeOnsetAreIdenticalForEveryLabel(1);
    }

    @Test
    void seenFromTheHeadSwipesAndSlidesMoveTheHandInTheirImageDirection() {
        // the centroid of what differs from the seed's rest clip, as for the webcam (ImageMotionTest)
        ImageMotionTest.check(SWIPING_LEFT, 0, +1, 1);
        ImageMotionTest.check(SWIPING_RIGHT, 0, -1, 1);
        ImageMotionTest.check(SLIDING_TWO_FINGERS_LEFT, 0, +1, 1);
        ImageMotionTest.check(SLIDING_TWO_FINGERS_RIGHT, 0, -1, 1);
        ImageMotionTest.check(SLIDING_TWO_FINGERS_UP, 1, -1, 1);
        ImageMotionTest.check(SLIDING_TWO_FINGERS_DOWN, 1, +1, 1);
    }

    @Test
    void theViewMovesWithTheHeadWithinTheRoomRenderedAroundIt() {
        for (long seed = 0; seed < 50; seed++) {
            HeadCamera h = HeadCamera.draw(seed, Split.TRAIN, 1);
            double maxX = 0;
            for (double t = 0; t < 3; t += 0.05) {
                assertTrue(Math.abs(h.dx(t)) <= HeadCamera.MARGIN && Math.abs(h.dy(t)) <= HeadCamera.MARGIN);
                maxX = Math.max(maxX, Math.abs(h.dx(t) - h.dx(0)));
            }
            assertTrue(maxX > 0.002, "seed " + seed + ": the head never moved");
        }
    }
}
