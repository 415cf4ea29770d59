package io.jesture;

import io.jesture.internal.eval.LavfiSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped model on a scene with no hand in it: FFmpeg's moving test pattern, made at run time,
 * through the whole pipeline (capture, ring, clips, ONNX Runtime, smoothing, the rejection gate) with
 * the model's own calibration. The shipped model stays silent on it even ungated; the renderer-4
 * model (the default before it, in the zoo) calls it Thumb Down and Drumming Fingers every few
 * seconds ungated, which makes it the scene on which the hand test is checked.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class QuietSceneTest {
    static final String TESTSRC = "testsrc=size=640x480:rate=30,trim=duration=20";

    record Run(List<GestureEvent> events, List<ScoreUpdate> scores) {}

    static final Path RENDERER_4 = ShippedModelEndToEndTest.MODEL.resolveSibling("zoo").resolve("r2plus1d-small-w1-r4.onnx");

    static Run run(String graph, Rejection rejection) throws Exception {
        return run(graph, rejection, ShippedModelEndToEndTest.MODEL);
    }

    static Run run(String graph, Rejection rejection, Path model) throws Exception {
        List<GestureEvent> events = new CopyOnWriteArrayList<>();
        List<ScoreUpdate> scores = new CopyOnWriteArrayList<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        GestureOptions options = GestureOptions.builder()
                .source(new LavfiSource(graph, false))
                .model(model)
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
     * The target: no event at all on a moving test pattern, at both operating points. The shipped
     * model already stays quiet on it ungated; the gate must never make it worse
     * ({@code RejectionGateTest} covers the gate's tests one by one).
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
     * The shipped model does not fire on the pattern at all, so the model that does, the renderer-4
     * model, gives the test its events: the hand test looks at the frames, not at the model.
     */
    @Test
    void theHandTestAloneHoldsBackEveryEventOnAPatternWithNoHand() throws Exception {
        String pattern = "testsrc=size=640x480:rate=30,trim=duration=40";
        int off = run(pattern, Rejection.OFF, RENDERER_4).events().size();
        assertTrue(off >= 3, "the ungated renderer-4 model fires " + off + " times on the pattern; this test needs a scene it fires on");
        assertEquals(List.of(), run(pattern, Rejection.builder().minHand(0.7).build(), RENDERER_4).events());
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
