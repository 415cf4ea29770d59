package io.jesture.internal.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jesture.internal.eval.StreamScore.Detection;
import io.jesture.internal.eval.StreamScore.Result;
import io.jesture.internal.eval.StreamScore.Segment;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StreamScoreTest {
    private static final long S = 1_000_000_000L;
    private static final Set<String> BG = Set.of("No gesture", "Doing other things");

    @Test
    void perfectStreamScoresOne() {
        List<Segment> truth = List.of(new Segment("Swiping Left", 2 * S, 4 * S), new Segment("Thumb Up", 6 * S, 8 * S));
        List<Detection> ev = List.of(new Detection("Swiping Left", 4 * S + S / 5), new Detection("Thumb Up", 7 * S));
        Result r = StreamScore.score(truth, ev, BG, S, 10 * S);
        assertEquals(1.0, r.levenshteinAccuracy(), 1e-9);
        assertEquals(1.0, r.precision(), 1e-9);
        assertEquals(1.0, r.recall(), 1e-9);
        assertEquals(0, r.falseActivations());
        assertEquals(200.0, r.delayP95Millis(), 1e-6);
        assertEquals(-1000.0, r.delayP50Millis(), 1e-6);
    }

    @Test
    void wrongLabelMissedGestureAndFalseAlarmAreAllCounted() {
        List<Segment> truth = List.of(
                new Segment("Swiping Left", 2 * S, 4 * S),
                new Segment("Doing other things", 5 * S, 7 * S),
                new Segment("Thumb Up", 10 * S, 12 * S),
                new Segment("Stop Sign", 14 * S, 16 * S));
        List<Detection> ev = List.of(
                new Detection("Swiping Right", 4 * S),   // substitution inside a gesture window
                new Detection("Shaking Hand", 6 * S),    // fired on "other things": a false activation
                new Detection("Thumb Up", 12 * S));      // Stop Sign is missed
        Result r = StreamScore.score(truth, ev, BG, S, 20 * S);
        assertEquals(3, r.trueGestures());
        // truth [SL, TU, SS] vs pred [SR, SH, TU]: no cheaper alignment than three edits
        assertEquals(3, r.editDistance());
        assertEquals(0.0, r.levenshteinAccuracy(), 1e-9);
        assertEquals(1, r.matched());
        assertEquals(1.0 / 3, r.precision(), 1e-9);
        assertEquals(1.0 / 3, r.recall(), 1e-9);
        assertEquals(1, r.falseActivations());
        // rest = 20 s minus the three gesture windows of 3 s each = 11 s
        assertEquals(11.0 / 60, r.restMinutes(), 1e-9);
    }

    @Test
    void sameGestureTwiceNeedsTwoEvents() {
        List<Segment> truth = List.of(new Segment("Thumb Up", 2 * S, 4 * S), new Segment("Thumb Up", 6 * S, 8 * S));
        Result once = StreamScore.score(truth, List.of(new Detection("Thumb Up", 4 * S)), BG, S, 10 * S);
        assertEquals(0.5, once.levenshteinAccuracy(), 1e-9);
        assertEquals(0.5, once.recall(), 1e-9);
        Result twice = StreamScore.score(truth,
                List.of(new Detection("Thumb Up", 4 * S), new Detection("Thumb Up", 8 * S)), BG, S, 10 * S);
        assertEquals(1.0, twice.levenshteinAccuracy(), 1e-9);
    }
}
