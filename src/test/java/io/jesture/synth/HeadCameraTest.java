package io.jesture.synth;

import static io.jesture.synth.JesterLabels.*;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
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
    void seenFromTheHeadAThumbUpPointsUpInTheImageAndAThumbDownDown() {
        // From behind, the hand is drawn with its thumb on the other side; the turn that stands the
        // fist on its side must follow the hand as drawn, or the thumb ends up pointing the other way.
        int right = 0, left = 0;
        for (long seed = 100; seed < 112; seed++) {
            if (Scene.draw(seed, Split.TRAIN).side() > 0) right++;
            else left++;
            for (int label : new int[]{THUMB_UP, THUMB_DOWN}) {
                List<HandPose> track = MotionDirectionTest.track(seed, label, 1);
                HandPose p = track.get(track.size() / 2);
                double up = label == THUMB_UP ? p.thumbUp() : -p.thumbUp();
                assertTrue(up > 0.5, JesterLabels.name(label) + " seed " + seed + " from the head: thumb height " + p.thumbUp());
            }
        }
        assertTrue(right > 0 && left > 0, "the seeds must cover both hands");
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

    @Test
    void fromTheHeadOtherThingsAtTheFaceTraceAPathInstead() {
        int traced = 0;
        for (int k = 0; k < Motion.OTHER_KINDS; k++) {
            double[] act = {0.3, 0.5, 0.7, (k + 0.5) / Motion.OTHER_KINDS};
            assertEquals(k, Motion.otherKind(act, false), "the webcam view never changes the kind");
            int seen = Motion.otherKind(act, true);
            assertEquals(Motion.atTheFace(k) ? Motion.TRACE : k, seen, "kind " + k + " seen from the head");
            if (seen == Motion.TRACE) traced++;
        }
        assertEquals(6, traced, "scratching, chin, mug, phone, glasses and eye happen at the face");
    }

    /**
     * A traced path is as long as a slide or longer, yet no stroke of it carries the motion: it turns
     * by at least 70 degrees, and its ends lie closer than 0.85 of its length (a stroke: 1). Fingertip positions
     * from the timeline itself, every 1/60 of the performed phase.
     */
    @Test
    void aTracedPathTurnsAndIsNeverOneStroke() {
        int checked = 0;
        for (long seed = 0; checked < 40 && seed < 20000; seed++) {
            Scene s = Scene.draw(seed, Split.TRAIN);
            double[] act = {((seed * 37) % 100) / 100.0, 0.5, ((seed * 53) % 100) / 100.0, 0.5 / Motion.OTHER_KINDS};
            Timeline.Act a = new Timeline.Act(DOING_OTHER_THINGS, 0.5, 0.4, 0, 1.6, 0.2, 0.5, false, false, false, act);
            Timeline tl = new Timeline(s, java.util.List.of(a), true);
            Pose p = new Pose();
            double len = 0, px = Double.NaN, py = Double.NaN, x0 = 0, y0 = 0, maxTurn = 0;
            double dirStart = Double.NaN;
            for (int i = 0; i <= 60; i++) {
                tl.stateAt(a.performStart() + a.duration() * i / 60.0, p);
                if (i == 0) { x0 = p.x; y0 = p.y; }
                else {
                    double dx = p.x - px, dy = p.y - py, step = Math.hypot(dx, dy);
                    len += step;
                    if (step > 1e-4) {
                        double dir = Math.atan2(dy, dx);
                        if (Double.isNaN(dirStart)) dirStart = dir;
                        double turn = Math.abs(Math.IEEEremainder(dir - dirStart, 2 * Math.PI));
                        maxTurn = Math.max(maxTurn, turn);
                    }
                }
                px = p.x;
                py = p.y;
            }
            double chord = Math.hypot(px - x0, py - y0);
            assertTrue(len > 0.25, "seed " + seed + ": a traced path of " + len + " frame heights is too short to be seen");
            assertTrue(chord < 0.85 * len, "seed " + seed + ": the path (" + len + ") goes mostly one way (" + chord + ")");
            assertTrue(maxTurn > Math.toRadians(70), "seed " + seed + ": the path never turned (" + Math.toDegrees(maxTurn) + " deg)");
            checked++;
        }
        assertEquals(40, checked);
    }
}
