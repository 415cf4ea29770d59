package io.jesture.internal.pipeline;

import io.jesture.Rejection;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RejectionCalibrationTest {
    @Test
    void writtenPointsReadBackAndOmittedTestsAreOff() {
        Rejection standard = Rejection.builder().maxBackground(0.04).minLogSumExp(3.8).build();
        Rejection strict = Rejection.builder().maxBackground(0.03).minLogSumExp(4.0).minMotion(1.0).minHand(0.4).build();
        String json = RejectionCalibration.format(standard, strict, "how");
        assertEquals("{\"standard\":{\"max_background\":0.04,\"min_log_sum_exp\":3.8},"
                + "\"strict\":{\"max_background\":0.03,\"min_log_sum_exp\":4.0,\"min_motion\":1.0,\"min_hand\":0.4},\"note\":\"how\"}", json);
        Map<Rejection.Preset, Rejection> back = RejectionCalibration.parse(json);
        assertEquals(standard, back.get(Rejection.Preset.STANDARD));
        assertEquals(strict, back.get(Rejection.Preset.STRICT));
        assertTrue(RejectionCalibration.parse("{\"standard\":{}}").get(Rejection.Preset.STANDARD).isOff());
    }

    @Test
    void untrackedOnlyMarksEveryPointAndReadsBack() {
        Rejection standard = Rejection.builder().maxBackground(0.015).minLogSumExp(4.05).build();
        Rejection strict = Rejection.builder().maxBackground(0.01).minLogSumExp(4.2).maxHold(java.time.Duration.ofMillis(500)).build();
        Map<Rejection.Preset, Rejection> back = RejectionCalibration.parse(
                RejectionCalibration.untrackedOnly(RejectionCalibration.format(standard, strict, "how")));
        assertEquals(Rejection.builder().maxBackground(0.015).minLogSumExp(4.05).untrackedOnly(true).build(),
                back.get(Rejection.Preset.STANDARD));
        assertEquals(Rejection.builder().maxBackground(0.01).minLogSumExp(4.2).maxHold(java.time.Duration.ofMillis(500))
                .untrackedOnly(true).build(), back.get(Rejection.Preset.STRICT));
        assertTrue(RejectionCalibration.format(back.get(Rejection.Preset.STANDARD), back.get(Rejection.Preset.STRICT), null)
                .contains("\"untracked_only\":true"));
    }

    @Test
    void badEntriesNameTheKey() {
        assertMessage("not JSON", "{standard");
        assertMessage("'loose'", "{\"loose\":{}}");
        assertMessage("jesture.rejection.standard: unknown key 'max_bg'", "{\"standard\":{\"max_bg\":0.1}}");
        assertMessage("jesture.rejection.strict.min_motion must be a number", "{\"strict\":{\"min_motion\":\"high\"}}");
        assertMessage("jesture.rejection.standard: maxBackground must be in (0, 1]", "{\"standard\":{\"max_background\":2}}");
        assertMessage("jesture.rejection.standard.untracked_only must be true or false", "{\"standard\":{\"untracked_only\":1}}");
    }

    static void assertMessage(String part, String json) {
        String m = assertThrows(IllegalArgumentException.class, () -> RejectionCalibration.parse(json)).getMessage();
        assertTrue(m.contains(part), m);
    }
}
