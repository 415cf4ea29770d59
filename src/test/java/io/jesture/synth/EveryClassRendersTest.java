package io.jesture.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EveryClassRendersTest {
    static final int W = 133, H = 100;

    @Test
    void everyClassRendersAVisibleHandThatDiffersFromRest() {
        for (long seed = 1; seed <= 3; seed++) {
            GestureClip rest = GestureClip.create(seed, Split.TRAIN, JesterLabels.NO_GESTURE, W, H, 12, 3);
            for (int label = 0; label < JesterLabels.count(); label++) {
                GestureClip c = GestureClip.create(seed, Split.TRAIN, label, W, H, 12, 3);
                assertEquals(36, c.frameCount());
                byte[] frame = new byte[W * H * 3], base = new byte[W * H * 3];
                int mid = c.frameCount() / 2;
                if (label != JesterLabels.NO_GESTURE) {
                    mid = (int) Math.round((c.gestureStartSeconds() + c.gestureEndSeconds()) / 2 * c.fps());
                }
                c.render(mid, frame);
                assertTrue(stddev(frame) > 10, "frame is blank for " + JesterLabels.name(label) + " seed " + seed);
                if (label == JesterLabels.NO_GESTURE) continue;
                rest.render(mid, base);
                int changed = 0;
                for (int i = 0; i < frame.length; i += 3) {
                    int d = Math.abs((frame[i] & 255) - (base[i] & 255)) + Math.abs((frame[i + 1] & 255) - (base[i + 1] & 255))
                            + Math.abs((frame[i + 2] & 255) - (base[i + 2] & 255));
                    if (d > 60) changed++;
                }
                assertTrue(changed > 40, JesterLabels.name(label) + " seed " + seed + " looks like rest: " + changed + " pixels changed");
                if (label == JesterLabels.DOING_OTHER_THINGS) continue; // the hand may stay down
                HandPose p = c.pose(mid);
                assertTrue(p.performing(), JesterLabels.name(label) + " not performing mid-gesture");
                assertTrue(p.x() > 0 && p.x() < W && p.y() > 0 && p.y() < H, JesterLabels.name(label) + " hand out of frame: " + p);
            }
        }
    }

    private static double stddev(byte[] f) {
        double s = 0, s2 = 0;
        for (byte b : f) {
            s += b & 255;
            s2 += (b & 255) * (b & 255);
        }
        double m = s / f.length;
        return Math.sqrt(s2 / f.length - m * m);
    }
}
