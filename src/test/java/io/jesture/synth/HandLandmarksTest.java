package io.jesture.synth;

import static io.jesture.synth.JesterLabels.STOP_SIGN;
import static io.jesture.synth.JesterLabels.SWIPING_LEFT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The 21 landmarks a clip gives from its pose track: in MediaPipe's order, where the drawn hand is,
 * with the drawn side, and the same every time.
 */
class HandLandmarksTest {
    static final int W = 176, H = 100;
    static final double FPS = 12;

    private static GestureClip clip(long seed, int label, double headShare) {
        return GestureClip.create(seed, Split.TRAIN, label, W, H, FPS, 3, Backgrounds.NONE, headShare);
    }

    private static int middleOfGesture(GestureClip c) {
        return (int) Math.round((c.gestureStartSeconds() + c.gestureEndSeconds()) / 2 * FPS);
    }

    @Test
    void aStopSignIsUprightWithItsThumbOnTheDrawnSideAndFlat() {
        for (long seed = 100; seed < 112; seed++) {
            for (double head : new double[] {0, 1}) {
                GestureClip c = clip(seed, STOP_SIGN, head);
                int f = middleOfGesture(c);
                float[] p = new float[63];
                int side = c.handLandmarks(f, p);
                int expected = HeadCamera.drawnSide(c.scene().side(), head > 0);
                assertEquals(expected, side, "seed " + seed + " head " + head);
                double palm = Math.hypot(p[27] - p[0], p[28] - p[1]);
                assertTrue(palm > 3, "a palm of " + palm + " px");
                // fingers up: every fingertip above the wrist (image y grows downward)
                for (int tip : new int[] {8, 12, 16, 20}) assertTrue(p[3 * tip + 1] < p[1] - palm, "seed " + seed + ": tip " + tip);
                // a right hand with its palm to the camera has its thumb toward the image's right
                double thumbMinusPinky = p[3 * 4] - p[3 * 20];
                assertTrue(Math.signum(thumbMinusPinky) == side, "seed " + seed + " head " + head + ": thumb - pinky " + thumbMinusPinky);
                // a flat hand facing the camera: no point far nearer or farther than the wrist
                for (int i = 0; i < 21; i++) assertTrue(Math.abs(p[3 * i + 2] - p[2]) < 0.5 * palm, "depth of point " + i);
                // the landmarks surround the pose track's palm centre
                HandPose pose = c.pose(f);
                double cx = (p[0] + p[15] + p[27] + p[39] + p[51]) / 5, cy = (p[1] + p[16] + p[28] + p[40] + p[52]) / 5;
                assertTrue(Math.hypot(cx - pose.x(), cy - pose.y()) < pose.scale(),
                        "seed " + seed + ": palm centre " + cx + "," + cy + " against the pose's " + pose.x() + "," + pose.y());
            }
        }
    }

    @Test
    void swipingLeftMovesTheKnucklesTowardTheImagesRight() {
        for (long seed = 100; seed < 112; seed++) {
            GestureClip c = clip(seed, SWIPING_LEFT, 0);
            float[] a = new float[63], b = new float[63];
            c.handLandmarks((int) Math.ceil(c.gestureStartSeconds() * FPS), a);
            c.handLandmarks((int) Math.floor(c.gestureEndSeconds() * FPS), b);
            assertTrue(b[27] > a[27], "seed " + seed + ": middle knuckle x " + a[27] + " -> " + b[27]);
        }
    }

    @Test
    void theSameClipGivesTheSameLandmarks() {
        float[] a = new float[63], b = new float[63];
        clip(7, SWIPING_LEFT, 0).handLandmarks(15, a);
        GestureClip again = clip(7, SWIPING_LEFT, 0);
        again.render(3, new byte[W * H * 3]);           // drawing a frame first changes nothing
        again.handLandmarks(15, b);
        assertArrayEquals(a, b);
    }

    @Test
    void refusesAShortBufferOrAFrameOutsideTheClip() {
        GestureClip c = clip(7, STOP_SIGN, 0);
        assertThrows(IllegalArgumentException.class, () -> c.handLandmarks(0, new float[62]));
        assertThrows(IndexOutOfBoundsException.class, () -> c.handLandmarks(c.frameCount(), new float[63]));
    }
}
