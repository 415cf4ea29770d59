package io.jesture.internal.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jesture.ModelInfo;
import io.jesture.Provider;
import io.jesture.internal.pipeline.Preprocessor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java half of the model contract (issue 2): the training side's exporter writes a tiny trained
 * r2plus1d with full metadata, a fixed input and PyTorch's logits for it; ONNX Runtime in Java must
 * give the same logits, and the metadata must parse. Also checks that Java's preprocessing matches the
 * training side's {@code cover_center_crop}. Runs the real Python (src/train, /usr/bin/python3).
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ModelContractTest {
    static final Path PROJECT = Paths.get(System.getProperty("jesture.projectDir", "."));
    static final Path OUT = PROJECT.resolve("target").resolve("contract-fixture");
    static final ObjectMapper JSON = new ObjectMapper();

    static String python() {
        return Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    }

    static String runPython(Path log, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(python());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(PROJECT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("PYTHONPATH", PROJECT.resolve("src").resolve("train").toString());
        Process p = pb.start();
        assertTrue(p.waitFor(240, TimeUnit.SECONDS), "python timed out: " + cmd);
        String output = Files.readString(log);
        assertEquals(0, p.exitValue(), "python failed: " + cmd + "\n" + output);
        return output;
    }

    @BeforeAll
    static void exportFixture() throws Exception {
        Files.createDirectories(OUT);
        runPython(OUT.resolve("export.log"), "-m", "jesture_train.export", "--tiny-fixture", "--out", OUT.toString());
    }

    static float[] floats(Path file) throws IOException {
        FloatBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        float[] f = new float[b.remaining()];
        b.get(f);
        return f;
    }

    @Test
    void onnxRuntimeInJavaGivesPyTorchsLogitsAndTheMetadataParses() throws Exception {
        JsonNode fixture = JSON.readTree(OUT.resolve("fixture.json").toFile());
        Path model = OUT.resolve(fixture.get("model").asText());
        ModelInfo info;
        try (Classifier c = Classifier.load(List.of(model), Provider.CPU, s -> {})) {
            info = c.info();
        }
        assertEquals("1", info.contractVersion());
        List<String> labels = new ArrayList<>();
        fixture.get("labels").forEach(n -> labels.add(n.asText()));
        assertEquals(labels, info.labels());
        assertEquals(27, info.labels().size());
        assertEquals("Swiping Left", info.labels().get(0));
        assertEquals("Doing other things", info.labels().get(26));
        assertEquals(List.of("No gesture", "Doing other things"), info.backgroundLabels());
        JsonNode shape = fixture.get("input").get("shape");
        assertEquals(shape.get(2).asInt(), info.clipLength());
        assertEquals(shape.get(3).asInt(), info.frameHeight());
        assertEquals(shape.get(4).asInt(), info.frameWidth());
        assertEquals(12.0, info.fps());
        assertEquals("RGB", info.colorOrder());
        assertEquals("cover_center_crop", info.resize());
        assertTrue(info.params() > 0 && info.mflops() > 0, info.toString());

        float[] input = floats(OUT.resolve(fixture.get("input").get("file").asText()));
        float[] expected = floats(OUT.resolve(fixture.get("logits").get("file").asText()));
        long[] inShape = new long[shape.size()];
        for (int i = 0; i < inShape.length; i++) inShape[i] = shape.get(i).asLong();
        double tolerance = fixture.get("tolerance").asDouble();
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(model.toString(), new OrtSession.SessionOptions());
             OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), inShape);
             OrtSession.Result r = s.run(Map.of(ModelContract.INPUT_NAME, x))) {
            float[][] logits = (float[][]) r.get(ModelContract.OUTPUT_NAME).orElseThrow().getValue();
            assertEquals(expected.length, logits.length * logits[0].length);
            double maxDiff = 0;
            for (int n = 0; n < logits.length; n++) {
                for (int k = 0; k < logits[n].length; k++) {
                    maxDiff = Math.max(maxDiff, Math.abs(logits[n][k] - expected[n * logits[n].length + k]));
                }
            }
            assertTrue(maxDiff <= tolerance, "ORT vs PyTorch max |diff| " + maxDiff + " > " + tolerance);
        }
    }

    @Test
    void theEmbeddingOutputIsPyTorchsAndLeavesTheLogitsOfThePlainExportUnchanged() throws Exception {
        JsonNode fixture = JSON.readTree(OUT.resolve("fixture.json").toFile());
        float[] input = floats(OUT.resolve(fixture.get("input").get("file").asText()));
        float[] logits = floats(OUT.resolve(fixture.get("logits").get("file").asText()));
        float[] embedding = floats(OUT.resolve(fixture.get("embedding").get("file").asText()));
        int d = fixture.get("embedding").get("shape").get(1).asInt();
        try (Classifier withEmbedding = Classifier.load(List.of(OUT.resolve(fixture.get("model").asText())), Provider.CPU, s -> {});
             Classifier plain = Classifier.load(List.of(OUT.resolve(fixture.get("plain_model").asText())), Provider.CPU, s -> {})) {
            assertEquals(d, withEmbedding.embeddingDim());
            assertEquals(0, plain.embeddingDim(), "a model exported without the output has no embedding");
            int k = withEmbedding.info().labels().size(), n = withEmbedding.clipFloats();
            float[] probs = new float[k], a = new float[k], b = new float[k], e = new float[d];
            double logitsVsPlain = 0, logitsVsTorch = 0, embVsTorch = 0;
            for (int row = 0; row < 2; row++) {
                float[] clip = java.util.Arrays.copyOfRange(input, row * n, (row + 1) * n);
                withEmbedding.classify(clip, probs);
                withEmbedding.copyLogits(0, a);
                withEmbedding.copyEmbedding(0, e);
                plain.classify(clip, probs);
                plain.copyLogits(0, b);
                for (int i = 0; i < k; i++) {
                    logitsVsPlain = Math.max(logitsVsPlain, Math.abs(a[i] - b[i]));
                    logitsVsTorch = Math.max(logitsVsTorch, Math.abs(a[i] - logits[row * k + i]));
                }
                for (int i = 0; i < d; i++) embVsTorch = Math.max(embVsTorch, Math.abs(e[i] - embedding[row * d + i]));
            }
            System.out.printf("embedding export: logits vs plain export max |diff| %.2e, vs PyTorch %.2e; embedding vs PyTorch %.2e%n",
                    logitsVsPlain, logitsVsTorch, embVsTorch);
            assertTrue(logitsVsPlain <= 1e-6, "logits changed by the embedding output: " + logitsVsPlain);
            assertTrue(logitsVsTorch <= 1e-4 && embVsTorch <= 1e-4, logitsVsTorch + " " + embVsTorch);
            assertThrows(IllegalStateException.class, () -> plain.copyEmbedding(0, new float[d]));
        }
    }

    @Test
    void javaPreprocessingMatchesTheTrainingSidesCoverCenterCrop() throws Exception {
        // Smooth content (gradients and a disc) like real frames; sizes: a camera, a Jester-like clip, an upscale.
        int[][] cases = {{640, 480, 96, 96}, {176, 100, 96, 96}, {640, 360, 32, 32}, {64, 48, 96, 96}};
        for (int[] cs : cases) {
            int w = cs[0], h = cs[1], oh = cs[2], ow = cs[3];
            byte[] bgr = new byte[w * h * 3];
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int i = (y * w + x) * 3;
                    boolean disc = Math.hypot(x - w * 0.6, y - h * 0.4) < h * 0.25;
                    bgr[i] = (byte) (255 * x / w);                 // B
                    bgr[i + 1] = (byte) (255 * y / h);             // G
                    bgr[i + 2] = (byte) (disc ? 240 : 30);         // R
                }
            }
            Path raw = OUT.resolve("frame-" + w + "x" + h + ".bgr");
            Files.write(raw, bgr);
            Path py = OUT.resolve("crop-" + w + "x" + h + "-" + ow + ".rgb");
            runPython(OUT.resolve("crop.log"), "-c", String.join("\n",
                    "import numpy as np, sys",
                    "from PIL import Image",
                    "from jesture_train.data import cover_center_crop",
                    "a = np.fromfile(sys.argv[1], dtype=np.uint8).reshape(" + h + ", " + w + ", 3)[:, :, ::-1]",
                    "out = cover_center_crop(Image.fromarray(np.ascontiguousarray(a)), " + oh + ", " + ow + ")",
                    "out.astype(np.uint8).tofile(sys.argv[2])"), raw.toString(), py.toString());
            byte[] expected = Files.readAllBytes(py); // RGB, [H, W, 3]
            ModelInfo identity = new ModelInfo(Path.of("x"), "1", List.of("a", "b"), List.of(), 8, oh, ow, 12, "RGB",
                    new float[] {0, 0, 0}, new float[] {1, 1, 1}, "cover_center_crop", "", "", "", 0, 0, Map.of());
            float[] out = new float[3 * oh * ow];
            try (Preprocessor p = new Preprocessor(w, h, identity)) {
                p.apply(bgr, out);
            }
            double sum = 0;
            int worst = 0;
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < oh * ow; i++) {
                    int java = Math.round(out[c * oh * ow + i] * 255);
                    int pil = expected[i * 3 + c] & 0xff;
                    sum += Math.abs(java - pil);
                    worst = Math.max(worst, Math.abs(java - pil));
                }
            }
            double mean = sum / (3.0 * oh * ow);
            // OpenCV INTER_AREA and PIL's antialiased bilinear are different filters with the same intent:
            // they agree on average to within a grey level or two; edges differ more.
            assertTrue(mean < 2.0, w + "x" + h + " -> " + ow + "x" + oh + ": mean |java - pil| = " + mean + ", max " + worst);
            System.out.printf("preprocess parity %dx%d -> %dx%d: mean |diff| %.3f, max %d%n", w, h, ow, oh, mean, worst);
        }
    }

    @Test
    void theExportedFixtureRunsThroughTheWholePipeline() throws Exception {
        // The trained fixture is a real (tiny) R(2+1)D: its events mean nothing, the mechanics must hold.
        java.util.concurrent.atomic.AtomicInteger scores = new java.util.concurrent.atomic.AtomicInteger();
        List<Throwable> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        io.jesture.GestureOptions o = io.jesture.GestureOptions.builder()
                .source("synthetic:seed=5,gestures=2,size=320x240")
                .model(OUT.resolve("tiny.onnx"))
                .provider(Provider.CPU)
                .runningMode(io.jesture.RunningMode.OFFLINE)
                .errorListener((w, e) -> errors.add(e))
                .listener(new io.jesture.GestureListener() {
                    @Override public void onScores(io.jesture.ScoreUpdate u) {
                        double sum = 0;
                        for (float p : u.raw()) sum += p;
                        if (u.raw().length == 27 && Math.abs(sum - 1) < 1e-4 && u.smoothed().length == 27) scores.incrementAndGet();
                    }
                }).build();
        try (io.jesture.GestureRecognizer r = io.jesture.GestureRecognizer.create(o)) {
            r.start();
            assertTrue(r.awaitEndOfStream(java.time.Duration.ofSeconds(120)));
            io.jesture.RecognizerStats s = r.stats();
            assertEquals(List.of(), errors);
            assertTrue(s.framesCaptured() > 60, s.toString());
            assertEquals(0, s.framesDropped());
            assertTrue(s.clipsAssembled() > 10, s.toString());
            assertEquals(s.clipsAssembled(), s.inferences());
            assertEquals(s.inferences(), scores.get());
            assertEquals("tiny.onnx", s.modelName());
            assertTrue(r.inferenceTimes().count() == s.inferences());
        }
    }
}
