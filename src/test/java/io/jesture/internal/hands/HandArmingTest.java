package io.jesture.internal.hands;

import io.jesture.ModelInfo;
import io.jesture.internal.model.Classifier;
import io.jesture.internal.pipeline.ClipAssembler;
import io.jesture.internal.pipeline.HandArming;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.List;

import static io.jesture.internal.hands.HandsPipelineTest.PERIOD;
import static io.jesture.internal.hands.HandsPipelineTest.PIXELS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On-demand hand tracking: when {@link HandArming} arms the tracker, and what the assembler then
 * tracks, with the real tracker on the rendered Thumb Down frames of its fixture.
 */
@Timeout(120)
class HandArmingTest {

    /** Probabilities with {@code gestures} spread over the gestures and the rest on the background classes. */
    static float[] probs(ModelInfo m, double gestures) {
        List<String> labels = m.labels();
        long background = labels.stream().filter(m.backgroundLabels()::contains).count();
        float[] p = new float[labels.size()];
        for (int i = 0; i < p.length; i++) {
            boolean bg = m.backgroundLabels().contains(labels.get(i));
            p[i] = (float) (bg ? (1 - gestures) / background : gestures / (labels.size() - background));
        }
        return p;
    }

    @Test
    void armsForOneWindowSpanAfterAGestureLikeWindowAndNeverForThatWindowItself() throws Exception {
        ModelInfo m = Classifier.inspect(PIXELS);
        assertEquals(2, m.backgroundLabels().size(), m.backgroundLabels().toString());
        HandArming a = new HandArming(m, HandArming.THRESHOLD);
        long end = 100 * PERIOD, span = Math.round(m.clipLength() / m.fps() * 1e9);
        assertFalse(a.armed(end + PERIOD), "armed before any window");
        a.updateProbs(probs(m, 0.09), end);
        assertFalse(a.armed(end + PERIOD), "0.09 on the gestures armed the tracker");
        a.updateProbs(probs(m, 0.11), end);
        assertFalse(a.armed(end), "the window that armed it is already assembled");
        assertFalse(a.armed(end - PERIOD));
        assertTrue(a.armed(end + 1));
        assertTrue(a.armed(end + span));
        assertFalse(a.armed(end + span + 1), "armed for longer than a window span");
        assertEquals(2, a.windows());
        assertEquals(1, a.suspectWindows());
        // The logits path agrees with the probabilities path: log p is a valid set of logits.
        HandArming b = new HandArming(m, HandArming.THRESHOLD);
        float[] p = probs(m, 0.11), logits = new float[p.length];
        for (int i = 0; i < p.length; i++) logits[i] = (float) Math.log(p[i]) + 3f;
        b.updateLogits(logits, end);
        assertTrue(b.armed(end + PERIOD));
        b.reset();
        assertFalse(b.armed(end + PERIOD), "a new source is armed by an old one");
        assertThrows(IllegalArgumentException.class, () -> new HandArming(m, 1.5f));
    }

    /**
     * Frames before the arming are tracked when the first armed window arrives, so that window carries
     * exactly what tracking every frame would have found; unarmed windows carry nothing, and the
     * tracker runs on no frame that no armed window holds.
     */
    @Test
    void theFirstArmedWindowIsTrackedWholeAndUnarmedWindowsCarryNothing() throws Exception {
        com.fasterxml.jackson.databind.JsonNode fixture = HandTrackerTest.expected();
        int n = fixture.get("frames").size();
        int w = fixture.get("width").asInt(), h = fixture.get("height").asInt();
        byte[][] frames = new byte[n][];
        for (int t = 0; t < n; t++) frames[t] = HandTrackerTest.bgr(String.format("frame%02d.png", t));
        float[][] direct = new float[n][HandTracker.OBS];
        try (HandTracker tracker = new HandTracker(1)) {
            for (int t = 0; t < n; t++) tracker.observe(frames[t], w, h, direct[t], 0);
        }
        assertTrue(Arrays.stream(direct).filter(o -> o[0] > 0).count() >= 6, "the fixture shows too few hands to tell anything");
        ModelInfo m = Classifier.inspect(PIXELS);
        int len = m.clipLength();
        int total = 48; // the fixture's frames again and again, at the model's own rate
        HandArming arming = new HandArming(m, HandArming.THRESHOLD);
        // The pixel model's verdict, played by the test: clip 0 looks like a gesture, every other clip does not.
        HandsPipelineTest.Collect sink = new HandsPipelineTest.Collect(m) {
            @Override
            public boolean publish() {
                super.publish();
                arming.updateProbs(probs(m, hands.size() == 1 ? 0.5 : 0.0), clip.endNanos());
                return true;
            }
        };
        long tracked;
        try (ClipAssembler a = new ClipAssembler(m, 1, sink)) {
            a.trackHands(new HandTracker(1), arming);
            for (int t = 0; t < total; t++) assertTrue(a.onFrame(frames[t % n], w, h, 1_000_000_000L + t * PERIOD, 0));
            a.onEndOfStream();
            tracked = a.framesTracked();
        }
        assertEquals(total - len + 1, sink.hands.size());
        // Clip 0 ends on frame len - 1 and arms every frame after it for len frames: clips 1 .. len.
        for (int c = 0; c < sink.hands.size(); c++) {
            float[] got = sink.hands.get(c);
            boolean armed = c >= 1 && c <= len;
            for (int t = 0; t < len; t++) {
                float[] obs = Arrays.copyOfRange(got, t * HandTracker.OBS, (t + 1) * HandTracker.OBS);
                if (armed) assertArrayEquals(direct[(c + t) % n], obs, "clip " + c + ", frame " + t);
                else assertArrayEquals(new float[HandTracker.OBS], obs, "unarmed clip " + c + " carries an observation at frame " + t);
            }
        }
        // Frames 1 .. 2 len - 1 are in the armed clips; frame 0 and those after are never tracked.
        assertEquals(2L * len - 1, tracked);
    }
}
