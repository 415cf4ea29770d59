package io.jesture.internal.pipeline;

import io.jesture.ModelInfo;
import io.jesture.Rejection;
import io.jesture.Smoothing;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.jesture.internal.pipeline.GestureSmootherTest.LABELS;
import static io.jesture.internal.pipeline.GestureSmootherTest.REST;
import static io.jesture.internal.pipeline.GestureSmootherTest.STEP;
import static io.jesture.internal.pipeline.GestureSmootherTest.p;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rejection gate inside {@link GestureSmoother}: recorded sequences of probabilities with the
 * evidence each inference carries (log-sum-exp of the logits, the clip's motion). Labels as in
 * {@link GestureSmootherTest}: "Swipe", "Thumb", and the background "Other" and "Rest".
 */
class RejectionGateTest {
    /** Confident swipe, almost no background: what a familiar gesture looks like. */
    static final float[] SWIPE = p(0.96, 0.01, 0.01);
    /** Confident about the swipe too, but with 12% left on the background classes: what an unfamiliar scene looks like. */
    static final float[] HEDGED_SWIPE = p(0.88, 0.0, 0.06);

    record In(float[] probs, float logSumExp, float motion) {}

    static List<String> run(GestureSmoother s, List<In> seq) {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < seq.size(); i++) {
            int c = s.update(seq.get(i).probs(), seq.get(i).logSumExp(), seq.get(i).motion(), i * STEP);
            if (c >= 0) events.add(LABELS.get(c) + "@" + i);
        }
        return events;
    }

    static List<In> repeat(float[] p, float lse, float motion, int n) {
        List<In> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(new In(p, lse, motion));
        return out;
    }

    @SafeVarargs
    static List<In> concat(List<In>... parts) {
        List<In> all = new ArrayList<>();
        for (List<In> part : parts) all.addAll(part);
        return all;
    }

    static GestureSmoother smoother(Rejection r) throws Exception {
        return new GestureSmoother(Smoothing.builder().cooldown(Duration.ZERO).rejection(r).build(), LABELS,
                GestureSmootherTest.BACKGROUND, Set.of(), Set.of());
    }

    @Test
    void withTheGateOffAHedgedGestureFires() throws Exception {
        assertEquals(List.of("Swipe@4"), run(smoother(Rejection.OFF), concat(repeat(REST, 5, 2, 3), repeat(HEDGED_SWIPE, 5, 2, 6))));
    }

    @Test
    void backgroundMassAboveTheLimitHoldsTheEventBack() throws Exception {
        Rejection r = Rejection.builder().maxBackground(0.1).build();
        assertEquals(List.of(), run(smoother(r), concat(repeat(REST, 5, 2, 3), repeat(HEDGED_SWIPE, 5, 2, 10))));
    }

    @Test
    void aClassAProfileAddedIsNotJudgedByTheModelsGateButStillNeverFiresFromRest() throws Exception {
        Smoothing s = Smoothing.builder().cooldown(Duration.ZERO).rejection(Rejection.builder().maxBackground(0.1).build()).build();
        // "Swipe" stands for a class a profile added: the calibrated limit does not hold it back.
        GestureSmoother profiled = GestureSmoother.forModel(s, model(Map.of()), Set.of(), Set.of(), List.of("Swipe"));
        assertEquals(List.of("Swipe@4"), run(profiled, concat(repeat(REST, 5, 2, 3), repeat(HEDGED_SWIPE, 5, 2, 6))));
        // the model's own class, same scores: held back as before
        GestureSmoother plain = GestureSmoother.forModel(s, model(Map.of()), Set.of(), Set.of(), List.of());
        assertEquals(List.of(), run(plain, concat(repeat(REST, 5, 2, 3), repeat(HEDGED_SWIPE, 5, 2, 6))));
        assertEquals(List.of(), run(profiled, repeat(REST, 5, 2, 12)), "rest fired");
    }

    @Test
    void aHeldBackGestureFiresLaterOnceTheEvidencePassesAndOnlyOnce() throws Exception {
        // Two hedged clips, then confident ones: the swipe could fire on the second hedged clip (step 4),
        // is held back there and fires on the first confident one, once.
        Rejection r = Rejection.builder().maxBackground(0.1).build();
        GestureSmoother s = smoother(r);
        assertEquals(List.of("Swipe@5"), run(s, concat(repeat(REST, 5, 2, 3), repeat(HEDGED_SWIPE, 5, 2, 2), repeat(SWIPE, 5, 2, 8))));
        assertEquals(1, s.heldBack());
    }

    @Test
    void aGestureHeldBackLongerThanMaxHoldIsDroppedWithoutAnEvent() throws Exception {
        // Held back at steps 4 and 5 (167 ms apart), passing from step 6: a 100 ms limit drops the
        // swipe at step 5, a 400 ms one keeps it; each gesture of a pair gets its own hold.
        List<In> pair = concat(repeat(REST, 5, 2, 3), repeat(HEDGED_SWIPE, 5, 2, 3), repeat(SWIPE, 5, 2, 7),
                repeat(REST, 5, 2, 3), repeat(HEDGED_SWIPE, 5, 2, 3), repeat(SWIPE, 5, 2, 7));
        assertEquals(List.of(), run(smoother(Rejection.builder().maxBackground(0.1).maxHold(Duration.ofMillis(100)).build()), pair));
        assertEquals(List.of("Swipe@6", "Swipe@19"),
                run(smoother(Rejection.builder().maxBackground(0.1).maxHold(Duration.ofMillis(400)).build()), pair));
    }

    @Test
    void lowLogSumExpHoldsTheEventBackAndUnknownPasses() throws Exception {
        Rejection r = Rejection.builder().minLogSumExp(4.0).build();
        assertEquals(List.of(), run(smoother(r), concat(repeat(REST, 5, 2, 3), repeat(SWIPE, 3.5f, 2, 8))));
        assertEquals(List.of("Swipe@4"), run(smoother(r), concat(repeat(REST, 5, 2, 3), repeat(SWIPE, 5, 2, 8))));
        assertEquals(List.of("Swipe@4"), run(smoother(r), concat(repeat(REST, Float.NaN, 2, 3), repeat(SWIPE, Float.NaN, 2, 8))),
                "no logits known: the test cannot judge, so it passes");
    }

    @Test
    void theLogSumExpIsSmoothedLikeTheProbabilities() throws Exception {
        // EMA 0.5 over 3.0, 3.0, 3.0, then 5.0: 4.0 after one high step, 4.5 after two, 4.75 after three;
        // the swipe could fire after two, where the latest value alone (5.0) would pass.
        Rejection r = Rejection.builder().minLogSumExp(4.6).build();
        GestureSmoother s = smoother(r);
        assertEquals(List.of("Swipe@5"), run(s, concat(repeat(REST, 3, 2, 3), repeat(SWIPE, 5, 2, 6))));
        assertEquals(5.0f, s.smoothedLogSumExp(), 0.05f);
    }

    @Test
    void noMotionInTheClipNoEvent() throws Exception {
        Rejection r = Rejection.builder().minMotion(1.0).build();
        assertEquals(List.of(), run(smoother(r), concat(repeat(REST, 5, 0.2f, 3), repeat(SWIPE, 5, 0.2f, 8))));
        // A static pose: the motion is the clip's peak, so the raise of the hand inside the clip counts.
        assertEquals(List.of("Thumb@4"), run(smoother(r), concat(repeat(REST, 5, 0.2f, 3), repeat(p(0.01, 0.96, 0.01), 5, 6f, 8))));
    }

    @Test
    void everyTestMustPass() throws Exception {
        Rejection r = Rejection.builder().maxBackground(0.1).minLogSumExp(4).minMotion(1).build();
        assertEquals(List.of("Swipe@4"), run(smoother(r), concat(repeat(REST, 5, 2, 3), repeat(SWIPE, 5, 2, 6))));
        assertEquals(List.of(), run(smoother(r), concat(repeat(REST, 5, 2, 3), repeat(SWIPE, 5, 0.5f, 6))));
        assertEquals(List.of(), run(smoother(r), concat(repeat(REST, 5, 2, 3), repeat(SWIPE, 3, 2, 6))));
        assertEquals(List.of(), run(smoother(r), concat(repeat(REST, 5, 2, 3), repeat(HEDGED_SWIPE, 5, 2, 6))));
    }

    @Test
    void aPresetNeedsTheModelAndIsOffWithoutIt() throws Exception {
        GestureSmoother s = smoother(Rejection.standard());
        assertTrue(s.rejection().isOff());
        assertEquals(List.of("Swipe@4"), run(s, concat(repeat(REST, 5, 2, 3), repeat(HEDGED_SWIPE, 0, 0, 6))));
    }

    @Test
    void forModelReadsTheModelsCalibration() throws Exception {
        ModelInfo calibrated = model(Map.of(RejectionCalibration.KEY,
                "{\"standard\":{\"max_background\":0.1},\"strict\":{\"max_background\":0.05,\"min_motion\":1}}"));
        GestureSmoother standard = GestureSmoother.forModel(Smoothing.builder().rejection(Rejection.standard()).build(), calibrated, Set.of(), Set.of());
        assertEquals(Rejection.builder().maxBackground(0.1).build(), standard.rejection());
        GestureSmoother strict = GestureSmoother.forModel(Smoothing.builder().rejection(Rejection.strict()).build(), calibrated, Set.of(), Set.of());
        assertEquals(Rejection.builder().maxBackground(0.05).minMotion(1).build(), strict.rejection());
        GestureSmoother custom = GestureSmoother.forModel(Smoothing.builder().rejection(Rejection.OFF).build(), calibrated, Set.of(), Set.of());
        assertTrue(custom.rejection().isOff(), "explicit thresholds win over the model's");
        assertTrue(GestureSmoother.forModel(Smoothing.defaults(), model(Map.of()), Set.of(), Set.of()).rejection().isOff(),
                "a model without calibration: the presets leave the gate off");
    }

    @Test
    void theRecordRejectsBadThresholdsNamingThem() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Rejection.builder().maxBackground(0).build())
                .getMessage().contains("maxBackground"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Rejection.builder().minLogSumExp(Double.NaN).build())
                .getMessage().contains("minLogSumExp"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Rejection.builder().minMotion(-1).build())
                .getMessage().contains("minMotion"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Rejection.builder().minHand(1).build())
                .getMessage().contains("minHand"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Rejection.named("loose"))
                .getMessage().contains("off, standard or strict"));
        assertEquals(Rejection.OFF, Rejection.named("OFF"));
        assertEquals(Rejection.Preset.STRICT, Rejection.named(" strict ").preset());
    }

    /** Hand evidence that answers {@code palm} and counts how often it was asked. */
    static final class Palm implements GestureSmoother.HandEvidence {
        final double palm;
        int asked;

        Palm(double palm) {
            this.palm = palm;
        }

        @Override
        public double bestPalm(double atLeast) {
            asked++;
            return palm;
        }
    }

    static List<String> run(GestureSmoother s, List<In> seq, GestureSmoother.HandEvidence hand) {
        List<String> events = new ArrayList<>();
        for (int i = 0; i < seq.size(); i++) {
            int c = s.update(seq.get(i).probs(), seq.get(i).logSumExp(), seq.get(i).motion(), hand, i * STEP);
            if (c >= 0) events.add(LABELS.get(c) + "@" + i);
        }
        return events;
    }

    @Test
    void noPalmInTheClipHoldsTheEventBackAndThePalmDetectorRunsOnlyWhenEverythingElsePasses() throws Exception {
        Rejection r = Rejection.builder().maxBackground(0.1).minHand(0.4).build();
        List<In> seq = concat(repeat(REST, 5, 2, 3), repeat(SWIPE, 5, 2, 6));
        Palm none = new Palm(0.2);
        assertEquals(List.of(), run(smoother(r), seq, none));
        assertTrue(none.asked > 0, "the hand test was never asked");
        Palm hand = new Palm(0.9);
        assertEquals(List.of("Swipe@4"), run(smoother(r), seq, hand));
        assertEquals(1, hand.asked, "asked once, for the inference that fires");
        // Held back by the background test first: the detector is not run at all.
        Palm unasked = new Palm(0.9);
        assertEquals(List.of(), run(smoother(r), concat(repeat(REST, 5, 2, 3), repeat(HEDGED_SWIPE, 5, 2, 6)), unasked));
        assertEquals(0, unasked.asked);
        // No evidence (a replay of recorded scores): the hand test passes.
        assertEquals(List.of("Swipe@4"), run(smoother(r), seq));
        // Off: never asked.
        Palm off = new Palm(0.0);
        assertEquals(List.of("Swipe@4"), run(smoother(Rejection.builder().maxBackground(0.1).build()), seq, off));
        assertEquals(0, off.asked);
    }

    @Test
    void aGestureHeldBackForWantOfAHandFiresOnceAHandIsSeen() throws Exception {
        Rejection r = Rejection.builder().minHand(0.5).build();
        GestureSmoother s = smoother(r);
        List<String> events = new ArrayList<>();
        Palm none = new Palm(0.1), hand = new Palm(0.8);
        for (int i = 0; i < 12; i++) {
            float[] probs = i < 3 ? REST : SWIPE;
            int c = s.update(probs, 5, 2, i < 7 ? none : hand, i * STEP);
            if (c >= 0) events.add(LABELS.get(c) + "@" + i);
        }
        assertEquals(List.of("Swipe@7"), events);
    }

    @Test
    void untrackedOnlyLetsAClipTheHandsModelVotedOnFireAndGatesTheOthers() throws Exception {
        Rejection r = Rejection.builder().maxBackground(0.1).untrackedOnly(true).build();
        assertTrue(r.toString().endsWith("untracked-only"), r.toString());
        for (boolean voted : new boolean[] {false, true}) {
            for (Rejection gate : List.of(r, Rejection.builder().maxBackground(0.1).build())) {
                GestureSmoother s = smoother(gate);
                List<String> events = new ArrayList<>();
                for (int i = 0; i < 13; i++) {
                    float[] probs = i < 3 ? REST : HEDGED_SWIPE;
                    // the hands model votes from the eighth clip on, in the voted run
                    int c = s.update(probs, 5, 2, null, voted && i >= 7, i * STEP);
                    if (c >= 0) events.add(LABELS.get(c) + "@" + i);
                }
                boolean opens = voted && gate.untrackedOnly();
                assertEquals(opens ? List.of("Swipe@7") : List.of(), events, "voted " + voted + ", " + gate);
            }
        }
    }

    static ModelInfo model(Map<String, String> metadata) {
        return new ModelInfo(Path.of("m.onnx"), "1", LABELS, List.of("Other", "Rest"), 16, 8, 8, 6, "RGB",
                new float[] {0.45f, 0.45f, 0.45f}, new float[] {0.225f, 0.225f, 0.225f}, "cover_center_crop", "x", "d", "{}",
                1, 1, metadata);
    }
}
