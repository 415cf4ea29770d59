package io.jesture.cli;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jesture.ModelInfo;
import io.jesture.Provider;
import io.jesture.SharedData;
import io.jesture.internal.model.Classifier;
import io.jesture.internal.pipeline.Preprocessor;
import io.jesture.internal.train.PythonModule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code jesture import} on the real-trained reference checkpoint in {@code ../shared/teachers}: the
 * conversion, its contract as {@code jesture info} prints it, the same logits as PyTorch through
 * jesture's own Preprocessor and ONNX Runtime, and its score on the real Jester clips of
 * {@code ../shared/real-dev}. Everything made from the checkpoint stays in {@code target/}. Skips,
 * saying why, where {@code ../shared} is absent.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class TeacherImportTest {
    static final Path TARGET = Path.of(System.getProperty("jesture.projectDir", "."), "target");
    static final Path MODEL = TARGET.resolve("teacher-shufflenet.onnx");
    static final Path REFERENCE = TARGET.resolve("teacher-reference");
    static final float[] PIXEL_MEAN = {110.63666788f, 103.16065604f, 96.29023126f};

    @BeforeAll
    static void importTheTeacher() throws Exception {
        SharedData.require(SharedData.TEACHER);
        CliTest.Result r = CliTest.run("import", "--format", "efficient-3dcnns", "--arch", "shufflenet", "--width", "0.5",
                "--groups", "3", SharedData.TEACHER.toString(), "--out", MODEL.toString(), "--force");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertTrue(r.out().contains("wrote") && r.out().contains("270,159 parameters"), r.out());
    }

    @Test
    void infoShowsTheWholeContract() {
        CliTest.Result r = CliTest.run("info", MODEL.toString());
        assertEquals(ExitCode.OK, r.code(), r.toString());
        String out = r.out();
        for (String expected : new String[] {
                "arch         shufflenet-3d-w0.5-g3",
                "dataset      Jester v1 (real), imported from Efficient-3DCNNs checkpoint",
                "imported     efficient-3dcnns checkpoint jester-3d-shufflenet-0.5x-g3.pth, sha256 31d64fc6",
                "accuracy     top-1 89.23% (Jester validation, as recorded by the checkpoint's trainer), epoch 67",
                "cost         71.7 MFLOPs/clip, 270159 parameters",
                "input        clip [N, 3, 16, 112, 112]",
                "fps          6 (2.67 s per clip)",
                "preprocess   cover_center_crop, RGB",
                "(p - [110.637, 103.161, 96.290]) / [1.000, 1.000, 1.000] for p in 0..255",
                "   0 Doing other things *",
                "   2 No gesture *",
                "  20 Thumb Up"}) {
            assertTrue(out.contains(expected), "'" + expected + "' not in:\n" + out);
        }
    }

    /**
     * PyTorch's logits for 16 real frames (Python, the checkpoint's own 0..255-minus-mean input)
     * against the imported ONNX file run by jesture: once through the Preprocessor's contract
     * normalisation and the Classifier, once on the exact float input, and as a batch of 2.
     */
    @Test
    void javaOrtGivesPyTorchsLogits() throws Exception {
        Path thumbUp = SharedData.require(SharedData.REAL_JESTER.resolve("thumb_up"));
        PythonModule python = PythonModule.locate(null);
        List<String> out = new ArrayList<>();
        PythonModule.Result r = python.run("reference", List.of(SharedData.TEACHER.toString(), "--arch", "shufflenet",
                "--width", "0.5", "--groups", "3", "--frames", thumbUp.toString(), "--out", REFERENCE.toString()), out::add);
        assertEquals(0, r.exitCode(), out + "\n" + r.stderr());
        JsonNode ref = new ObjectMapper().readTree(REFERENCE.resolve("reference.json").toFile());
        int t = ref.at("/frames/shape/0").asInt(), h = ref.at("/frames/shape/1").asInt(), w = ref.at("/frames/shape/2").asInt();
        byte[] rgb = Files.readAllBytes(REFERENCE.resolve("frames.u8"));
        assertEquals(t * h * w * 3, rgb.length);
        float[] expected = new float[ref.get("logits").size()];
        for (int i = 0; i < expected.length; i++) expected[i] = (float) ref.get("logits").get(i).asDouble();

        try (Classifier c = Classifier.load(List.of(MODEL), Provider.CPU, s -> {})) {
            ModelInfo info = c.info();
            assertEquals(List.of(t, h, w), List.of(info.clipLength(), info.frameHeight(), info.frameWidth()));
            int plane = h * w;
            float[] viaPreprocessor = new float[c.clipFloats()];
            float[] exact = new float[c.clipFloats()];
            try (Preprocessor p = new Preprocessor(w, h, info)) {
                byte[] bgr = new byte[plane * 3];
                float[] frame = new float[p.frameFloats()];
                for (int f = 0; f < t; f++) {
                    for (int i = 0; i < plane; i++) {
                        int src = (f * plane + i) * 3;
                        bgr[i * 3] = rgb[src + 2];
                        bgr[i * 3 + 1] = rgb[src + 1];
                        bgr[i * 3 + 2] = rgb[src];
                        for (int ch = 0; ch < 3; ch++) {
                            exact[(ch * t + f) * plane + i] = (rgb[src + ch] & 0xff) - PIXEL_MEAN[ch];
                        }
                    }
                    p.apply(bgr, frame);
                    for (int ch = 0; ch < 3; ch++) System.arraycopy(frame, ch * plane, viaPreprocessor, (ch * t + f) * plane, plane);
                }
            }
            float[] probs = new float[expected.length];
            float[] logits = new float[expected.length];
            c.classify(viaPreprocessor, probs);
            c.copyLogits(0, logits);
            double dPre = maxAbsDiff(expected, logits);
            double dIn = maxAbsDiff(exact, viaPreprocessor);
            c.classify(exact, probs);
            c.copyLogits(0, logits);
            double dOrt = maxAbsDiff(expected, logits);
            assertEquals(ref.get("top1").asText(), info.labels().get(argmax(logits)));
            assertEquals("Thumb Up", ref.get("top1").asText());

            // The batch dimension is dynamic: the same clip next to an empty one gives the same row.
            float[] two = new float[2 * exact.length];
            System.arraycopy(exact, 0, two, 0, exact.length);
            float[] row0 = new float[expected.length];
            OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession s = env.createSession(MODEL.toString(), new OrtSession.SessionOptions());
                 OnnxTensor x = OnnxTensor.createTensor(env, FloatBuffer.wrap(two), new long[] {2, 3, t, h, w});
                 OrtSession.Result res = s.run(Map.of("clip", x))) {
                float[][] y = (float[][]) res.get(0).getValue();
                assertEquals(2, y.length);
                System.arraycopy(y[0], 0, row0, 0, row0.length);
            }
            double dBatch = maxAbsDiff(expected, row0);
            System.out.printf(Locale.ROOT, "teacher logits, max |Java - PyTorch|: via Preprocessor %.2e, exact input %.2e, "
                    + "batch of 2 %.2e; max |Preprocessor - (p - mean)| %.2e%n", dPre, dOrt, dBatch, dIn);
            assertTrue(dPre <= 1e-4, "via the Preprocessor: " + dPre);
            assertTrue(dOrt <= 1e-4, "exact input: " + dOrt);
            assertTrue(dBatch <= 1e-4, "batch of 2: " + dBatch);
        }
    }

    /**
     * {@code jesture classify} on each real clip folder at 12 fps, every window's probabilities
     * averaged. The model runs at 6 fps, so the 12-fps frames hold two interleaved 6-fps clips;
     * classify reads the one starting at the first frame, and a copy of the folder without its
     * first frame gives the other. Averaged over both, every window of every start frame counts, as
     * in Jester evaluation.
     */
    @Test
    void scoresNineOfTenRealJesterClips(@TempDir Path tmp) throws Exception {
        Path csv = SharedData.require(SharedData.REAL_JESTER.resolve("jester-v1-validation.csv"));
        ObjectMapper json = new ObjectMapper();
        int rightBoth = 0, rightFirst = 0, clips = 0;
        StringBuilder table = new StringBuilder();
        for (String line : Files.readAllLines(csv)) {
            if (line.isBlank()) continue;
            String[] parts = line.split(";");
            Path folder = SharedData.REAL_JESTER.resolve(parts[0]);
            Path shifted = Files.createDirectories(tmp.resolve(parts[0]));
            List<Path> frames;
            try (var s = Files.list(folder)) {
                frames = s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
            }
            for (int i = 1; i < frames.size(); i++) {
                Files.copy(frames.get(i), shifted.resolve(String.format(Locale.ROOT, "%05d.jpg", i)));
            }
            double[] sum = new double[27];
            String first = null;
            int windows = 0;
            for (Path dir : List.of(folder, shifted)) {
                CliTest.Result r = CliTest.run("classify", dir.toString(), "--model", MODEL.toString(), "--provider", "cpu",
                        "--top", "27", "--json");
                assertEquals(ExitCode.OK, r.code(), r.toString());
                JsonNode n = json.readTree(r.out());
                int k = n.get("windows").asInt();
                for (JsonNode e : n.get("top")) sum[e.get("index").asInt()] += e.get("probability").asDouble() * k;
                windows += k;
                if (first == null) first = n.at("/top/0/label").asText();
            }
            String labelBoth = labelOf(sum);
            clips++;
            if (labelBoth.equals(parts[1])) rightBoth++;
            if (first.equals(parts[1])) rightFirst++;
            table.append(String.format(Locale.ROOT, "  %-26s both phases: %-26s %.3f (%d windows) | first phase: %s%n",
                    parts[1], labelBoth, sum[labelIndex(labelBoth)] / windows, windows, first));
        }
        System.out.printf(Locale.ROOT, "teacher on real Jester clips: %d/%d (both 6-fps phases), %d/%d (classify alone)%n%s",
                rightBoth, clips, rightFirst, clips, table);
        assertEquals(10, clips);
        assertTrue(rightBoth >= 9, rightBoth + "/10\n" + table);
        // classify alone sees only windows starting at even frames; Sliding Two Fingers Down then
        // tips to Up (0.57 vs 0.40, the same in PyTorch), so 8 is its floor.
        assertTrue(rightFirst >= 8, rightFirst + "/10\n" + table);
    }

    /**
     * The measure: {@code jesture eval-clips} on the real Jester dev clips. The centre clip
     * (training's protocol) must get 9 of 10; the windows protocol, which like the live pipeline
     * reads only the 6-fps phase that starts at the first frame, 8.
     */
    @Test
    void evalClipsScoresNineOfTenRealJesterClips(@TempDir Path tmp) throws Exception {
        SharedData.require(SharedData.REAL_JESTER.resolve("jester-v1-validation.csv"));
        Path out = tmp.resolve("report");
        CliTest.Result r = CliTest.run("eval-clips", SharedData.REAL_JESTER.toString(), "--model", MODEL.toString(),
                "--provider", "cpu", "--out", out.toString(), "--no-progress");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        JsonNode protocols = new ObjectMapper().readTree(out.resolve("summary.json").toFile()).get("protocols");
        assertEquals(10, protocols.at("/centre/labelled_clips").asInt(), r.out());
        assertTrue(protocols.at("/centre/top1_right").asInt() >= 9, r.out());
        assertTrue(protocols.at("/windows/top1_right").asInt() >= 8, r.out());
    }

    private static String[] labels;

    private static String labelOf(double[] sum) throws Exception {
        return labels()[argmax(sum)];
    }

    private static int labelIndex(String label) throws Exception {
        return List.of(labels()).indexOf(label);
    }

    private static String[] labels() throws Exception {
        if (labels == null) labels = Classifier.inspect(MODEL).labels().toArray(String[]::new);
        return labels;
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    private static double maxAbsDiff(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double d = 0;
        for (int i = 0; i < a.length; i++) d = Math.max(d, Math.abs((double) a[i] - b[i]));
        return d;
    }
}
