package io.jesture.internal.model;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import io.jesture.ModelInfo;
import io.jesture.ModelLoadException;
import io.jesture.Provider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.jesture.internal.model.ModelContractTest.JSON;
import static io.jesture.internal.model.ModelContractTest.PROJECT;
import static io.jesture.internal.model.ModelContractTest.floats;
import static io.jesture.internal.model.ModelContractTest.runPython;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The runtime's optical flow for flow networks ({@code jesture.input = flow}): the training side writes
 * a tiny flow network, a clip of a textured square moving 2 px right and 1 px down per frame, the flow
 * its OpenCV computes for that clip and PyTorch's logits; the runtime's {@link ClipFlow} (JavaCV's
 * OpenCV) must give that flow and ONNX Runtime those logits. Runs the real Python and the real DIS.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class ClipFlowTest {
    static final Path OUT = PROJECT.resolve("target").resolve("flow-fixture");
    static JsonNode fixture;
    static Path model;
    static float[] clip;
    static float[] expectedFlow;

    @BeforeAll
    static void exportFixture() throws Exception {
        Files.createDirectories(OUT);
        runPython(OUT.resolve("export.log"), "-m", "jesture_train.export", "--tiny-fixture", "--out", OUT.toString());
        fixture = JSON.readTree(OUT.resolve("fixture.json").toFile()).get("flow");
        org.junit.jupiter.api.Assumptions.assumeTrue(fixture != null && !fixture.isNull(),
                "python3-opencv is not installed, so the trainer cannot write the flow fixture (.ci/run installs it)");
        model = OUT.resolve(fixture.get("model").asText());
        clip = floats(OUT.resolve(fixture.get("input").asText()));
        expectedFlow = floats(OUT.resolve(fixture.get("flow").asText()));
    }

    static ClipFlow flowFor(ModelInfo info) throws ModelLoadException {
        ModelContract.FlowSpec spec = ModelContract.flowSpec(info.file(), info.metadata());
        assertNotNull(spec, "the fixture declares jesture.input = flow");
        return new ClipFlow(info, spec);
    }

    static float[] compute(ClipFlow flow, float[] clip, int floats) {
        FloatBuffer out = ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        flow.compute(clip, out);
        float[] f = new float[floats];
        out.get(0, f);
        return f;
    }

    @Test
    void theRuntimesFlowIsTheTrainersAndFollowsTheSquare() throws Exception {
        ModelInfo info = Classifier.inspect(model);
        assertEquals(2, ModelContract.inputChannels(info));
        int t = info.clipLength(), h = info.frameHeight(), w = info.frameWidth(), plane = h * w;
        float[] got;
        try (ClipFlow flow = flowFor(info)) {
            got = compute(flow, clip, 2 * t * plane);
        }
        assertEquals(expectedFlow.length, got.length);
        double sum = 0, max = 0;
        for (int i = 0; i < got.length; i++) {
            double d = Math.abs(got[i] - expectedFlow[i]);
            sum += d;
            max = Math.max(max, d);
        }
        // Training's OpenCV is Debian's (4.6), the runtime's JavaCV's (4.13): their DIS differs a
        // little (measured here: mean 0.016, max 0.12 model units, i.e. 0.06 and 0.5 px), far less than
        // the motion itself. A wrong grey image, scale or frame order is off by far more.
        assertTrue(sum / got.length < 0.03 && max < 0.25, "flow differs from training's: mean |d| "
                + sum / got.length + ", max |d| " + max);
        for (int i = 0; i < 2 * plane; i++) {
            int c = i / plane;
            assertEquals(0f, got[c * t * plane + i % plane], "the first frame has no predecessor: zero flow");
        }
        // Inside the square (rows 8+k..23+k, columns 10+2k..25+2k at frame k), in model units (px / 4).
        double dx = 0, dy = 0;
        int n = 0;
        for (int y = 12; y < 24; y++) {
            for (int x = 18; x < 32; x++) {
                dx += got[3 * plane + y * w + x];
                dy += got[(t + 3) * plane + y * w + x];
                n++;
            }
        }
        assertEquals(0.5, dx / n, 0.1, "the square moves 2 px right per frame");
        assertEquals(0.25, dy / n, 0.1, "the square moves 1 px down per frame");
    }

    @Test
    void aSlidingWindowRunsDisOnlyForItsNewPair() throws Exception {
        ModelInfo info = Classifier.inspect(model);
        int t = info.clipLength(), plane = info.frameHeight() * info.frameWidth();
        // The next window: frames 1..T-1 of the clip, then a new frame (the square one more step on).
        float[] next = new float[clip.length];
        for (int c = 0; c < 3; c++) {
            System.arraycopy(clip, (c * t + 1) * plane, next, c * t * plane, (t - 1) * plane);
            for (int i = 0; i < plane; i++) {
                int y = i / info.frameWidth(), x = i % info.frameWidth();
                next[(c * t + t - 1) * plane + i] = clip[(c * t + t - 1) * plane + ((y - 1 + info.frameHeight()) % info.frameHeight())
                        * info.frameWidth() + (x - 2 + info.frameWidth()) % info.frameWidth()];
            }
        }
        try (ClipFlow flow = flowFor(info); ClipFlow fresh = flowFor(info)) {
            float[] first = compute(flow, clip, 2 * t * plane);
            assertEquals(t - 1, flow.disRuns());
            float[] again = compute(flow, clip, 2 * t * plane);
            assertEquals(t - 1, flow.disRuns(), "the same clip again reuses every pair");
            assertArrayEquals(first, again);
            float[] slid = compute(flow, next, 2 * t * plane);
            assertEquals(t, flow.disRuns(), "one window on: one new pair");
            assertArrayEquals(compute(fresh, next, 2 * t * plane), slid, "reused pairs give what a fresh computation gives");
        }
    }

    @Test
    void aFlowNetworkRunsInTheClassifierWithPyTorchsLogits() throws Exception {
        float[] pytorch = floats(OUT.resolve(fixture.get("logits").asText()));
        ModelInfo info = Classifier.inspect(model);
        long[] shape = {1, 2, info.clipLength(), info.frameHeight(), info.frameWidth()};
        // The graph itself: on training's flow, ONNX Runtime gives PyTorch's logits.
        assertClose(pytorch, run(expectedFlow, shape), 1e-3, "ORT on training's flow vs PyTorch");
        float[] javaFlow;
        try (ClipFlow flow = flowFor(info)) {
            javaFlow = compute(flow, clip, expectedFlow.length);
        }
        try (Classifier c = Classifier.load(List.of(model), Provider.CPU, s -> {})) {
            float[] probs = new float[c.info().labels().size()];
            c.classify(clip, probs);
            float[] logits = new float[probs.length];
            c.copyLogits(0, logits);
            // The classifier feeds the graph the flow ClipFlow computes, not the clip.
            assertClose(run(javaFlow, shape), logits, 1e-4, "classifier vs ORT on the runtime's flow");
            double sum = 0;
            for (float p : probs) sum += p;
            assertEquals(1.0, sum, 1e-4);
        }
    }

    static float[] run(float[] input, long[] shape) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(model.toString(), new OrtSession.SessionOptions());
             OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(input), shape);
             OrtSession.Result r = s.run(Map.of(ModelContract.INPUT_NAME, x))) {
            return ((float[][]) r.get(ModelContract.OUTPUT_NAME).orElseThrow().getValue())[0];
        }
    }

    static void assertClose(float[] expected, float[] got, double tolerance, String what) {
        assertEquals(expected.length, got.length, what);
        double max = 0;
        for (int i = 0; i < got.length; i++) max = Math.max(max, Math.abs(got[i] - expected[i]));
        assertTrue(max <= tolerance, what + ": max |diff| " + max + " > " + tolerance);
    }

    @Test
    void inputKindsTheRuntimeCannotComputeAreRefusedByName() throws Exception {
        ModelInfo info = Classifier.inspect(model);
        Map<String, String> meta = new HashMap<>(info.metadata());
        meta.put(ModelContract.INPUT_KIND_KEY, "depth");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> ModelContract.parse(model, meta));
        assertTrue(e.getMessage().contains("jesture.input must be rgb, flow or hands, found 'depth'"), e.getMessage());
        meta.put(ModelContract.INPUT_KIND_KEY, "flow");
        meta.put(ModelContract.FLOW_KEY, meta.get(ModelContract.FLOW_KEY).replace("medium", "ultrafast"));
        e = assertThrows(ModelLoadException.class, () -> ModelContract.parse(model, meta));
        assertTrue(e.getMessage().contains(ModelContract.FLOW_KEY) && e.getMessage().contains("ultrafast"), e.getMessage());
        meta.remove(ModelContract.FLOW_KEY);
        e = assertThrows(ModelLoadException.class, () -> ModelContract.parse(model, meta));
        assertTrue(e.getMessage().contains("'jesture.flow' is missing"), e.getMessage());
        meta.remove(ModelContract.INPUT_KIND_KEY);
        assertNull(ModelContract.flowSpec(model, meta), "no jesture.input: the graph reads frames");
    }
}
