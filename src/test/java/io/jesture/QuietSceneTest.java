package io.jesture;

import io.jesture.internal.eval.LavfiSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped model on a scene with no hand in it: FFmpeg's moving test pattern, made at run time,
 * through the whole pipeline (capture, ring, clips, ONNX Runtime, smoothing, the rejection gate) with
 * the model's own calibration. Ungated, the model calls it Thumb Down and Drumming Fingers every few
 * seconds; the gate must hold those events back.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class QuietSceneTest {
    static final String TESTSRC = "testsrc=size=640x480:rate=30,trim=duration=20";

    record Run(List<GestureEvent> events, List<ScoreUpdate> scores) {}

    static Run run(String graph, Rejection rejection) throws Exception {
        List<GestureEvent> events = new CopyOnWriteArrayList<>();
        List<ScoreUpdate> scores = new CopyOnWriteArrayList<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        GestureOptions options = GestureOptions.builder()
                .source(new LavfiSource(graph, false))
                .model(ShippedModelEndToEndTest.MODEL)
                .provider(Provider.CPU)
                .runningMode(RunningMode.OFFLINE)
                .smoothing(Smoothing.builder().rejection(rejection).build())
                .listener(new GestureListener() {
                    @Override public void onGesture(GestureEvent e) { events.add(e); }
                    @Override public void onScores(ScoreUpdate s) { scores.add(s.copy()); }
                })
                .errorListener((where, e) -> errors.add(e))
                .build();
        try (GestureRecognizer r = GestureRecognizer.create(options)) {
            r.start();
            assertTrue(r.awaitEndOfStream(Duration.ofSeconds(120)), "stream did not end");
        }
        assertEquals(List.of(), errors);
        return new Run(events, scores);
    }

    /**
     * The target: no event at all on a moving test pattern, at both operating points. The
     * model trained on the second synthetic world already stays quiet on it ungated; the gate must
     * never make it worse ({@code RejectionGateTest} covers the gate's tests one by one).
     */
    @Test
    void noEventFiresOnATestPattern() throws Exception {
        int off = run(TESTSRC, Rejection.OFF).events().size();
        List<GestureEvent> strict = run(TESTSRC, Rejection.strict()).events();
        assertEquals(List.of(), strict, "the strict operating point fires on a 20 s test pattern");
        List<GestureEvent> standard = run(TESTSRC, Rejection.standard()).events();
        assertEquals(List.of(), standard, "the standard operating point fires on a 20 s test pattern (ungated: " + off + " events)");
    }

    /**
     * The hand test alone (docs/quiet.md) holds back the events of a pattern with no hand. At the
     * model's 88 x 64 the palm detector scores some of the pattern's frames up to about 0.55 (at 0.4
     * and 0.5 it held back 0 and 1 of 7 events in a minute), so a threshold above that is used here.
     */
    @Test
    void theHandTestAloneHoldsBackEveryEventOnAPatternWithNoHand() throws Exception {
        String pattern = "testsrc=size=640x480:rate=30,trim=duration=40";
        int off = run(pattern, Rejection.OFF).events().size();
        assertTrue(off >= 3, "the ungated model fires " + off + " times on the pattern; this test needs a scene it fires on");
        assertEquals(List.of(), run(pattern, Rejection.builder().minHand(0.7).build()).events());
    }

    @Test
    void everyScoreCarriesTheGatesEvidence() throws Exception {
        Run moving = run("testsrc=size=640x480:rate=30,trim=duration=5", Rejection.standard());
        Run still = run("smptebars=size=640x480:rate=30,trim=duration=5", Rejection.standard());
        assertTrue(!moving.scores().isEmpty() && !still.scores().isEmpty());
        for (ScoreUpdate s : moving.scores()) {
            assertTrue(Float.isFinite(s.logSumExp()), "log-sum-exp " + s.logSumExp());
            assertTrue(s.motion() > 1, "testsrc moves: motion " + s.motion());
        }
        for (ScoreUpdate s : still.scores()) assertTrue(s.motion() < 0.5, "colour bars stand still: motion " + s.motion());
    }
}
