package io.jesture.synth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Renderer 5's and 7's timing, from the pose track: the pause in the start pose, the background clips
 * that only drop a hand, and a hand that relaxes before it drops.
 */
class PauseAndDropTest {
    static final int W = 160, H = 120;
    static final double FPS = 30;

    @Test
    void theStartPoseIsHeldStillBeforeTheStroke() {
        int checked = 0;
        for (long seed = 0; checked < 4 && seed < 400; seed++) {
            Scene s = Scene.draw(seed, Split.TRAIN);
            if (s.startRaised() || s.preHold() < 0.5) continue;
            GestureClip c = GestureClip.create(seed, Split.TRAIN, JesterLabels.SWIPING_LEFT, W, H, FPS, 3);
            Timeline.Act a = c.act();
            if (a.preHold() < 0.4) continue; // shortened to fit the clip
            int from = (int) Math.ceil((a.start() + a.rise() + 0.03) * FPS), to = (int) Math.floor((a.performStart() - 0.01) * FPS);
            double minX = Double.MAX_VALUE, maxX = -Double.MAX_VALUE;
            for (int i = from; i <= to; i++) {
                HandPose p = c.pose(i);
                assertFalse(p.performing(), "seed " + seed + " frame " + i + " is in the pause, not the stroke");
                assertTrue(p.y() < H, "seed " + seed + ": the hand is up during the pause");
                minX = Math.min(minX, p.x());
                maxX = Math.max(maxX, p.x());
            }
            assertTrue(maxX - minX < 0.03 * W, "seed " + seed + ": the hand drifts " + (maxX - minX) + " px while it waits");
            double x0 = c.pose((int) Math.ceil(a.performStart() * FPS)).x(), x1 = c.pose((int) Math.floor(a.performEnd() * FPS)).x();
            assertTrue(Math.abs(x1 - x0) > 0.2 * W, "seed " + seed + ": the stroke moves the hand after the pause");
            checked++;
        }
        assertTrue(checked == 4, "seeds with a long pause: " + checked);
    }

    @Test
    void someBackgroundClipsOnlyHoldAGesturesEndPoseAndDropIt() {
        int clips = 200, endOnly = 0;
        for (long seed = 0; seed < clips; seed++) {
            GestureClip c = GestureClip.create(seed, Split.TRAIN, JesterLabels.DOING_OTHER_THINGS, W, H, FPS, 3);
            if (!c.act().endOnly()) continue;
            endOnly++;
            int shown = c.act().label();
            assertTrue(Arrays.stream(GestureClip.END_POSES).anyMatch(l -> l == shown), JesterLabels.name(shown));
            assertTrue(c.pose(0).y() < H, "seed " + seed + ": the hand is raised from the first frame");
            for (int i = 0; i < c.frameCount(); i++) assertFalse(c.pose(i).performing(), "seed " + seed + " frame " + i);
            assertTrue(c.pose(c.frameCount() - 1).y() > H, "seed " + seed + ": the hand has dropped out of the frame by the end");
        }
        double share = endOnly / (double) clips;
        assertTrue(share > 0.25 && share < 0.45, "share of drop-only background clips " + share);
    }

    @Test
    void aFinishedHandRelaxesBeforeItDrops() {
        Scene s = Scene.draw(5, Split.TRAIN);
        double hold = 0.2, fall = 0.8;
        Timeline.Act act = new Timeline.Act(JesterLabels.SLIDING_TWO_FINGERS_UP, 0.2, 0.4, 0, 0.9, hold, fall,
                false, false, false, new double[] {0.5, 0.5, 0.5, 0.5});
        Timeline tl = new Timeline(s, java.util.List.of(act));
        Pose end = new Pose(), rest = new Pose(), at = new Pose();
        double fallStart = act.performEnd() + hold;
        tl.stateAt(fallStart - 0.01, end);
        double t = fallStart + Timeline.SHAPE_LEAD * fall + 1e-6;
        tl.stateAt(t, at);
        Motion.rest(s, t, rest);
        // The shape has reached rest ...
        for (int f = 0; f < 4; f++) assertTrue(Math.abs(at.curl[f] - rest.curl[f]) < 1e-6, "finger " + f + " still curling at " + at.curl[f]);
        assertTrue(Math.abs(at.roll - rest.roll) < 1e-6 && Math.abs(at.angle - rest.angle) < 1e-6, "the hand has turned to rest");
        assertTrue(end.curl[0] < 0.1 && end.curl[2] > 0.9, "the end pose shows two fingers");
        // ... while the hand is still far from it: less than halfway down.
        double down = (at.y - end.y) / (rest.y - end.y);
        assertTrue(down > 0.05 && down < 0.5, "share of the drop done when the shape has settled: " + down);
        // Halfway through the drop the hand is already relaxed, not a two-finger shape moving down.
        tl.stateAt(fallStart + 0.5 * fall, at);
        assertTrue(at.curl[2] < 0.5 && at.curl[0] > 0.25, "index " + at.curl[0] + ", ring " + at.curl[2]);
    }
}
