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
    static final int W = 160, H = 120;

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
        int checked = 0;
        byte[] ref = new byte[W * H * 3], other = new byte[ref.length];
        for (long seed = 0; checked < 2; seed++) {
            Scene s = Scene.draw(seed, Split.TRAIN);
            if (s.startRaised() || s.onset() < 0.4) continue;
            double start = s.onset();
            for (int label = 0; label < count(); label++) {
                if (label != NO_GESTURE) start = Math.min(start, clip(seed, label).handLeavesRestSeconds());
            }
            if (start < 0.4) continue;
            int before = (int) Math.floor(start * 12) - 1;
            GestureClip base = clip(seed, NO_GESTURE);
            for (int label = 0; label < count(); label++) {
                GestureClip c = clip(seed, label);
                for (int f = 0; f <= before; f++) {
                    base.render(f, ref);
                    c.render(f, other);
                    assertArrayEquals(ref, other, "seed " + seed + " " + name(label) + " frame " + f);
                }
            }
            checked++;
        }
    }

    private static GestureClip clip(long seed, int label) {
        return GestureClip.create(seed, Split.TRAIN, label, W, H, 12, 3, Backgrounds.NONE, 1);
    }

    /** Centroid (x, y) of pixels that differ clearly from the same seed's rest frame. */
    private static double[] centroid(byte[] f, byte[] rest) {
        double sx = 0, sy = 0;
        int n = 0;
        for (int i = 0, p = 0; i < f.length; i += 3, p++) {
            int d = Math.abs((f[i] & 255) - (rest[i] & 255)) + Math.abs((f[i + 1] & 255) - (rest[i + 1] & 255))
                    + Math.abs((f[i + 2] & 255) - (rest[i + 2] & 255));
            if (d > 60) {
                sx += p % W;
                sy += p / W;
                n++;
            }
        }
        return new double[] {sx / n, sy / n};
    }

    /**
     * The rest clip of a seed has the same head motion, so what differs from it is the hand alone.
     * Its centroid must move in the class's image direction, as in front of a webcam.
     */
    private static void moves(int label, int axis, double sign) {
        for (long seed = 200; seed < 206; seed++) {
            GestureClip c = GestureClip.create(seed, Split.TRAIN, label, W, H, 30, 3, Backgrounds.NONE, 1);
            GestureClip rest = GestureClip.create(seed, Split.TRAIN, NO_GESTURE, W, H, 30, 3, Backgrounds.NONE, 1);
            int a = (int) Math.ceil(c.gestureStartSeconds() * 30) + 1, b = (int) Math.floor(c.gestureEndSeconds() * 30) - 1;
            byte[] f = new byte[W * H * 3], r = new byte[f.length];
            c.render(a, f);
            rest.render(a, r);
            double[] start = centroid(f, r);
            c.render(b, f);
            rest.render(b, r);
            double[] end = centroid(f, r);
            double moved = sign * (end[axis] - start[axis]);
            assertTrue(moved > 5, name(label) + " seed " + seed + ": the hand seen from the head moved " + moved + " px along axis " + axis);
        }
    }

    @Test
    void seenFromTheHeadSwipesAndSlidesMoveTheHandInTheirImageDirection() {
        moves(SWIPING_LEFT, 0, +1);
        moves(SWIPING_RIGHT, 0, -1);
        moves(SLIDING_TWO_FINGERS_LEFT, 0, +1);
        moves(SLIDING_TWO_FINGERS_RIGHT, 0, -1);
        moves(SLIDING_TWO_FINGERS_UP, 1, -1);
        moves(SLIDING_TWO_FINGERS_DOWN, 1, +1);
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
