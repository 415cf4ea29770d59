package io.jesture.synth;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Renderer 5's timing, from the pose track: the pause in the start pose, and the background clips that only drop a hand. */
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
}
