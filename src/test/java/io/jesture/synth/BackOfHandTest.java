package io.jesture.synth;

import static io.jesture.synth.JesterLabels.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Renderer 19: in the classes either side of which a performer may show, half of the scenes turn the
 * back of the hand to the webcam; the choice belongs to the scene, never to the label, and the
 * classes whose meaning fixes the palm never turn.
 */
class BackOfHandTest {
    static final int W = 160, H = 120;
    static final double FPS = 30;
    static final int SEEDS = 200;

    /** Whether the webcam sees the back of the hand: the palm's normal, turned by yaw then roll, points away. */
    private static boolean backToCamera(HandPose p) {
        return Math.cos(p.yaw()) * Math.cos(p.roll()) < 0;
    }

    /** The pose halfway through the performed phase, from the webcam ({@code head} 0) or the head (1). */
    private static HandPose middle(long seed, int label, double head) {
        GestureClip c = GestureClip.create(seed, Split.TRAIN, label, W, H, FPS, 3, Backgrounds.NONE, head);
        return c.pose((int) Math.round((c.gestureStartSeconds() + c.gestureEndSeconds()) / 2 * FPS));
    }

    @Test
    void halfOfTheScenesTurnTheBackAndTheSceneNotTheLabelChooses() {
        int[] turnable = {SWIPING_LEFT, SWIPING_UP, SLIDING_TWO_FINGERS_DOWN, SLIDING_TWO_FINGERS_UP,
                PULLING_TWO_FINGERS_IN, ZOOMING_OUT_WITH_TWO_FINGERS, THUMB_UP, THUMB_DOWN};
        int back = 0;
        for (long s = 1; s <= SEEDS; s++) {
            boolean first = Math.abs(middle(s, turnable[0], 0).yaw()) > 3;
            if (first) back++;
            for (int label : turnable) {
                HandPose p = middle(s, label, 0);
                assertEquals(first, Math.abs(p.yaw()) > 3, "seed " + s + ": " + JesterLabels.name(label)
                        + " turns otherwise than " + JesterLabels.name(turnable[0]) + " in the same scene");
            }
        }
        // BACK_SHARE 0.5 over 200 scenes: 100 expected, sd about 7
        assertTrue(back >= 75 && back <= 125, back + " of " + SEEDS + " scenes turn the back");
    }

    @Test
    void aTurnedHandShowsItsBackAndThumbsStillPointTheirWay() {
        int turned = 0;
        for (long s = 1; s <= 40; s++) {
            HandPose slide = middle(s, SLIDING_TWO_FINGERS_UP, 0);
            if (Math.abs(slide.yaw()) < 3) continue;
            turned++;
            assertTrue(backToCamera(slide), "seed " + s + ": a turned slide shows the palm");
            HandPose up = middle(s, THUMB_UP, 0), down = middle(s, THUMB_DOWN, 0);
            assertTrue(up.thumbUp() > 0.5, "seed " + s + ": a turned Thumb Up's thumb is at " + up.thumbUp());
            assertTrue(down.thumbUp() < -0.5, "seed " + s + ": a turned Thumb Down's thumb is at " + down.thumbUp());
        }
        assertTrue(turned >= 10, "only " + turned + " of 40 scenes turned");
    }

    @Test
    void thePalmClassesAndTheHeadViewNeverTurn() {
        for (long s = 1; s <= 60; s++) {
            for (int label : new int[] {STOP_SIGN, PUSHING_HAND_AWAY, PULLING_HAND_IN, ZOOMING_IN_WITH_FULL_HAND,
                    TURNING_HAND_CLOCKWISE, SHAKING_HAND}) {
                GestureClip c = GestureClip.create(s, Split.TRAIN, label, W, H, FPS, 3, Backgrounds.NONE, 0);
                for (int i = 0; i < c.frameCount(); i++) {
                    assertEquals(0.0, c.pose(i).yaw(), "seed " + s + " " + JesterLabels.name(label) + " frame " + i);
                }
            }
            for (int label : new int[] {SWIPING_LEFT, SLIDING_TWO_FINGERS_UP, THUMB_UP}) {
                assertEquals(0.0, middle(s, label, 1).yaw(), "seed " + s + " " + JesterLabels.name(label) + " from the head");
            }
        }
    }

    @Test
    void otherMotionTurnsTooSoTheBackNeverSaysGesture() {
        int back = 0, raised = 0;
        for (long s = 1; s <= SEEDS; s++) {
            GestureClip c = GestureClip.create(s, Split.TRAIN, DOING_OTHER_THINGS, W, H, FPS, 3, Backgrounds.NONE, 0);
            List<Integer> frames = List.of(c.frameCount() / 3, c.frameCount() / 2, 2 * c.frameCount() / 3);
            boolean any = false;
            for (int i : frames) any |= Math.abs(c.pose(i).yaw()) > 3;
            if (any) back++;
            raised++;
        }
        // about half of the scenes turn, and about two thirds of the other motion raises a hand
        assertTrue(back >= 30, back + " of " + raised + " other-motion scenes show the back of the hand");
    }
}
