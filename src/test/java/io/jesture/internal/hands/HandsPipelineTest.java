package io.jesture.internal.hands;

import io.jesture.FrameSource;
import io.jesture.GestureListener;
import io.jesture.GestureOptions;
import io.jesture.GestureRecognizer;
import io.jesture.ModelInfo;
import io.jesture.ModelLoadException;
import io.jesture.Provider;
import io.jesture.Rejection;
import io.jesture.RunningMode;
import io.jesture.ScoreUpdate;
import io.jesture.internal.model.Classifier;
import io.jesture.internal.pipeline.Clip;
import io.jesture.internal.pipeline.ClipAssembler;
import io.jesture.internal.pipeline.ClipSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped hands model (models/jesture-hands.onnx) beside the default, on the rendered Thumb Down
 * clip of the tracker's fixture: the assembler tracks each model frame once and the clip carries what
 * the tracker found there; the classifier feeds the hands member from it.
 */
@Timeout(120)
class HandsPipelineTest {
    static final Path MODELS = Path.of(System.getProperty("jesture.projectDir", "."), "models");
    static final Path PIXELS = MODELS.resolve("jesture-r2plus1d.onnx");
    static final Path HANDS = MODELS.resolve("jesture-hands.onnx");
    static final long PERIOD = 1_000_000_000L / 6;

    /** Collects copies of every clip the assembler emits (one thread: offline, as ClipScorer runs it). */
    static final class Collect implements ClipSink {
        final Clip clip;
        final List<float[]> hands = new ArrayList<>();
        final List<float[]> data = new ArrayList<>();

        Collect(ModelInfo m) {
            clip = new Clip(m.clipLength(), 3 * m.frameHeight() * m.frameWidth());
        }

        @Override
        public Clip writable() {
            return clip;
        }

        @Override
        public boolean publish() {
            hands.add(clip.hands.clone());
            data.add(clip.data.clone());
            return true;
        }

        @Override
        public void endOfStream() { }
    }

    @Test
    void clipsCarryTheHandOfEachOfTheirFramesAndTheEnsembleReadsIt() throws Exception {
        com.fasterxml.jackson.databind.JsonNode fixture = HandTrackerTest.expected();
        int n = fixture.get("frames").size();
        byte[][] frames = new byte[n][];
        for (int t = 0; t < n; t++) frames[t] = HandTrackerTest.bgr(String.format("frame%02d.png", t));
        int w = fixture.get("width").asInt(), h = fixture.get("height").asInt();
        float[][] direct = new float[n][HandTracker.OBS];
        try (HandTracker tracker = new HandTracker(1)) {
            for (int t = 0; t < n; t++) tracker.observe(frames[t], w, h, direct[t], 0);
        }
        try (Classifier pair = Classifier.load(List.of(PIXELS, HANDS), Provider.CPU, s -> { })) {
            assertTrue(pair.readsHands());
            ModelInfo m = pair.info();
            Collect sink = new Collect(m);
            try (ClipAssembler a = new ClipAssembler(m, 1, sink)) {
                a.trackHands(new HandTracker(1));
                // The source at the model's own rate: every frame is a model frame, each once.
                for (int t = 0; t < n; t++) assertTrue(a.onFrame(frames[t], w, h, 1_000_000_000L + t * PERIOD, 0));
                a.onEndOfStream();
            }
            assertEquals(n - m.clipLength() + 1, sink.hands.size(), "one clip per model frame once the window is full");
            for (int c = 0; c < sink.hands.size(); c++) {
                for (int t = 0; t < m.clipLength(); t++) {
                    int frame = c + t; // stride 1 at the model's own rate: clip c holds frames c .. c + T - 1
                    assertArrayEquals(direct[frame], Arrays.copyOfRange(sink.hands.get(c), t * HandTracker.OBS, (t + 1) * HandTracker.OBS),
                            "clip " + c + ", frame " + t);
                }
            }
            float[] with = new float[m.labels().size()], without = new float[m.labels().size()];
            pair.classify(sink.data.get(0), sink.hands.get(0), with);
            pair.classify(sink.data.get(0), null, without);
            assertFalse(Arrays.equals(with, without), "the hands member read nothing from the clip's hands");
            // A caller that forgets the hands is told so, rather than fed "no hand" silently.
            assertThrows(IllegalStateException.class, () -> pair.classify(sink.data.get(0), without));
            try (Classifier handsAlone = Classifier.load(List.of(HANDS), Provider.CPU, s -> { })) {
                float[] p = new float[m.labels().size()];
                handsAlone.classify(sink.data.get(0), sink.hands.get(0), p);
                int top = 0;
                for (int i = 1; i < p.length; i++) if (p[i] > p[top]) top = i;
                assertEquals("Thumb Down", m.labels().get(top), "the rendered Thumb Down, read from its landmarks alone");
            }
        }
    }

    /**
     * No hand, no vote: with one frame fewer than {@link HandFeatures#FRAMES_TO_VOTE} showing a hand, the
     * pair answers exactly as the pixel model alone; with that many, the hands member votes.
     */
    @Test
    void theHandsMemberVotesFromFramesToVoteFramesWithAHandOn() throws Exception {
        com.fasterxml.jackson.databind.JsonNode fixture = HandTrackerTest.expected();
        int w = fixture.get("width").asInt(), h = fixture.get("height").asInt();
        try (Classifier pair = Classifier.load(List.of(PIXELS, HANDS), Provider.CPU, s -> { });
             Classifier pixels = Classifier.load(List.of(PIXELS), Provider.CPU, s -> { })) {
            ModelInfo m = pair.info();
            Collect sink = new Collect(m);
            try (ClipAssembler a = new ClipAssembler(m, 1, sink)) {
                a.trackHands(new HandTracker(1));
                for (int t = 0; t < m.clipLength(); t++) {
                    assertTrue(a.onFrame(HandTrackerTest.bgr(String.format("frame%02d.png", t)), w, h, 1_000_000_000L + t * PERIOD, 0));
                }
                a.onEndOfStream();
            }
            float[] data = sink.data.get(0), found = sink.hands.get(0);
            int k = m.labels().size();
            float[] alone = new float[k], p = new float[k];
            pixels.classify(data, alone);
            for (int keep : new int[] {HandFeatures.FRAMES_TO_VOTE - 1, HandFeatures.FRAMES_TO_VOTE}) {
                float[] obs = found.clone();
                int kept = 0;
                for (int t = 0; t < m.clipLength(); t++) {
                    int o = t * HandTracker.OBS;
                    boolean hand = obs[o + HandTracker.PRESENT] > 0 && obs[o + HandTracker.FLAG] >= HandTracker.MIN_HAND;
                    if (hand && kept < keep) kept++;
                    else obs[o + HandTracker.PRESENT] = 0;
                }
                assertEquals(keep, kept, "the rendered clip shows a hand in too few frames for this test");
                pair.classify(data, obs, p);
                if (keep < HandFeatures.FRAMES_TO_VOTE) {
                    assertTrue(pair.handsAbstained(), keep + " frames with a hand");
                    assertArrayEquals(alone, p, 1e-6f, "an abstaining hands member must leave the pixel model's answer as it is");
                } else {
                    assertFalse(pair.handsAbstained(), keep + " frames with a hand");
                    assertFalse(Arrays.equals(alone, p), "the hands member did not vote");
                }
            }
        }
    }

    /** The fixture's frames, once each, at the model's 6 fps, as a finite source. */
    static final class FixtureFrames implements FrameSource {
        final byte[][] frames;
        final int width, height;
        int next;

        FixtureFrames(byte[][] frames, int width, int height) {
            this.frames = frames;
            this.width = width;
            this.height = height;
        }

        @Override public Format open() { return new Format(width, height, 6); }

        @Override public long read(byte[] bgr) {
            if (next == frames.length) return END_OF_STREAM;
            System.arraycopy(frames[next], 0, bgr, 0, frames[next].length);
            return next++ * PERIOD;
        }

        @Override public String description() { return "the hand tracker's fixture frames"; }
        @Override public boolean isLive() { return false; }
        @Override public void close() { }
    }

    static List<ScoreUpdate> scores(List<Path> models, byte[][] frames, int w, int h) throws Exception {
        List<ScoreUpdate> seen = new CopyOnWriteArrayList<>();
        GestureOptions o = GestureOptions.builder().source(new FixtureFrames(frames, w, h)).models(models).provider(Provider.CPU)
                .runningMode(RunningMode.OFFLINE).listener(new GestureListener() {
                    @Override public void onScores(ScoreUpdate u) {
                        seen.add(u.copy());
                    }
                }).build();
        try (GestureRecognizer r = GestureRecognizer.create(o)) {
            r.start();
            assertTrue(r.awaitEndOfStream(Duration.ofSeconds(100)), "the fixture did not end");
        }
        return seen;
    }

    /**
     * Listeners get the hand the tracker found in each clip's newest frame, in frame pixels, exactly as
     * the tracker reports it (the demo draws it); none when that frame had no hand or no model reads hands.
     */
    @Test
    void scoreUpdatesCarryTheNewestFramesTrackedHand() throws Exception {
        com.fasterxml.jackson.databind.JsonNode fixture = HandTrackerTest.expected();
        int n = fixture.get("frames").size();
        int w = fixture.get("width").asInt(), h = fixture.get("height").asInt();
        byte[][] frames = new byte[n][];
        for (int t = 0; t < n; t++) frames[t] = HandTrackerTest.bgr(String.format("frame%02d.png", t));
        float[] direct = new float[n * HandTracker.OBS];
        try (HandTracker tracker = new HandTracker(1)) {
            for (int t = 0; t < n; t++) tracker.observe(frames[t], w, h, direct, t * HandTracker.OBS);
        }
        List<ScoreUpdate> pair = scores(List.of(PIXELS, HANDS), frames, w, h);
        assertTrue(pair.size() >= 2, pair.size() + " inferences");
        int withHand = 0, without = 0;
        float[] want = new float[2 * ScoreUpdate.HAND_POINTS];
        for (ScoreUpdate u : pair) {
            int frame = (int) (u.clipEndNanos() / PERIOD);
            assertEquals(frame * PERIOD, u.clipEndNanos(), "a clip ends on a fixture frame");
            if (HandTracker.landmarksXY(direct, frame, want)) {
                withHand++;
                assertArrayEquals(want, u.hand(), 1e-3f, "frame " + frame);
            } else {
                without++;
                assertFalse(u.hasHand(), "frame " + frame + " has no hand, but the update carries one");
            }
        }
        assertTrue(withHand > 0, "no update carried a hand (" + without + " without)");
        assertTrue(pair.stream().anyMatch(ScoreUpdate::handVoted), "the hands model voted on no clip of the fixture");
        for (ScoreUpdate u : scores(List.of(PIXELS), frames, w, h)) {
            assertFalse(u.hasHand(), "the pixel model alone tracks no hand");
            assertFalse(u.handVoted(), "no hands model, no hands vote");
        }
    }

    /**
     * config/real-camera.yaml runs the fused pair beside the hands model, and the ensemble keeps the fused
     * pair's own stamped points, applied only where the hands model abstains (docs/hands.md).
     */
    @Test
    void theRealCameraPresetRunsTheFusedPairBesideTheHandsModelBehindThePairsOwnGate() throws Exception {
        Path file = Path.of(System.getProperty("jesture.projectDir", "."), "config", "real-camera.yaml");
        GestureOptions o = GestureRecognizer.readConfig(file).build();
        Path pair = Path.of("models", "zoo", "pair-r4-hv2.onnx");
        assertEquals(List.of(pair, Path.of("models", "jesture-hands.onnx")), o.models());
        assertEquals(Rejection.Preset.STANDARD, o.smoothing().rejection().preset());
        try (Classifier pixels = Classifier.load(List.of(MODELS.resolve("zoo").resolve("pair-r4-hv2.onnx")), Provider.CPU, s -> { });
             Classifier trio = Classifier.load(List.of(MODELS.resolve("zoo").resolve("pair-r4-hv2.onnx"), HANDS), Provider.CPU, s -> { })) {
            assertTrue(trio.readsHands());
            for (Rejection preset : List.of(Rejection.standard(), Rejection.strict())) {
                Rejection alone = preset.forModel(pixels.info()), beside = preset.forModel(trio.info());
                assertFalse(alone.isOff(), "the fused pair carries no " + preset.preset() + " point");
                assertTrue(beside.untrackedOnly(), beside.toString());
                assertEquals(alone.maxBackground(), beside.maxBackground(), 1e-9);
                assertEquals(alone.minLogSumExp(), beside.minLogSumExp(), 1e-9);
            }
        }
    }

    /**
     * The pixel model's calibrated points stay in force beside a hands model, for the clips on which the
     * hands model abstains (there the pair's scores are the pixel model's own); beside another pixel
     * model they do not apply at all.
     */
    @Test
    void thePairKeepsThePixelModelsGateWhereNoHandsModelVotes() throws Exception {
        Path other = MODELS.resolve("zoo").resolve("r2plus1d-small-w1-r5.onnx");
        try (Classifier pixels = Classifier.load(List.of(PIXELS), Provider.CPU, s -> { });
             Classifier pair = Classifier.load(List.of(PIXELS, HANDS), Provider.CPU, s -> { });
             Classifier two = Classifier.load(List.of(PIXELS, other), Provider.CPU, s -> { })) {
            for (Rejection preset : List.of(Rejection.standard(), Rejection.strict())) {
                Rejection alone = preset.forModel(pixels.info()), beside = preset.forModel(pair.info());
                assertFalse(alone.isOff() || alone.untrackedOnly(), alone.toString());
                assertTrue(beside.untrackedOnly(), beside.toString());
                assertEquals(alone, Rejection.builder().maxBackground(beside.maxBackground()).minLogSumExp(beside.minLogSumExp())
                        .minMotion(beside.minMotion()).minHand(beside.minHand()).maxHold(beside.maxHold()).build());
                assertTrue(preset.forModel(two.info()).isOff(), "two pixel models share no calibration");
            }
        }
    }

    @Test
    void aPixelModelAloneTracksNothing() throws ModelLoadException {
        try (Classifier alone = Classifier.load(List.of(PIXELS), Provider.CPU, s -> { })) {
            assertFalse(alone.readsHands());
        }
    }
}
