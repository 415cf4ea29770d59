package io.jesture.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Renderer 10: "Doing other things" includes a raised hand tracing loops and zigzags in the air (a
 * fingertip or a loose hand, as people explain or draw), large and smooth, so that a hand moving
 * about without a gesture's stroke is shown as background.
 */
class AirTracingTest {
    static final double FPS = 30;
    static final double[][] ACTS = {
            {0.1, 0.1, 0.1, 15.5 / 16}, {0.5, 0.9, 0.4, 15.5 / 16}, {0.7, 0.3, 0.6, 15.5 / 16}, {0.95, 0.6, 0.9, 15.5 / 16}};

    @Test
    void theTracingHandTravelsFarAndInBothAxes() {
        int checked = 0;
        for (long seed = 0; seed < 30; seed++) {
            Scene s = Scene.draw(seed, Split.TRAIN);
            for (double[] act : ACTS) {
                assertEquals(15, Motion.otherVariant(act));
                double duration = Motion.baseDuration(JesterLabels.DOING_OTHER_THINGS) / s.speed();
                Pose p = new Pose();
                double minX = 9, maxX = -9, minY = 9, maxY = -9, travel = 0, px = Double.NaN, py = Double.NaN;
                for (double tl = 0; tl <= duration; tl += 1 / FPS) {
                    Motion.perform(JesterLabels.DOING_OTHER_THINGS, tl / duration, tl, s, 1 + tl, act, p);
                    minX = Math.min(minX, p.x);
                    maxX = Math.max(maxX, p.x);
                    minY = Math.min(minY, p.y);
                    maxY = Math.max(maxY, p.y);
                    if (!Double.isNaN(px)) travel += Math.hypot(p.x - px, p.y - py);
                    px = p.x;
                    py = p.y;
                }
                // At least a third of a loop of at least 0.06 (x) and 0.05 (y) frame heights.
                assertTrue(maxX - minX > 0.03, "seed " + seed + ": x range " + (maxX - minX));
                assertTrue(maxY - minY > 0.025, "seed " + seed + ": y range " + (maxY - minY));
                // A path, not a stroke: it covers more ground than the box it stays in.
                assertTrue(travel > Math.max(maxX - minX, maxY - minY), "seed " + seed + ": travel " + travel);
                // It stays where hands gesture: inside the frame's height.
                assertTrue(minY > 0.1 && maxY < 1.0, "seed " + seed + ": y " + minY + ".." + maxY);
                checked++;
            }
        }
        assertEquals(30 * ACTS.length, checked);
    }

    @Test
    void itIsOneOfTheBackgroundActsThatClipsDraw() {
        int tracing = 0, other = 0;
        for (long seed = 0; seed < 800; seed++) {
            GestureClip c = GestureClip.create(seed, Split.TRAIN, JesterLabels.DOING_OTHER_THINGS, 88, 64, 6, 3);
            Timeline.Act act = c.act();
            if (act.endOnly()) continue;
            other++;
            if (Motion.otherVariant(act.rnd()) == 15) tracing++;
        }
        // One kind of 16, drawn uniformly: about 1/16 of the clips that are not a gesture's end.
        assertTrue(tracing > other / 32 && tracing < other / 8, tracing + " of " + other);
    }
}
