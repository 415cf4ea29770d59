package io.jesture.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Nothing but the gesture may predict the label. The scene (every nuisance: backdrop, person,
 * lighting, camera, timing, speed, amplitude, handedness) is drawn from the seed alone, so the same
 * seed rendered as any two classes has identical scene parameters and identical frames until the
 * hand starts to move.
 */
class NuisanceIndependenceTest {

    @Test
    void sceneParametersDoNotDependOnTheLabel() {
        for (long seed = 0; seed < 20; seed++) {
            Scene ref = GestureClip.create(seed, Split.TRAIN, 0, 64, 48, 12, 3).scene();
            for (int label = 1; label < JesterLabels.count(); label++) {
                assertEquals(ref, GestureClip.create(seed, Split.TRAIN, label, 64, 48, 12, 3).scene(), "seed " + seed + " label " + label);
            }
        }
    }

    @Test
    void framesBeforeOnsetAreIdenticalForEveryLabel() {
        framesBeforeOnsetAreIdenticalForEveryLabel(0);
    }

    /** Also for clips seen from the performer's head: {@link HeadCameraTest} runs this with a share of 1. */
    static void framesBeforeOnsetAreIdenticalForEveryLabel(double headCameraShare) {
        int checked = 0;
        for (long seed = 0; checked < 3; seed++) {
            Scene s = Scene.draw(seed, Split.TRAIN);
            if (s.startRaised() || s.onset() < 0.4) continue; // need rest frames before the hand moves
            // A long gesture may start earlier than the scene's onset so that it completes inside
            // the clip, and a background clip may begin with a raised hand; every frame before the
            // earliest start must be the same for all labels.
            double start = s.onset();
            for (int label = 0; label < JesterLabels.count(); label++) {
                if (label == JesterLabels.NO_GESTURE) continue;
                start = Math.min(start, GestureClip.create(seed, Split.TRAIN, label, 32, 24, 12, 3, Backgrounds.NONE, headCameraShare).handLeavesRestSeconds());
            }
            if (start < 0.4) continue;
            int before = (int) Math.floor(start * 12) - 1;
            byte[] ref = new byte[133 * 100 * 3], other = new byte[ref.length];
            GestureClip base = GestureClip.create(seed, Split.TRAIN, JesterLabels.NO_GESTURE, 133, 100, 12, 3, Backgrounds.NONE, headCameraShare);
            for (int label = 0; label < JesterLabels.count(); label++) {
                GestureClip c = GestureClip.create(seed, Split.TRAIN, label, 133, 100, 12, 3, Backgrounds.NONE, headCameraShare);
                for (int f = 0; f <= before; f++) {
                    base.render(f, ref);
                    c.render(f, other);
                    assertArrayEquals(ref, other, "seed " + seed + " label " + JesterLabels.name(label) + " frame " + f);
                }
            }
            // and the label does change the frames once the gesture runs
            GestureClip swipe = GestureClip.create(seed, Split.TRAIN, JesterLabels.SWIPING_LEFT, 133, 100, 12, 3, Backgrounds.NONE, headCameraShare);
            int mid = (int) (swipe.gestureStartSeconds() * 12) + 4;
            base.render(mid, ref);
            swipe.render(mid, other);
            assertFalse(java.util.Arrays.equals(ref, other));
            checked++;
        }
    }

    @Test
    void trainingNeverSeesHeldOutBackdropsAndHeldOutSplitsDo() {
        Set<Backdrop> train = EnumSet.noneOf(Backdrop.class), val = EnumSet.noneOf(Backdrop.class);
        for (long seed = 0; seed < 400; seed++) {
            train.add(Scene.draw(Split.TRAIN.clipSeed(1, seed), Split.TRAIN).backdrop());
            val.add(Scene.draw(Split.VALIDATION.clipSeed(1, seed), Split.VALIDATION).backdrop());
        }
        for (Backdrop b : Backdrop.HELD_OUT_FAMILIES) {
            assertFalse(train.contains(b), "train saw held-out " + b);
            assertTrue(val.contains(b), "validation never shows held-out " + b);
        }
        assertEquals(EnumSet.allOf(Backdrop.class), EnumSet.copyOf(val));
    }

    @Test
    void splitsUseDisjointSeeds() {
        for (long i = 0; i < 1000; i++) {
            long t = Split.TRAIN.clipSeed(3, i);
            for (long j = 0; j < 5; j++) {
                assertTrue(t != Split.VALIDATION.clipSeed(3, j) && t != Split.TEST.clipSeed(3, j));
            }
        }
    }
}
