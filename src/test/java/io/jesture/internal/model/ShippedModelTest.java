package io.jesture.internal.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jesture.ModelInfo;
import io.jesture.Provider;
import io.jesture.internal.pipeline.Preprocessor;
import io.jesture.synth.Backgrounds;
import io.jesture.synth.GestureClip;
import io.jesture.synth.JesterLabels;
import io.jesture.synth.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The model we ship, through the Java ONNX Runtime, on clips rendered fresh from the synthetic
 * world's TEST split: seeds and background families that training never saw. Frames go through the
 * runtime's own preprocessing, so a contract mismatch between training and runtime fails here too.
 */
class ShippedModelTest {
    static final Path MODEL = Path.of(System.getProperty("jesture.projectDir", "."), "models", "jesture-r2plus1d.onnx");
    static final int CLIPS_PER_CLASS = 6;
    /**
     * Stated in models/README.md. The shipped model measured 0.981 on these 162 clips (a quarter from
     * the performer's head; 97.80% of its 4,050 validation clips in Python), the renderer-4 model
     * 0.907 and the fused pair 0.914; the margin absorbs the small sample, and a broken contract or
     * model lands near 0.04.
     */
    static final double ACCURACY_FLOOR = 0.88;

    @Test
    void anEnsembleDoesNotBorrowItsFirstMembersGate() throws Exception {
        Path flow = MODEL.resolveSibling("zoo").resolve("r2plus1d-small-w1-16f6-r5-flow.onnx");
        try (Classifier alone = Classifier.load(List.of(MODEL), Provider.CPU, s -> {});
             Classifier pair = Classifier.load(List.of(MODEL, flow), Provider.CPU, s -> {})) {
            assertTrue(!io.jesture.internal.pipeline.RejectionCalibration.read(alone.info()).isEmpty(),
                    "the shipped model carries its calibrated gate");
            assertTrue(io.jesture.internal.pipeline.RejectionCalibration.read(pair.info()).isEmpty(),
                    "the pair's probabilities are not the model's: its gate must not apply");
            assertEquals(io.jesture.Rejection.OFF, io.jesture.Rejection.standard().forModel(pair.info()));
            assertEquals("jesture-r2plus1d.onnx+r2plus1d-small-w1-16f6-r5-flow.onnx", pair.info().metadata().get(ModelContract.ENSEMBLE_KEY));
            assertEquals(alone.info().labels(), pair.info().labels());
        }
    }

    /**
     * The default learned from two worlds (a webcam facing the performer, and a quarter of the
     * head-view world's clips seen from the performer's head), so it meets the floor on clips of both
     * views; it carries its own calibrated gate.
     */
    @Test
    void classifiesFreshHeldOutClipsOfEveryClassAndBothViewsAboveTheFloor() throws Exception {
        try (Classifier c = Classifier.load(List.of(MODEL), Provider.CPU, s -> {})) {
            io.jesture.Rejection standard = io.jesture.Rejection.standard().forModel(c.info());
            assertTrue(!standard.isOff() && standard.maxBackground() < 1, "its standard point comes from its own file: " + standard);
        }
        heldOutAccuracyAboveTheFloor(MODEL, 0.25);
    }

    /**
     * The default before it, the renderer-4 model, stays in the zoo as the reference most of the
     * project's comparisons were measured against (and the first member of the fused pair).
     */
    @Test
    void theRenderer4ModelClassifiesFreshHeldOutClipsAboveTheFloor() throws Exception {
        heldOutAccuracyAboveTheFloor(MODEL.resolveSibling("zoo").resolve("r2plus1d-small-w1-r4.onnx"));
    }

    /**
     * The zoo's few-shot backbone is shipped for `jesture adapt`, and its own 27 classes run too
     * (models/README.md: 99.36% on its validation clips), so it meets the same floor.
     */
    @Test
    void theFewShotBackboneClassifiesFreshHeldOutClipsAboveTheFloor() throws Exception {
        heldOutAccuracyAboveTheFloor(MODEL.resolveSibling("zoo").resolve("r2plus1d-small-w1-r7-27k.onnx"));
    }

    /**
     * The zoo's head-camera model learned from a world where a quarter of the clips are seen from
     * the performer's head (the second head view, where a fingertip traces paths); held to the floor
     * on clips of both views, half of each.
     */
    @Test
    void theHeadCameraModelClassifiesFreshHeldOutClipsOfBothViewsAboveTheFloor() throws Exception {
        heldOutAccuracyAboveTheFloor(MODEL.resolveSibling("zoo").resolve("r2plus1d-small-w1-r7-hv2.onnx"), 0.5);
    }

    /**
     * The zoo's fused pair (the renderer-4 model beside the head-camera model in one file,
     * {@code jesture_train.fuse}) is one model to the runtime: it carries a gate calibrated on its own
     * fused scores, which applies, unlike a runtime ensemble's; and it meets the floor on both views.
     */
    @Test
    void theFusedPairCarriesItsOwnGateAndClassifiesFreshHeldOutClipsAboveTheFloor() throws Exception {
        Path fused = MODEL.resolveSibling("zoo").resolve("pair-r4-hv2.onnx");
        try (Classifier pair = Classifier.load(List.of(fused), Provider.CPU, s -> {})) {
            io.jesture.Rejection strict = io.jesture.Rejection.strict().forModel(pair.info());
            assertTrue(!strict.isOff() && strict.maxBackground() < 1,
                    "the fused pair's strict point comes from its own file: " + strict);
            assertEquals(1600, pair.embeddingDim(), "the members' embeddings side by side");
        }
        heldOutAccuracyAboveTheFloor(fused, 0.25);
    }

    private static void heldOutAccuracyAboveTheFloor(Path model) throws Exception {
        heldOutAccuracyAboveTheFloor(model, 0);
    }

    private static void heldOutAccuracyAboveTheFloor(Path model, double headCameraShare) throws Exception {
        assertTrue(Files.isRegularFile(model), "the shipped model is missing: " + model);
        try (Classifier classifier = Classifier.load(List.of(model), Provider.CPU, s -> {})) {
            ModelInfo info = classifier.info();
            int k = info.labels().size();
            int t = info.clipLength();
            int w = 133, h = 100;
            double seconds = 3.0;
            float[] frame = new float[3 * info.frameHeight() * info.frameWidth()];
            float[] clip = new float[classifier.clipFloats()];
            float[] probs = new float[k];
            byte[] bgr = new byte[w * h * 3];
            int[] correct = new int[k];
            int total = 0, right = 0;
            try (Preprocessor pre = new Preprocessor(w, h, info)) {
                for (int label = 0; label < JesterLabels.LABELS.size(); label++) {
                    int modelIndex = info.indexOf(JesterLabels.LABELS.get(label));
                    for (int i = 0; i < CLIPS_PER_CLASS; i++) {
                        GestureClip g = GestureClip.create(7_000 + 31L * i + label, Split.TEST, label, w, h, info.fps(), seconds,
                                Backgrounds.NONE, headCameraShare);
                        // The centre T frames, as the training evaluation samples them.
                        int start = Math.max(0, (g.frameCount() - t) / 2);
                        int plane = frame.length / 3;
                        for (int f = 0; f < t; f++) {
                            g.render(Math.min(g.frameCount() - 1, start + f), bgr);
                            pre.apply(bgr, frame);
                            for (int c = 0; c < 3; c++) {
                                System.arraycopy(frame, c * plane, clip, (c * t + f) * plane, plane);
                            }
                        }
                        classifier.classify(clip, probs);
                        int best = 0;
                        for (int j = 1; j < k; j++) if (probs[j] > probs[best]) best = j;
                        total++;
                        if (best == modelIndex) {
                            right++;
                            correct[label]++;
                        }
                    }
                }
            }
            StringBuilder report = new StringBuilder();
            for (int label = 0; label < JesterLabels.LABELS.size(); label++) {
                report.append(String.format(Locale.ROOT, "%-32s %d/%d%n", JesterLabels.LABELS.get(label), correct[label], CLIPS_PER_CLASS));
            }
            double acc = (double) right / total;
            System.out.printf(Locale.ROOT, "%s on %d fresh TEST-split clips: top-1 %.3f%n%s", model.getFileName(), total, acc, report);
            assertTrue(acc >= ACCURACY_FLOOR, String.format(Locale.ROOT,
                    "top-1 %.3f on fresh held-out clips is below the floor %.2f%n%s", acc, ACCURACY_FLOOR, report));
        }
    }
}
