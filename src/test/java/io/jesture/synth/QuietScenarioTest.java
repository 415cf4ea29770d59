package io.jesture.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jesture.SourceException;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/** The quiet scenes of {@code eval-quiet}: nothing to detect, and what they add really moves. */
class QuietScenarioTest {
    private static final int W = 160, H = 120;
    private static final double FPS = 10;

    private static ScriptedStream quiet(QuietScenario q, long seed) {
        return ScriptedStream.quiet(seed, Split.TEST, W, H, FPS, q, 60);
    }

    /** The same scene and camera with the performer resting throughout and nothing added. */
    private static ScriptedStream rest(long seed) {
        return ScriptedStream.of(seed, Split.TEST, W, H, FPS, Collections.nCopies(41, "No gesture"));
    }

    private static byte[] frame(ScriptedStream s, double t) {
        byte[] f = new byte[W * H * 3];
        s.render(Math.round(t * FPS), f);
        return f;
    }

    /** Mean absolute difference over the rows y0..y1 (fractions of the height). */
    private static double diff(byte[] a, byte[] b, double y0, double y1) {
        long sum = 0, n = 0;
        for (int y = (int) (y0 * H); y < (int) (y1 * H); y++) {
            for (int i = y * W * 3; i < (y + 1) * W * 3; i++, n++) sum += Math.abs((a[i] & 255) - (b[i] & 255));
        }
        return (double) sum / n;
    }

    @Test
    void everySceneIsAMinuteWithNothingToDetectAndRepeatsExactly() {
        for (QuietScenario q : QuietScenario.values()) {
            ScriptedStream a = quiet(q, 5), b = quiet(q, 5);
            assertEquals(600, a.frameCount(), q.id());
            assertTrue(a.groundTruth().isEmpty(), q.id() + " has gestures to detect: " + a.groundTruth());
            assertArrayEquals(frame(a, 33.3), frame(b, 33.3), q.id());
        }
    }

    @Test
    void theActScenesRepeatTheirActAllMinute() {
        for (QuietScenario q : QuietScenario.values()) {
            if (q.otherKind < 0) continue;
            ScriptedStream s = quiet(q, 11);
            assertTrue(s.segments().size() >= 10, q.id() + ": " + s.segments().size() + " acts in a minute");
            for (ScriptedStream.Segment seg : s.segments()) assertEquals("Doing other things", seg.label(), q.id());
            // halfway into each act the performer is doing it, not resting
            for (ScriptedStream.Segment seg : s.segments()) {
                long mid = Math.round((seg.startNanos() + seg.endNanos()) / 2e9 * FPS);
                assertTrue(s.pose(mid).performing(), q.id() + " rests in the middle of its act at frame " + mid);
            }
        }
    }

    @Test
    void theEmptyRoomHasNobodyInIt() {
        ScriptedStream empty = quiet(QuietScenario.EMPTY_ROOM, 12), rest = rest(12);
        // where the performer's head and body are, the empty room shows the wall
        assertTrue(diff(frame(empty, 20), frame(rest, 20), 0.3, 1.0) > 15, "the performer is still there");
    }

    @Test
    void theScreenPlaysAndThePetAndThePassersComeAndGo() {
        for (QuietScenario q : new QuietScenario[] {QuietScenario.SCREEN, QuietScenario.PET, QuietScenario.PASSER_BY}) {
            ScriptedStream s = quiet(q, 13), rest = rest(13);
            int seen = 0, unseen = 0, changes = 0;
            byte[] prev = null;
            for (double t = 0.5; t < 60; t += 1) {
                byte[] f = frame(s, t);
                if (diff(f, frame(rest, t), 0, 1) > 1.5) seen++;
                else unseen++;
                if (prev != null && diff(f, prev, 0, 1) > 1.5) changes++;
                prev = f;
            }
            // the screen is always on; the pet and the passers are there part of the time
            assertTrue(seen >= (q == QuietScenario.SCREEN ? 59 : 10), q.id() + " seen in " + seen + " of 60 seconds");
            if (q != QuietScenario.SCREEN) assertTrue(unseen >= 5, q.id() + " never leaves: unseen " + unseen);
            assertTrue(changes >= 20, q.id() + " moves in only " + changes + " of 59 seconds");
        }
    }

    @Test
    void aQuietSpecIsASourceAndBadOnesSayWhy() throws Exception {
        try (SyntheticSource s = SyntheticSource.parse("synthetic:seed=3,size=64x48,fps=10,pace=fast,quiet=pet,minutes=0.5")) {
            s.open();
            assertEquals(300, s.stream().frameCount());
            assertTrue(s.groundTruth().isEmpty());
        }
        SourceException e = assertThrows(SourceException.class, () -> SyntheticSource.parse("quiet=dog"));
        assertTrue(e.getMessage().contains("unknown quiet scene 'dog'") && e.getMessage().contains("empty-room, screen, pet, passer-by"), e.getMessage());
        e = assertThrows(SourceException.class, () -> SyntheticSource.parse("quiet=pet,labels=Thumb Up"));
        assertTrue(e.getMessage().contains("only one of"), e.getMessage());
        e = assertThrows(SourceException.class, () -> SyntheticSource.parse("quiet=pet,minutes=0"));
        assertTrue(e.getMessage().contains("minutes"), e.getMessage());
    }
}
