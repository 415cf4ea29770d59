package io.jesture.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Renderer 18's vertical two-finger slides: in a share of scenes, drawn per scene and never per label,
 * Sliding Two Fingers Up opens a fist into two fingers on the way up with no pause after the rise,
 * and Sliding Two Fingers Down curls them into the palm on the way down with no pause before the drop.
 */
class FoldedSlideTest {
    static final double FPS = 30;

    @Test
    void theFoldIsDrawnPerSceneForEveryLabelAlike() {
        int clips = 300, folded = 0;
        for (long seed = 0; seed < clips; seed++) {
            double up = GestureClip.create(seed, Split.TRAIN, JesterLabels.SLIDING_TWO_FINGERS_UP, 160, 120, FPS, 3).act().rnd()[4];
            double other = GestureClip.create(seed, Split.TRAIN, JesterLabels.SWIPING_LEFT, 160, 120, FPS, 3).act().rnd()[4];
            assertEquals(up, other, "seed " + seed + ": the fold does not depend on the label");
            if (up > 0) folded++;
        }
        double share = folded / (double) clips;
        assertTrue(Math.abs(share - GestureClip.FOLD_SHARE) < 0.1, "share of folded scenes " + share);
    }

    @Test
    void aFoldedSlideUpOpensTheFistOnTheWayUp() {
        int checked = 0;
        for (long seed = 0; checked < 5 && seed < 200; seed++) {
            Timeline.Act a = GestureClip.create(seed, Split.TRAIN, JesterLabels.SLIDING_TWO_FINGERS_UP, 160, 120, FPS, 3).act();
            if (a.rnd()[4] == 0 || a.holdBefore()) continue;
            assertEquals(0, a.preHold(), "seed " + seed + ": the rise flows into the stroke");
            Pose start = at(seed, a, a.performStart() + 1e-6), end = at(seed, a, a.performEnd());
            assertTrue(start.curl[0] > 0.9 && start.curl[1] > 0.9, "seed " + seed + ": a fist when the stroke starts");
            assertTrue(end.curl[0] < 0.1 && end.curl[1] < 0.1 && end.curl[2] > 0.9, "seed " + seed + ": two fingers when it ends");
            assertTrue(end.y < start.y, "seed " + seed + ": the hand goes up");
            checked++;
        }
        assertEquals(5, checked);
    }

    @Test
    void aFoldedSlideDownCurlsTheFingersOnTheWayDown() {
        int checked = 0;
        for (long seed = 0; checked < 5 && seed < 200; seed++) {
            Timeline.Act a = GestureClip.create(seed, Split.TRAIN, JesterLabels.SLIDING_TWO_FINGERS_DOWN, 160, 120, FPS, 3).act();
            if (a.rnd()[4] == 0 || a.stay()) continue;
            assertEquals(0, a.hold(), "seed " + seed + ": the stroke flows into the drop");
            Pose start = at(seed, a, a.performStart() + 1e-6), end = at(seed, a, a.performEnd());
            assertTrue(start.curl[0] < 0.1 && start.curl[1] < 0.1, "seed " + seed + ": two fingers when the stroke starts");
            assertTrue(end.curl[0] > 0.9 && end.curl[1] > 0.9, "seed " + seed + ": a fist when it ends");
            assertTrue(end.y > start.y, "seed " + seed + ": the hand goes down");
            checked++;
        }
        assertEquals(5, checked);
    }

    @Test
    void anUnfoldedSlideKeepsTwoFingersThroughout() {
        for (long seed = 0; seed < 40; seed++) {
            Timeline.Act a = GestureClip.create(seed, Split.TRAIN, JesterLabels.SLIDING_TWO_FINGERS_DOWN, 160, 120, FPS, 3).act();
            if (a.rnd()[4] > 0) continue;
            Pose start = at(seed, a, a.performStart() + 1e-6), end = at(seed, a, a.performEnd());
            assertTrue(start.curl[0] < 0.1 && end.curl[0] < 0.1, "seed " + seed + ": the fingers stay out");
        }
    }

    private static Pose at(long seed, Timeline.Act a, double t) {
        Pose p = new Pose();
        new Timeline(Scene.draw(seed, Split.TRAIN), List.of(a)).stateAt(t, p);
        return p;
    }
}
