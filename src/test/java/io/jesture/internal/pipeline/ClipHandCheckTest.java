package io.jesture.internal.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.jesture.ModelInfo;
import io.jesture.Provider;
import io.jesture.internal.hands.HandTrackerTest;
import io.jesture.internal.model.Classifier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gate's hand test on real model clips: the rendered Thumb Down frames of the hand tracker's
 * fixture, assembled by the shipped model's own preprocessing, and a grey clip with nothing in it.
 */
@Timeout(120)
class ClipHandCheckTest {
    static final Path MODEL = Path.of(System.getProperty("jesture.projectDir", "."), "models", "jesture-r2plus1d.onnx");
    static final long PERIOD = 1_000_000_000L / 6;

    /** Keeps a copy of every clip, frame numbers included. */
    static final class Keep implements ClipSink {
        final Clip clip;
        final List<Clip> kept = new ArrayList<>();
        final ModelInfo m;

        Keep(ModelInfo m) {
            this.m = m;
            this.clip = new Clip(m.clipLength(), 3 * m.frameHeight() * m.frameWidth());
        }

        @Override
        public Clip writable() {
            return clip;
        }

        @Override
        public boolean publish() {
            Clip c = new Clip(m.clipLength(), 3 * m.frameHeight() * m.frameWidth());
            System.arraycopy(clip.data, 0, c.data, 0, c.data.length);
            System.arraycopy(clip.frameIndex, 0, c.frameIndex, 0, c.frameIndex.length);
            System.arraycopy(clip.frameNanos, 0, c.frameNanos, 0, c.frameNanos.length);
            kept.add(c);
            return true;
        }

        @Override
        public void endOfStream() { }
    }

    @Test
    void findsTheRenderedHandInTheModelsOwnFramesAndScoresEachFrameOnce() throws Exception {
        JsonNode fixture = HandTrackerTest.expected();
        int n = fixture.get("frames").size(), w = fixture.get("width").asInt(), h = fixture.get("height").asInt();
        ModelInfo m;
        try (Classifier c = Classifier.load(List.of(MODEL), Provider.CPU, s -> { })) {
            m = c.info();
        }
        Keep sink = new Keep(m);
        try (ClipAssembler a = new ClipAssembler(m, 1, sink)) {
            for (int t = 0; t < n; t++) {
                assertTrue(a.onFrame(HandTrackerTest.bgr(String.format("frame%02d.png", t)), w, h, 1_000_000_000L + t * PERIOD, 0));
            }
            a.onEndOfStream();
        }
        assertTrue(sink.kept.size() >= 3, "clips: " + sink.kept.size());
        try (ClipHandCheck check = new ClipHandCheck(m, false)) {
            check.clip(sink.kept.get(0));
            double best = check.bestPalm(2); // never reached: every frame is scored
            assertEquals(m.clipLength(), check.detections());
            assertTrue(best >= 0.5, "the rendered hand, seen at " + m.frameWidth() + "x" + m.frameHeight() + ": best palm " + best);
            assertEquals(best, check.bestPalm(2), 0.0, "the same clip again: from the cache");
            assertEquals(m.clipLength(), check.detections(), "the same clip again costs no detection");
            check.clip(sink.kept.get(1));
            check.bestPalm(2);
            assertEquals(m.clipLength() + 1, check.detections(), "the next clip shares all frames but its newest");
            check.clip(sink.kept.get(2));
            check.bestPalm(0);
            assertEquals(m.clipLength() + 2, check.detections(), "a threshold reached at the newest frame stops there");

            Clip grey = new Clip(m.clipLength(), 3 * m.frameHeight() * m.frameWidth());
            for (int t = 0; t < m.clipLength(); t++) grey.frameIndex[t] = 1_000 + t;
            float[] mean = m.mean(), std = m.std();
            int plane = m.frameHeight() * m.frameWidth();
            for (int c = 0; c < 3; c++) {
                Arrays.fill(grey.data, c * m.clipLength() * plane, (c + 1) * m.clipLength() * plane, (0.5f - mean[c]) / std[c]);
            }
            check.clip(grey);
            double none = check.bestPalm(2);
            assertTrue(none < 0.3, "a grey clip has no palm: " + none);
        }
    }

    /** With a hands model in the ensemble, the clip carries the tracker's palm scores: read, nothing run. */
    @Test
    void readsTheTrackersOwnPalmScoresWhenTheClipCarriesThem() throws Exception {
        ModelInfo m;
        try (Classifier c = Classifier.load(List.of(MODEL), Provider.CPU, s -> { })) {
            m = c.info();
        }
        Clip clip = new Clip(m.clipLength(), 3 * m.frameHeight() * m.frameWidth());
        for (int t = 0; t < m.clipLength(); t++) clip.hands[t * io.jesture.internal.hands.HandTracker.OBS + 1] = 0.1f;
        clip.hands[3 * io.jesture.internal.hands.HandTracker.OBS + 1] = 0.8f; // the palm score of frame 3
        assertEquals(0.8f, io.jesture.internal.hands.HandTracker.palmScore(clip.hands, 3));
        try (ClipHandCheck check = new ClipHandCheck(m, true)) {
            check.clip(clip);
            assertEquals(0.8f, check.bestPalm(0.5), 1e-6);
            assertEquals(0.8f, check.bestPalm(0.9), 1e-6, "the best of all frames when none reaches the threshold");
            assertEquals(0, check.detections(), "no detector runs when the tracker already scored the frames");
        }
    }
}
