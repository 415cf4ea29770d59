package io.jesture.internal.hands;

import io.jesture.ModelInfo;
import io.jesture.internal.model.Classifier;
import io.jesture.internal.pipeline.ClipAssembler;
import io.jesture.internal.pipeline.FramePixels;
import io.jesture.internal.pipeline.HandArming;
import io.jesture.internal.pipeline.HandsOnDemand;
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
    void armsTheGestureLikeWindowAndEveryWindowEndingWithinASpanAfterIt() throws Exception {
        ModelInfo m = Classifier.inspect(PIXELS);
        assertEquals(2, m.backgroundLabels().size(), m.backgroundLabels().toString());
        HandArming a = new HandArming(m, HandArming.THRESHOLD);
        long end = 100 * PERIOD, span = Math.round(m.clipLength() / m.fps() * 1e9);
        assertFalse(a.armProbs(probs(m, 0.09), end - PERIOD), "0.09 on the gestures armed the tracker");
        assertTrue(a.armProbs(probs(m, 0.11), end), "the window the pixel model finds gesture-like is tracked itself");
        assertTrue(a.armProbs(probs(m, 0.0), end + PERIOD));
        assertTrue(a.armProbs(probs(m, 0.0), end + span));
        assertFalse(a.armProbs(probs(m, 0.0), end + span + 1), "armed for longer than a window span");
        assertFalse(a.armProbs(probs(m, 0.0), end - PERIOD), "a stream that jumped back was armed by its own future");
        assertEquals(6, a.windows());
        assertEquals(3, a.armedWindows());
        // The logits path agrees with the probabilities path: log p plus a constant is a valid set of logits.
        HandArming b = new HandArming(m, HandArming.THRESHOLD);
        float[] p = probs(m, 0.11), q = probs(m, 0.09), logits = new float[p.length];
        for (int i = 0; i < p.length; i++) logits[i] = (float) Math.log(q[i]) + 3f;
        assertFalse(b.armLogits(logits, end));
        for (int i = 0; i < p.length; i++) logits[i] = (float) Math.log(p[i]) - 2f;
        assertTrue(b.armLogits(logits, end));
        b.reset();
        assertFalse(b.armProbs(probs(m, 0.0), end + PERIOD), "a new source is armed by an old one");
        assertThrows(IllegalArgumentException.class, () -> new HandArming(m, 1.5f));
    }

    /** A frame overwritten in the ring is never handed out as another frame's pixels. */
    @Test
    void theRingHandsOutAFrameOnlyWhileItHoldsIt() {
        FramePixels ring = new FramePixels(4);
        byte[] a = {1, 2, 3}, b = {4, 5, 6};
        ring.write(0, a, 1, 1);
        assertArrayEquals(a, ring.get(0));
        assertTrue(ring.stillHolds(0));
        assertTrue(ring.repeat(0, 1));
        assertArrayEquals(a, ring.get(1));
        ring.write(4, b, 1, 1); // slot 0 again
        assertEquals(null, ring.get(0));
        assertFalse(ring.stillHolds(0));
        assertFalse(ring.repeat(0, 5), "repeated a frame the ring no longer holds");
        assertArrayEquals(b, ring.get(4));
    }

    /**
     * With the real tracker on the fixture's frames: the pixel model's answer (played by the test) arms
     * one clip; that clip and those ending within a window span after it carry exactly what tracking every
     * frame finds, the others nothing, and the tracker runs once per model frame of the armed clips.
     */
    @Test
    void armedClipsAreTrackedWholeFromTheKeptPixelsAndOthersCarryNothing() throws Exception {
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
        int total = 48, suspect = 3; // the fixture's frames again and again, at the model's own rate
        FramePixels ring = new FramePixels(len + 8);
        long tracked;
        HandsPipelineTest.Collect sink;
        try (HandsOnDemand onDemand = new HandsOnDemand(new HandTracker(1), ring, new HandArming(m, HandArming.THRESHOLD))) {
            // The pixel model's verdict, played by the test: only clip 3 looks like a gesture.
            sink = new HandsPipelineTest.Collect(m) {
                @Override
                public boolean publish() {
                    onDemand.onPixelProbs(clip, probs(m, hands.size() == suspect ? 0.5 : 0.0));
                    return super.publish();
                }
            };
            try (ClipAssembler a = new ClipAssembler(m, 1, sink)) {
                a.keepPixels(ring);
                for (int t = 0; t < total; t++) assertTrue(a.onFrame(frames[t % n], w, h, 1_000_000_000L + t * PERIOD, 0));
                a.onEndOfStream();
            }
            tracked = onDemand.framesTracked();
            assertEquals(0, onDemand.framesLost());
        }
        assertEquals(total - len + 1, sink.hands.size());
        // Clip c ends on frame len - 1 + c; clip 3 arms the clips ending within len frames after it: 3 .. 3 + len.
        for (int c = 0; c < sink.hands.size(); c++) {
            float[] got = sink.hands.get(c);
            boolean armed = c >= suspect && c <= suspect + len;
            for (int t = 0; t < len; t++) {
                float[] obs = Arrays.copyOfRange(got, t * HandTracker.OBS, (t + 1) * HandTracker.OBS);
                if (armed) assertArrayEquals(direct[(c + t) % n], obs, "clip " + c + ", frame " + t);
                else assertArrayEquals(new float[HandTracker.OBS], obs, "unarmed clip " + c + " carries an observation at frame " + t);
            }
        }
        // Frames 3 .. 3 + 2 len - 1 are in the armed clips, each tracked once.
        assertEquals(2L * len, tracked);
    }
}
