package io.jesture.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jesture.Rejection;
import io.jesture.TestVideos;
import io.jesture.internal.pipeline.RejectionCalibration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import static io.jesture.TestVideos.GREY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code jesture eval-quiet} in-process, on a few seconds of each input, with the shipped model. */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class EvalQuietCommandTest {
    static final String MODEL = Path.of(System.getProperty("jesture.projectDir", "."), "models", "jesture-r2plus1d.onnx").toString();

    @TempDir
    Path dir;

    @Test
    void runsTheSetPrintsOneTableAndWritesJsonSkippingWhatIsAbsent() throws Exception {
        Path samples = Files.createDirectories(dir.resolve("samples"));
        // A gzip-compressed sample, as some distributions ship them; the other two are absent.
        Path plain = TestVideos.write(dir.resolve("v.mp4"), 160, 120, 15, new TestVideos.Segment(GREY, 45));
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(samples.resolve("vtest.avi.gz")))) {
            Files.copy(plain, o);
        }
        Path json = dir.resolve("quiet.json");
        CliTest.Result r = CliTest.run("eval-quiet", "--model", MODEL, "--provider", "cpu", "--offline", "--groups", "pattern,film",
                "--pattern-seconds", "3", "--opencv-samples", samples.toString(), "--json", json.toString());
        assertEquals(ExitCode.OK, r.code(), r.toString());
        for (String input : new String[] {"testsrc", "mandelbrot", "life", "cellauto", "vtest"}) {
            assertTrue(r.out().contains("\n  " + input + " "), input + " missing from:\n" + r.out());
        }
        assertTrue(r.out().contains("offline (every window)") && r.out().contains("rejection standard: max-background"), r.out());
        assertTrue(r.err().contains("skipped Megamind: no ") && r.err().contains("opencv-doc"), r.err());
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertEquals(5, report.get("inputs").size());
        assertEquals(2, report.get("skipped").size());
        assertEquals("offline", report.get("mode").asText());
        for (JsonNode in : report.get("inputs")) {
            assertEquals(3 / 60.0, in.get("minutes").asDouble(), 0.2 / 60, "3 s of video: " + in);
            assertTrue(in.get("inferences").asInt() >= 1, in.toString());
        }

        CliTest.Result again = CliTest.run("eval-quiet", "--model", MODEL, "--groups", "pattern", "--json", json.toString());
        CliTest.assertBadInput(again, "--json", "exists");
        CliTest.assertBadInput(CliTest.run("eval-quiet", "--groups", "films"), "unknown group 'films'", "pattern, film, egocentric, synthetic");
    }

    @Test
    void anEnsembleIsNamedByAllItsMembers() throws Exception {
        Path copy = Files.copy(Path.of(MODEL), dir.resolve("second.onnx"));
        Path json = dir.resolve("pair.json");
        CliTest.Result r = CliTest.run("eval-quiet", "--model", MODEL, copy.toString(), "--provider", "cpu", "--offline", "--groups", "pattern",
                "--pattern-seconds", "3", "--json", json.toString());
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertTrue(r.out().contains("model jesture-r2plus1d.onnx+second.onnx on"), r.out());
        assertEquals("jesture-r2plus1d.onnx+second.onnx", new ObjectMapper().readTree(json.toFile()).get("model").asText());
    }

    @Test
    void calibrateWritesAModelCalibrationEntry() throws Exception {
        Path out = dir.resolve("rejection.json");
        CliTest.Result r = CliTest.run("eval-quiet", "--model", MODEL, "--provider", "cpu", "--calibrate", "--groups", "pattern",
                "--pattern-seconds", "10", "--tune-seeds", "201", "--tune-minutes", "0.4", "--calibration-out", out.toString());
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertTrue(r.out().contains("calibration:") && r.out().contains("  standard: ") && r.out().contains("jesture_train.stamp"), r.out());
        Map<Rejection.Preset, Rejection> points = RejectionCalibration.parse(Files.readString(out));
        assertTrue(points.containsKey(Rejection.Preset.STANDARD) && points.containsKey(Rejection.Preset.STRICT), points.toString());
    }
}
