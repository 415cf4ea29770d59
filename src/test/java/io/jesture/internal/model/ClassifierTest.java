package io.jesture.internal.model;

import io.jesture.ModelInfo;
import io.jesture.ModelLoadException;
import io.jesture.PipelineStatus;
import io.jesture.Provider;
import io.jesture.TestVideos;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real ONNX Runtime on the models written by src/test/resources/models/make_test_models.py. */
class ClassifierTest {
    @TempDir
    Path dir;

    static Path model(String name) {
        return TestVideos.model(name);
    }

    static ModelLoadException loadFails(Path... files) {
        return assertThrows(ModelLoadException.class, () -> Classifier.load(List.of(files), Provider.CPU, s -> {}));
    }

    static void assertMentions(Exception e, String... parts) {
        for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + p + "' not in: " + e.getMessage());
    }

    @Test
    void readsTheContractAndClassifiesARedClip() throws Exception {
        try (Classifier c = Classifier.load(List.of(model("colour.onnx")), Provider.CPU, s -> {})) {
            ModelInfo m = c.info();
            assertEquals(27, m.labels().size());
            assertEquals("Swiping Left", m.labels().get(0));
            assertEquals(List.of("No gesture", "Doing other things"), m.backgroundLabels());
            assertEquals(8, m.clipLength());
            assertEquals(32, m.frameHeight());
            assertEquals(12.0, m.fps());
            assertEquals("RGB", m.colorOrder());
            assertArrayEquals(new float[] {0.45f, 0.45f, 0.45f}, m.mean());
            assertEquals(Provider.CPU, c.provider());
            float[] clip = new float[c.clipFloats()];
            int plane = 8 * 32 * 32;
            float red = (1 - 0.45f) / 0.225f, zero = -0.45f / 0.225f;
            for (int i = 0; i < plane; i++) {
                clip[i] = red;
                clip[plane + i] = zero;
                clip[2 * plane + i] = zero;
            }
            float[] probs = new float[27];
            c.classify(clip, probs);
            double sum = 0;
            for (float p : probs) sum += p;
            assertEquals(1.0, sum, 1e-5);
            assertTrue(probs[0] > 0.99, "red is Swiping Left: " + probs[0]);
        }
    }

    @Test
    void rawLogitsAreThoseTheSoftmaxCameFrom() throws Exception {
        float[] clip = new float[3 * 8 * 32 * 32];
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < clip.length; i++) clip[i] = (float) r.nextGaussian();
        try (Classifier c = Classifier.load(List.of(model("colour.onnx")), Provider.CPU, s -> {})) {
            float[] probs = new float[27];
            float[] logits = new float[27];
            c.classify(clip, probs);
            c.copyLogits(0, logits);
            double max = Double.NEGATIVE_INFINITY, sum = 0;
            for (float l : logits) max = Math.max(max, l);
            for (float l : logits) sum += Math.exp(l - max);
            for (int i = 0; i < 27; i++) assertEquals(Math.exp(logits[i] - max) / sum, probs[i], 1e-6, "class " + i);
            assertTrue(logits[0] != logits[1], "distinct logits");
        }
    }

    @Test
    void anEnsembleOfIdenticalMembersAnswersAsOneMember() throws Exception {
        float[] clip = new float[3 * 8 * 32 * 32];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < clip.length; i++) clip[i] = (float) r.nextGaussian() * 0.05f;
        float[] single = new float[27];
        float[] both = new float[27];
        try (Classifier c = Classifier.load(List.of(model("colour.onnx")), Provider.CPU, s -> {})) {
            c.classify(clip, single);
        }
        try (Classifier c = Classifier.load(List.of(model("colour.onnx"), model("colour2.onnx")), Provider.CPU, s -> {})) {
            assertEquals("colour.onnx+colour2.onnx", c.name());
            c.classify(clip, both);
        }
        assertArrayEquals(single, both, 1e-6f); // the normalised product of a distribution with itself is that distribution
    }

    @Test
    void missingModelNamesTheFileAndTheFix() {
        ModelLoadException e = loadFails(dir.resolve("nope.onnx"));
        assertMentions(e, "nope.onnx", "does not exist", "--model");
    }

    @Test
    void corruptModelNamesTheFile() throws Exception {
        Path garbage = dir.resolve("garbage.onnx");
        byte[] bytes = new byte[4096];
        new SplittableRandom(1).nextBytes(bytes);
        Files.write(garbage, bytes);
        assertMentions(loadFails(garbage), "garbage.onnx", "not a loadable ONNX model");
        Path truncated = dir.resolve("truncated.onnx");
        byte[] good = Files.readAllBytes(model("colour.onnx"));
        Files.write(truncated, java.util.Arrays.copyOf(good, good.length / 2));
        assertMentions(loadFails(truncated), "truncated.onnx");
    }

    @Test
    void graphInputShapeThatContradictsTheMetadataNamesBothValues() {
        assertMentions(loadFails(model("bad_shape.onnx")), "bad_shape.onnx", "[N, 3, 4, 32, 32]", "T=8");
    }

    @Test
    void outputSizeThatContradictsTheLabelCountNamesBothValues() {
        assertMentions(loadFails(model("bad_label_count.onnx")), "bad_label_count.onnx", "[N, 10]", "27 labels");
    }

    @Test
    void missingOrBadMetadataIsNamed() {
        assertMentions(loadFails(model("no_metadata.onnx")), "no_metadata.onnx", "jesture.contract", "docs/model-contract.md");
        assertMentions(loadFails(model("bad_mean.onnx")), "bad_mean.onnx", "jesture.mean", "[0.45,0.45]");
    }

    @Test
    void ensembleMembersWithDifferentContractsNameBothFilesAndValues() {
        assertMentions(loadFails(model("colour.onnx"), model("colour_t16.onnx")),
                "colour.onnx has 8", "colour_t16.onnx has 16", "clip_length");
    }

    @Test
    void cudaFallsBackToCpuWithOneStatus() throws Exception {
        // Default build: no CUDA EP at all. -Pgpu build on a machine without CUDA 12 libraries: the EP is
        // there but fails to start. Both must end on CPU with exactly one PROVIDER_FALLBACK; on a working
        // GPU it runs on CUDA with none.
        List<PipelineStatus> statuses = new ArrayList<>();
        boolean epInBuild = ai.onnxruntime.OrtEnvironment.getAvailableProviders().contains(ai.onnxruntime.OrtProvider.CUDA);
        try (Classifier c = Classifier.load(List.of(model("colour.onnx"), model("colour2.onnx")), Provider.CUDA, statuses::add)) {
            if (c.provider() == Provider.CUDA) {
                assertTrue(epInBuild);
                assertEquals(List.of(), statuses);
            } else {
                assertEquals(Provider.CPU, c.provider());
                assertEquals(1, statuses.size(), statuses.toString());
                assertEquals(PipelineStatus.Kind.PROVIDER_FALLBACK, statuses.get(0).kind());
                assertMentions(statuses.get(0).message(), "CUDA", "running on CPU");
                if (!epInBuild) assertMentions(statuses.get(0).message(), "-Pgpu");
            }
            float[] probs = new float[27];
            c.classify(new float[c.clipFloats()], probs); // and it runs
        }
        List<PipelineStatus> auto = new ArrayList<>();
        try (Classifier c = Classifier.load(List.of(model("colour.onnx")), Provider.AUTO, auto::add)) {
            assertEquals(List.of(), auto, "auto falls back quietly");
        }
    }

    static void assertMentions(String message, String... parts) {
        for (String p : parts) assertTrue(message.contains(p), "'" + p + "' not in: " + message);
    }

    @Test
    void closeIsIdempotent() throws Exception {
        Classifier c = Classifier.load(List.of(model("colour.onnx")), Provider.CPU, s -> {});
        c.close();
        c.close();
        assertTrue(c.isClosed());
        assertThrows(IllegalStateException.class, () -> c.classify(new float[c.clipFloats()], new float[27]));
    }
}
