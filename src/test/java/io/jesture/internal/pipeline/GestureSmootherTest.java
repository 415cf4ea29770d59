package io.jesture.internal.pipeline;

import io.jesture.ConfigException;
import io.jesture.Smoothing;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recorded probability sequences with explicit timestamps. Labels: 0 "Swipe", 1 "Thumb", 2 "Other"
 * (background) and 3 "Rest" (background). One step = one inference every 166 ms (stride 2 at 12 fps).
 */
class GestureSmootherTest {
    static final List<String> LABELS = List.of("Swipe", "Thumb", "Other", "Rest");
    static final Set<String> BACKGROUND = Set.of("Other", "Rest");
    static final long STEP = 166_666_667L;

    static float[] p(double swipe, double thumb, double other) {
        return new float[] {(float) swipe, (float) thumb, (float) other, (float) (1 - swipe - thumb - other)};
    }

    static final float[] REST = p(0.02, 0.02, 0.02);
    static final float[] SWIPE = p(0.9, 0.04, 0.02);
    static final float[] THUMB = p(0.04, 0.9, 0.02);
    static final float[] OTHER = p(0.02, 0.02, 0.9);

    /** Runs a sequence, one step per element, and returns "label@step" for each event. */
    static List<String> run(GestureSmoother s, float[]... seq) {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < seq.length; i++) {
            int fired = s.update(seq[i], i * STEP);
            if (fired >= 0) events.add(LABELS.get(fired) + "@" + i);
        }
        return events;
    }

    static float[][] repeat(float[] p, int n) {
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) out[i] = p;
        return out;
    }

    static float[][] concat(float[][]... parts) {
        List<float[]> all = new ArrayList<>();
        for (float[][] part : parts) all.addAll(List.of(part));
        return all.toArray(float[][]::new);
    }

    static GestureSmoother smoother(Smoothing s) throws ConfigException {
        return new GestureSmoother(s, LABELS, BACKGROUND, Set.of(), Set.of());
    }

    static final Smoothing NO_COOLDOWN = Smoothing.builder().cooldown(Duration.ZERO).build();

    @Test
    void aHeldGestureFiresExactlyOnce() throws Exception {
        List<String> events = run(smoother(NO_COOLDOWN), concat(repeat(REST, 5), repeat(SWIPE, 20), repeat(REST, 5)));
        // EMA 0.5: 0.46 after one step, 0.68 after two -> fires on the second swipe step.
        assertEquals(List.of("Swipe@6"), events);
    }

    @Test
    void theSameGestureTwiceWithRestBetweenFiresTwice() throws Exception {
        List<String> events = run(smoother(NO_COOLDOWN),
                concat(repeat(REST, 3), repeat(SWIPE, 6), repeat(REST, 3), repeat(SWIPE, 6), repeat(REST, 3)));
        assertEquals(List.of("Swipe@4", "Swipe@13"), events);
    }

    @Test
    void restLeadingBetweenTwoGesturesRearmsEvenAboveTheReleaseThreshold() throws Exception {
        // A long window still holds part of the first gesture during the rest, so the class stays
        // above the release threshold (0.35 > 0.3) while "Rest" leads: the second gesture must fire.
        float[] restLeads = p(0.35, 0.02, 0.02);
        List<String> events = run(smoother(Smoothing.builder().cooldown(Duration.ZERO).activationThreshold(0.6).margin(0.3).build()),
                concat(repeat(SWIPE, 6), repeat(restLeads, 4), repeat(SWIPE, 6)));
        assertEquals(List.of("Swipe@0", "Swipe@10"), events);
    }

    @Test
    void aDipThatStaysAboveTheReleaseThresholdDoesNotFireAgain() throws Exception {
        float[] dip = p(0.45, 0.04, 0.02);
        List<String> events = run(smoother(NO_COOLDOWN),
                concat(repeat(SWIPE, 4), repeat(dip, 2), repeat(SWIPE, 4), repeat(REST, 3)));
        assertEquals(List.of("Swipe@0"), events);
    }

    @Test
    void hysteresisReleasesOnlyBelowTheReleaseThreshold() throws Exception {
        // A dip to 0.3 between two swipes (no smoothing): it re-arms the class only if 0.3 is below the
        // release threshold. Thumb leads during the dip (0.5, under the activation threshold), not a
        // background class, which would re-arm the class by itself.
        float[] dip = p(0.3, 0.5, 0.0);
        float[][] seq = concat(repeat(SWIPE, 4), repeat(dip, 1), repeat(SWIPE, 4));
        assertEquals(1, run(smoother(Smoothing.builder().cooldown(Duration.ZERO)
                .activationThreshold(0.65).releaseThreshold(0.2).margin(0.2).emaAlpha(1.0).build()), seq).size());
        assertEquals(2, run(smoother(Smoothing.builder().cooldown(Duration.ZERO)
                .activationThreshold(0.65).releaseThreshold(0.35).margin(0.2).emaAlpha(1.0).build()), seq).size());
    }

    @Test
    void cooldownHoldsBackAnEventThatComesTooSoon() throws Exception {
        Smoothing s = Smoothing.builder().emaAlpha(1.0).cooldown(Duration.ofMillis(1000)).build();
        // Swipe at step 0, thumb at step 2 (333 ms later: inside the 1 s cooldown), still held at step 6 (1 s).
        float[][] seq = concat(repeat(SWIPE, 1), repeat(REST, 1), repeat(THUMB, 6));
        assertEquals(List.of("Swipe@0", "Thumb@6"), run(smoother(s), seq));
        // A thumb released before the cooldown ends is lost.
        float[][] brief = concat(repeat(SWIPE, 1), repeat(REST, 1), repeat(THUMB, 2), repeat(REST, 6));
        assertEquals(List.of("Swipe@0"), run(smoother(s), brief));
        // Without cooldown it fires at once.
        assertEquals(List.of("Swipe@0", "Thumb@2"), run(smoother(Smoothing.builder().emaAlpha(1.0).cooldown(Duration.ZERO).build()), brief));
    }

    @Test
    void backgroundLabelsNeverFire() throws Exception {
        assertEquals(List.of(), run(smoother(NO_COOLDOWN), concat(repeat(OTHER, 10), repeat(REST, 10))));
    }

    @Test
    void aSmallMarginBlocksActivation() throws Exception {
        float[] close = p(0.48, 0.42, 0.05);
        Smoothing s = Smoothing.builder().cooldown(Duration.ZERO).activationThreshold(0.4).releaseThreshold(0.2).build();
        assertEquals(List.of(), run(smoother(s), repeat(close, 10)));
        assertEquals(List.of("Swipe@0"), run(smoother(s.toBuilder().margin(0.05).build()), repeat(close, 10)));
    }

    @Test
    void allowAndDenyListsFilterLabels() throws Exception {
        float[][] seq = concat(repeat(SWIPE, 3), repeat(REST, 3), repeat(THUMB, 3), repeat(REST, 3));
        assertEquals(List.of("Swipe@0", "Thumb@7"), run(smoother(NO_COOLDOWN), seq));
        assertEquals(List.of("Thumb@7"), run(new GestureSmoother(NO_COOLDOWN, LABELS, BACKGROUND, Set.of("Thumb"), Set.of()), seq));
        assertEquals(List.of("Swipe@0"), run(new GestureSmoother(NO_COOLDOWN, LABELS, BACKGROUND, Set.of(), Set.of("Thumb")), seq));
    }

    @Test
    void unknownLabelsInAllowOrDenyAreAConfigErrorListingThem() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new GestureSmoother(NO_COOLDOWN, LABELS, BACKGROUND, Set.of("Swipe", "Swiping Lfet"), Set.of()));
        assertTrue(e.getMessage().contains("allow") && e.getMessage().contains("Swiping Lfet") && e.getMessage().contains("Thumb"), e.getMessage());
        e = assertThrows(ConfigException.class, () -> new GestureSmoother(NO_COOLDOWN, LABELS, BACKGROUND, Set.of(), Set.of("Nope")));
        assertTrue(e.getMessage().contains("deny") && e.getMessage().contains("Nope"), e.getMessage());
    }

    @Test
    void movingMeanAveragesTheLastWindow() throws Exception {
        Smoothing mean = Smoothing.builder().method(Smoothing.Method.MEAN).window(3).cooldown(Duration.ZERO).build();
        GestureSmoother s = smoother(mean);
        s.update(REST, 0);
        s.update(REST, STEP);
        assertEquals(-1, s.update(SWIPE, 2 * STEP));
        assertEquals((0.02f + 0.02f + 0.9f) / 3, s.smoothed()[0], 1e-6);
        // Swipe (0.02 + 0.9 + 0.9) / 3 = 0.607 passes 0.6, but Rest (0.94 + 0.04 + 0.04) / 3 = 0.34 leaves a 0.27 margin < 0.3.
        assertEquals(-1, s.update(SWIPE, 3 * STEP));
        assertEquals(0, s.update(SWIPE, 4 * STEP));
    }

    @Test
    void startTimeIsWhenTheClassRoseAboveTheReleaseThreshold() throws Exception {
        GestureSmoother s = smoother(NO_COOLDOWN);
        float[][] seq = concat(repeat(REST, 2), repeat(SWIPE, 3));
        int fired = -1;
        long at = -1;
        for (int i = 0; i < seq.length && fired < 0; i++) {
            fired = s.update(seq[i], i * STEP);
            at = i * STEP;
        }
        assertEquals(0, fired);
        assertEquals(2 * STEP, s.firedStartNanos()); // EMA 0.46 >= 0.3 at step 2
        assertEquals(3 * STEP, at);
    }

    @Test
    void timeGoingBackStartsAFreshStream() throws Exception {
        GestureSmoother s = smoother(Smoothing.defaults());
        run(s, repeat(SWIPE, 3));
        // A reopened source restarts its clock: the swipe must fire again, not wait for a cooldown.
        assertEquals(0, s.update(SWIPE, 0));
    }
}
