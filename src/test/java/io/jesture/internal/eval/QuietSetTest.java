package io.jesture.internal.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jesture.synth.SyntheticSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The synthetic group of the quiet set: every scene there is a valid source with nothing to detect. */
class QuietSetTest {
    @TempDir
    Path tmp;

    @Test
    void theSyntheticGroupHoldsRestOtherMotionAndTheNineNamedScenes() throws Exception {
        QuietSet.Selection sel = QuietSet.build(Set.of(QuietInput.SYNTHETIC), 60, tmp, null, tmp, 0);
        assertTrue(sel.skipped().isEmpty(), sel.skipped().toString());
        List<String> names = new ArrayList<>();
        for (QuietInput in : sel.inputs()) {
            names.add(in.name());
            assertEquals(QuietInput.Kind.SYNTHETIC, in.kind());
            try (SyntheticSource s = SyntheticSource.parse(in.target() + ",pace=fast")) {
                assertTrue(s.groundTruth().isEmpty(), in.name() + " has a gesture to detect");
                assertTrue(s.periodNanos() >= 59_000_000_000L, in.name() + " is shorter than a minute");
            }
        }
        assertEquals(List.of("rest-301", "rest-302", "rest-303", "other-motion-304", "other-motion-305", "other-motion-306",
                "typing-307", "talking-308", "drinking-309", "looking-around-310", "leaving-311", "empty-room-312", "screen-313",
                "pet-314", "passer-by-315"), names);
    }
}
