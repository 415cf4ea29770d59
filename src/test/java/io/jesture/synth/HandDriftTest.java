package io.jesture.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Renderer 9: a raised hand is never frozen. While it holds a pose it drifts by about the person's
 * own amount ({@link Scene#wander}), and the drift fades out with the drop, so a hand at rest and a
 * "No gesture" clip are exactly what they were.
 */
class HandDriftTest {
    static final int W = 160, H = 120;
    static final double FPS = 30;

    @Test
    void aHeldHandDriftsByThePersonsOwnAmount() {
        int checked = 0;
        for (long seed = 0; seed < 60; seed++) {
            Scene s = Scene.draw(seed, Split.TRAIN);
            // Stop Sign is a held palm: without the drift it would move only with the body's sway.
            Timeline.Act act = new Timeline.Act(JesterLabels.STOP_SIGN, 0.1, 0.3, 0, 1.3, 1.0, 0.5,
                    false, false, false, new double[] {0.5, 0.5, 0.5, 0.5});
            Timeline tl = new Timeline(s, List.of(act));
            Pose p = new Pose(), plain = new Pose();
            double range = 0, largest = 0;
            double minX = 9, maxX = -9, minY = 9, maxY = -9;
            for (double t = act.performStart(); t <= act.performEnd() + act.hold(); t += 1 / FPS) {
                tl.stateAt(t, p);
                Motion.perform(JesterLabels.STOP_SIGN, Math.min(1, (t - act.performStart()) / act.duration()),
                        t - act.performStart(), s, t, act.rnd(), plain);
                double dx = p.x - plain.x, dy = p.y - plain.y;
                largest = Math.max(largest, Math.hypot(dx, dy));
                minX = Math.min(minX, dx);
                maxX = Math.max(maxX, dx);
                minY = Math.min(minY, dy);
                maxY = Math.max(maxY, dy);
            }
            range = Math.max(maxX - minX, maxY - minY);
            // 2.3 s of a drift at 0.4 Hz or faster covers most of its swing on one axis at least
            assertTrue(range > 0.5 * s.wander(), "seed " + seed + ": drift range " + range + " for wander " + s.wander());
            assertTrue(largest <= 1.0 * Math.sqrt(2) * s.wander() + 1e-12, "seed " + seed + ": drift " + largest + " beyond its size " + s.wander());
            checked++;
        }
        assertEquals(60, checked);
    }

    @Test
    void theHandAtRestAndNoGestureClipsDoNotDrift() {
        for (long seed = 0; seed < 20; seed++) {
            GestureClip c = GestureClip.create(seed, Split.TRAIN, JesterLabels.NO_GESTURE, W, H, FPS, 3);
            Scene s = Scene.draw(seed, Split.TRAIN);
            Pose rest = new Pose();
            for (int i = 0; i < c.frameCount(); i++) {
                Motion.rest(s, i / FPS, rest);
                HandPose hp = c.pose(i);
                assertEquals(W / 2.0 + rest.x * H, hp.x(), 1e-9, "seed " + seed + " frame " + i);
                assertEquals(rest.y * H, hp.y(), 1e-9, "seed " + seed + " frame " + i);
                assertEquals(rest.angle, hp.angle(), 1e-12, "seed " + seed + " frame " + i);
            }
        }
    }

    @Test
    void theDriftIsAPersonsOwnNotTheClasss() {
        // drawn from the seed only: the same person drifts the same way whatever they perform
        Scene a = Scene.draw(42, Split.TRAIN), b = Scene.draw(42, Split.TRAIN), c = Scene.draw(43, Split.TRAIN);
        assertEquals(a.wander(), b.wander());
        assertTrue(a.wander() != c.wander() || a.wanderFreq() != c.wanderFreq());
        for (long seed = 0; seed < 200; seed++) {
            Scene s = Scene.draw(seed, Split.TRAIN);
            assertTrue(s.wander() >= 0.005 && s.wander() <= 0.03, "wander " + s.wander());
            assertTrue(s.wanderFreq() >= 0.4 && s.wanderFreq() <= 1.4, "frequency " + s.wanderFreq());
        }
    }
}
