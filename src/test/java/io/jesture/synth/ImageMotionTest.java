package io.jesture.synth;

import static io.jesture.synth.JesterLabels.*;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The pose track could be right while the drawing is wrong, so this checks the pixels too: the
 * centroid of what differs from the same seed at rest moves in the gesture's image direction.
 */
class ImageMotionTest {
    static final int W = 160, H = 120;

    /** Centroid (x, y) of pixels that differ clearly from the rest frame. */
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

    private static void check(int label, int axis, double sign) {
        check(label, axis, sign, 0);
    }

    /**
     * With a head camera the seed's rest clip has the same head motion, so what differs from it is
     * still the hand alone.
     */
    static void check(int label, int axis, double sign, double headCameraShare) {
        for (long seed = 200; seed < 206; seed++) {
            GestureClip c = GestureClip.create(seed, Split.TRAIN, label, W, H, 30, 3, Backgrounds.NONE, headCameraShare);
            GestureClip rest = GestureClip.create(seed, Split.TRAIN, NO_GESTURE, W, H, 30, 3, Backgrounds.NONE, headCameraShare);
            int a = (int) Math.ceil(c.gestureStartSeconds() * 30) + 1, b = (int) Math.floor(c.gestureEndSeconds() * 30) - 1;
            byte[] f = new byte[W * H * 3], r = new byte[f.length];
            c.render(a, f);
            rest.render(a, r);
            double[] start = centroid(f, r);
            c.render(b, f);
            rest.render(b, r);
            double[] end = centroid(f, r);
            double moved = sign * (end[axis] - start[axis]);
            assertTrue(moved > 5, name(label) + " seed " + seed + ": changed pixels moved " + moved + " px along axis " + axis);
        }
    }

    @Test
    void swipesMoveThePixelsInPerformerViewDirections() {
        check(SWIPING_LEFT, 0, +1);   // toward the image's right edge
        check(SWIPING_RIGHT, 0, -1);  // toward the left edge
        check(SWIPING_DOWN, 1, +1);
        check(SWIPING_UP, 1, -1);
        check(SLIDING_TWO_FINGERS_LEFT, 0, +1);
        check(SLIDING_TWO_FINGERS_RIGHT, 0, -1);
    }
}
