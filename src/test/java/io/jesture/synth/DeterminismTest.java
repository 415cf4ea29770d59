package io.jesture.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DeterminismTest {

    private static byte[][] clip(long seed, int label) {
        GestureClip c = GestureClip.create(seed, Split.TRAIN, label, 133, 100, 12, 3);
        byte[][] frames = new byte[c.frameCount()][];
        for (int i = 0; i < c.frameCount(); i++) {
            frames[i] = new byte[133 * 100 * 3];
            c.render(i, frames[i]);
        }
        return frames;
    }

    @Test
    void sameSeedGivesIdenticalBytes() {
        for (int label : new int[] {JesterLabels.SWIPING_LEFT, JesterLabels.ROLLING_HAND_FORWARD, JesterLabels.DOING_OTHER_THINGS}) {
            byte[][] a = clip(42, label), b = clip(42, label);
            for (int i = 0; i < a.length; i++) assertArrayEquals(a[i], b[i], "label " + label + " frame " + i);
        }
    }

    @Test
    void framesRenderedOutOfOrderMatchInOrder() {
        GestureClip c = GestureClip.create(5, Split.TRAIN, JesterLabels.SHAKING_HAND, 133, 100, 12, 3);
        byte[] first = new byte[133 * 100 * 3], again = new byte[first.length];
        c.render(20, first);
        c.render(3, again);
        c.render(20, again);
        assertArrayEquals(first, again);
    }

    @Test
    void differentSeedsDiffer() {
        byte[][] a = clip(1, JesterLabels.THUMB_UP), b = clip(2, JesterLabels.THUMB_UP);
        assertFalse(Arrays.equals(a[0], b[0]));
    }

    @Test
    void scriptedStreamIsDeterministicAtAnySize() {
        ScriptedStream s1 = ScriptedStream.random(9, Split.TEST, 320, 240, 30, 3);
        ScriptedStream s2 = ScriptedStream.random(9, Split.TEST, 320, 240, 30, 3);
        byte[] a = new byte[320 * 240 * 3], b = new byte[a.length];
        for (long i = 0; i < s1.frameCount(); i += 17) {
            s1.render(i, a);
            s2.render(i, b);
            assertArrayEquals(a, b, "frame " + i);
        }
    }
}
