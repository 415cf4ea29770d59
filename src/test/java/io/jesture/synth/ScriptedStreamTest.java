package io.jesture.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptedStreamTest {

    @Test
    void groundTruthIsOrderedNonOverlappingSeparatedAndInsideTheStream() {
        for (long seed = 0; seed < 5; seed++) {
            ScriptedStream s = ScriptedStream.random(seed, Split.TEST, 64, 48, 30, 25);
            List<ScriptedStream.Segment> all = s.segments();
            assertEquals(25, s.groundTruth().size());
            long streamEnd = s.timestampNanos(s.frameCount());
            long prevEnd = -1;
            for (ScriptedStream.Segment g : all) {
                assertTrue(g.startNanos() >= 1_000_000_000L, "starts after a rest: " + g);
                assertTrue(g.endNanos() <= streamEnd, "ends inside the stream: " + g);
                if (prevEnd >= 0) assertTrue(g.startNanos() - prevEnd >= 1_000_000_000L, "at least 1 s rest before " + g);
                long len = g.endNanos() - g.startNanos();
                assertTrue(len >= 1_000_000_000L && len <= 4_000_000_000L, "performed like a Jester clip (1-4 s): " + g);
                prevEnd = g.endNanos();
            }
            for (ScriptedStream.Segment g : s.groundTruth()) {
                assertFalse(JesterLabels.BACKGROUND.contains(g.label()), "ground truth holds gestures only");
            }
        }
    }

    @Test
    void everyGestureClassAppearsEquallyOften() {
        ScriptedStream s = ScriptedStream.random(3, Split.TEST, 32, 24, 10, 50);
        int[] n = new int[JesterLabels.count()];
        for (ScriptedStream.Segment g : s.groundTruth()) n[JesterLabels.index(g.label())]++;
        for (int i = 0; i < n.length; i++) {
            if (!JesterLabels.isBackground(i)) assertEquals(2, n[i], JesterLabels.name(i));
        }
    }

    @Test
    void scriptedOrderIsKeptAndPoseTrackAgreesWithGroundTruth() {
        ScriptedStream s = ScriptedStream.of(4, Split.TEST, 64, 48, 30, List.of("Swiping Left", "Thumb Up", "Swiping Left"));
        List<ScriptedStream.Segment> gt = s.groundTruth();
        assertEquals(List.of("Swiping Left", "Thumb Up", "Swiping Left"), gt.stream().map(ScriptedStream.Segment::label).toList());
        for (long i = 0; i < s.frameCount(); i++) {
            long ts = s.timestampNanos(i);
            boolean inside = gt.stream().anyMatch(g -> ts >= g.startNanos() && ts <= g.endNanos());
            if (s.pose(i).performing()) assertTrue(inside, "performing outside any segment at frame " + i);
        }
    }

    @Test
    void rejectsUnknownLabels() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ScriptedStream.of(1, Split.TEST, 64, 48, 30, List.of("Swiping Sideways")));
        assertTrue(e.getMessage().contains("Swiping Sideways") && e.getMessage().contains("Swiping Left"), e.getMessage());
    }
}
