package io.jesture.cli;

import io.jesture.internal.adapt.Profile;
import io.jesture.internal.adapt.TakeWriter;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code jesture adapt} and {@code jesture record} in-process, on real exported models (the contract
 * fixture src/train exports: a tiny trained R(2+1)D with the embedding output, and the same weights
 * exported without it) and on takes written in the test. Every bad input is one line and exit 2.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class AdaptCommandTest {
    static final Path PROJECT = Path.of(System.getProperty("jesture.projectDir", "."));
    static final Path FIXTURE = PROJECT.resolve("target").resolve("adapt-cli-fixture");
    static Path model, plain, other;

    @TempDir
    Path dir;

    @BeforeAll
    static void exportFixture() throws Exception {
        Files.createDirectories(FIXTURE);
        python("export.log", "-m", "jesture_train.export", "--tiny-fixture", "--out", FIXTURE.toString());
        model = FIXTURE.resolve("tiny.onnx");
        plain = FIXTURE.resolve("tiny_plain.onnx");
        // The same weights with the embedding added afterwards: a different file, so a different model.
        other = FIXTURE.resolve("tiny_added.onnx");
        Files.deleteIfExists(other);
        python("add.log", "-m", "jesture_train.export", "--add-embedding", plain.toString(), "--out", other.toString());
    }

    static void python(String log, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(PROJECT.toFile()).redirectErrorStream(true)
                .redirectOutput(FIXTURE.resolve(log).toFile());
        pb.environment().put("PYTHONPATH", PROJECT.resolve("src").resolve("train").toString());
        Process p = pb.start();
        assertTrue(p.waitFor(240, TimeUnit.SECONDS), "python timed out: " + cmd);
        assertEquals(0, p.exitValue(), cmd + "\n" + Files.readString(FIXTURE.resolve(log)));
    }

    /** A dot moving along a circle or a line, {@code frames} frames of {@code w x h}. */
    static void take(TakeWriter writer, String label, int seed, boolean circle, int w, int h, int frames) throws Exception {
        writer.begin(label);
        byte[] bgr = new byte[w * h * 3];
        for (int f = 0; f < frames; f++) {
            java.util.Arrays.fill(bgr, (byte) (40 + seed));
            double a = 2 * Math.PI * f / frames + seed;
            int cx = (int) (w / 2 + (circle ? w / 4.0 * Math.cos(a) : w / 3.0 * (f / (double) frames - 0.5)));
            int cy = (int) (h / 2 + (circle ? h / 4.0 * Math.sin(a) : 0));
            for (int y = Math.max(0, cy - 4); y < Math.min(h, cy + 4); y++) {
                for (int x = Math.max(0, cx - 4); x < Math.min(w, cx + 4); x++) {
                    int i = (y * w + x) * 3;
                    bgr[i] = (byte) 90;
                    bgr[i + 1] = (byte) 150;
                    bgr[i + 2] = (byte) 220;
                }
            }
            writer.frame(bgr, w, h);
        }
        writer.end();
    }

    /** Three takes each of two new gestures, 64x48, 14 frames (more than the fixture's clip of 8). */
    Path goodTakes() throws Exception {
        Path takes = dir.resolve("takes");
        try (TakeWriter w = new TakeWriter(takes)) {
            for (int s = 0; s < 3; s++) take(w, "Circle", s, true, 64, 48, 14);
            for (int s = 0; s < 3; s++) take(w, "Slide", s, false, 64, 48, 14);
        }
        return takes;
    }

    static CliTest.Result run(String... args) {
        return CliTest.run(args);
    }

    static void assertBadInput(CliTest.Result r, String... parts) {
        CliTest.assertBadInput(r, parts);
    }

    @Test
    void adaptWritesAProfileThatRunLoadsWithTheNewLabels() throws Exception {
        Path takes = goodTakes();
        Path profile = dir.resolve("my.profile");
        CliTest.Result r = run("adapt", "--data", takes.toString(), "--model", model.toString(), "--out", profile.toString(), "--anchors", "1");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertTrue(r.out().contains("Circle") && r.out().contains("(new)"), r.out());
        assertTrue(r.out().contains("each again in 4 views"), "the takes' speed and trim views are fitted on by default: " + r.out());
        Profile p = Profile.read(profile);
        assertEquals(List.of(new Profile.RecordedClass("Circle", true, 3), new Profile.RecordedClass("Slide", true, 3)), p.classes(),
                "a take's views count as one take");
        assertEquals("slow,fast,late-start,early-end", p.info().path("views").asText());
        assertEquals(29, p.labels().size());
        assertEquals(List.of("Circle", "Slide"), p.labels().subList(27, 29));
        assertEquals(Profile.sha256(model), p.modelSha256());
        assertTrue(Files.size(profile) < 64 * 1024, "profile of " + Files.size(profile) + " bytes");
        CliTest.Result runs = run("run", "--source", "frames:" + takes.resolve("00001") + ",fps=12", "--model", model.toString(),
                "--profile", profile.toString(), "--offline", "--scores");
        assertEquals(ExitCode.OK, runs.code(), runs.toString());
        // Nothing is silently replaced.
        assertBadInput(run("adapt", "--data", takes.toString(), "--model", model.toString(), "--out", profile.toString()),
                profile.toString(), "already exists", "--overwrite");
        // --views none: the takes as recorded only.
        CliTest.Result plain = run("adapt", "--data", takes.toString(), "--model", model.toString(), "--out", dir.resolve("plain.profile").toString(),
                "--anchors", "1", "--views", "none");
        assertEquals(ExitCode.OK, plain.code(), plain.toString());
        assertFalse(plain.out().contains("views"), plain.out());
        assertEquals("", Profile.read(dir.resolve("plain.profile")).info().path("views").asText());
        assertBadInput(run("adapt", "--data", takes.toString(), "--model", model.toString(), "--out", dir.resolve("v.profile").toString(),
                "--views", "mirror"), "unknown --views 'mirror'", "time", "none");
        assertBadInput(run("adapt", "--data", takes.toString(), "--model", model.toString(), "--out", dir.resolve("w.profile").toString(),
                "--path-weight", "-1"), "--path-weight must be in [0, 100]");
        // The takes and their views are the path templates: 6 takes in 5 plays each.
        CliTest.Result info = run("info", profile.toString());
        assertTrue(info.out().contains("format version 5") && info.out().contains("paths        30 templates"), info.out());
    }

    @Test
    void tooFewTakesIsOneLineAndExit2() throws Exception {
        Path takes = dir.resolve("few");
        try (TakeWriter w = new TakeWriter(takes)) {
            for (int s = 0; s < 2; s++) take(w, "Circle", s, true, 64, 48, 14);
        }
        assertBadInput(run("adapt", "--data", takes.toString(), "--model", model.toString(), "--out", dir.resolve("p").toString()),
                "gesture 'Circle' has 2 takes", "at least 3", "jesture record");
        assertFalse(Files.exists(dir.resolve("p")));
    }

    @Test
    void aTakeShorterThanAClipIsOneLineAndExit2() throws Exception {
        Path takes = dir.resolve("short");
        try (TakeWriter w = new TakeWriter(takes)) {
            for (int s = 0; s < 3; s++) take(w, "Circle", s, true, 64, 48, s == 1 ? 5 : 14);
        }
        assertBadInput(run("adapt", "--data", takes.toString(), "--model", model.toString(), "--out", dir.resolve("p").toString(),
                "--anchors", "0"), "take 00002", "shorter than one clip of 8 frames", "--pad-short");
        assertEquals(ExitCode.OK, run("adapt", "--data", takes.toString(), "--model", model.toString(), "--out",
                dir.resolve("p").toString(), "--anchors", "0", "--pad-short").code());
    }

    @Test
    void mixedFrameSizesAreOneLineAndExit2() throws Exception {
        Path takes = dir.resolve("mixed");
        try (TakeWriter w = new TakeWriter(takes)) {
            for (int s = 0; s < 3; s++) take(w, "Circle", s, true, s == 2 ? 80 : 64, s == 2 ? 60 : 48, 14);
        }
        assertBadInput(run("adapt", "--data", takes.toString(), "--model", model.toString(), "--out", dir.resolve("p").toString(),
                "--anchors", "0"), "take 00003 is 80x60 but take 00001 is 64x48", "one camera at one size");
    }

    @Test
    void aModelWithoutTheEmbeddingOutputSaysHowToReExportIt() throws Exception {
        assertBadInput(run("adapt", "--data", goodTakes().toString(), "--model", plain.toString(), "--out", dir.resolve("p").toString()),
                "has no embedding output", "re-export it with jesture_train.export", "--add-embedding");
    }

    @Test
    void anEnsembleWithAHandsModelSaysToAdaptOnThePixelModelAlone() throws Exception {
        // The shipped pair: a hands model never has an embedding, and re-exporting it would not give one.
        Path models = Path.of("models");
        assertBadInput(run("adapt", "--data", goodTakes().toString(), "--model", models.resolve("jesture-r2plus1d.onnx").toString(),
                        models.resolve("jesture-hands.onnx").toString(), "--out", dir.resolve("p").toString()),
                "jesture-hands.onnx reads the tracked hand and has no embedding output",
                "with the pixel model alone (--model without jesture-hands.onnx)");
    }

    @Test
    void aProfileForAnotherModelIsRefused() throws Exception {
        Path profile = dir.resolve("p");
        assertEquals(ExitCode.OK, run("adapt", "--data", goodTakes().toString(), "--model", model.toString(), "--out", profile.toString(),
                "--anchors", "0").code());
        assertBadInput(run("run", "--source", "synthetic:seed=1,gestures=1", "--model", other.toString(), "--profile", profile.toString(),
                "--offline"), "was fitted on another model (tiny.onnx", "pass that model with --model, or adapt again");
        assertBadInput(run("run", "--source", "synthetic:seed=1,gestures=1", "--model", plain.toString(), "--profile", profile.toString(),
                "--offline"), "has no embedding output");
    }

    @Test
    void aProfileAloneRunsTheModelItWasFittedOnFoundByNameAndHash() throws Exception {
        Path beside = dir.resolve("tiny.onnx");
        Files.copy(model, beside);
        Path takes = goodTakes();
        Path profile = dir.resolve("p");
        assertEquals(ExitCode.OK, run("adapt", "--data", takes.toString(), "--model", beside.toString(), "--out", profile.toString(),
                "--anchors", "0").code());
        CliTest.Result r = run("run", "--source", "frames:" + takes.resolve("00001") + ",fps=12", "--profile", profile.toString(),
                "--offline", "--scores");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertTrue(r.err().contains("was fitted on " + beside) && r.err().contains("--model chooses another"), r.err());
        // The daemon takes its own --profile the same way.
        CliTest.Result d = run("daemon", "--dry-run", "--offline", "--provider", "cpu", "--source",
                "frames:" + takes.resolve("00001") + ",fps=12", "--profile", profile.toString());
        assertEquals(ExitCode.OK, d.code(), d.toString());
        assertTrue(d.err().contains("was fitted on " + beside), d.err());
        // A file of that name with other contents is never taken for it: the default model runs, and
        // the profile's check refuses it with the file to pass.
        Files.copy(other, beside, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        assertBadInput(run("run", "--source", "synthetic:seed=1,gestures=1", "--profile", profile.toString(), "--offline"),
                "was fitted on another model (tiny.onnx", "pass that model with --model");
    }

    @Test
    void aCorruptProfileIsRefused() throws Exception {
        Path profile = dir.resolve("p");
        assertEquals(ExitCode.OK, run("adapt", "--data", goodTakes().toString(), "--model", model.toString(), "--out", profile.toString(),
                "--anchors", "0").code());
        byte[] bytes = Files.readAllBytes(profile);
        Path flipped = dir.resolve("flipped.profile");
        byte[] f = bytes.clone();
        f[f.length / 2] ^= 0x10;
        Files.write(flipped, f);
        assertBadInput(run("run", "--source", "synthetic:seed=1,gestures=1", "--model", model.toString(), "--profile", flipped.toString(),
                "--offline"), "flipped.profile is corrupt", "jesture adapt");
        Path truncated = dir.resolve("truncated.profile");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 100));
        assertBadInput(run("run", "--source", "synthetic:seed=1,gestures=1", "--model", model.toString(), "--profile", truncated.toString(),
                "--offline"), "truncated.profile is corrupt");
        assertBadInput(run("info", truncated.toString()), "truncated.profile is corrupt");
        Path notOne = dir.resolve("model.profile");
        Files.copy(model, notOne);
        assertBadInput(run("run", "--model", model.toString(), "--profile", notOne.toString(), "--offline"),
                "is not a jesture profile");
    }

    @Test
    void anEnsembleAdaptsAsOneAndItsProfileRunsOnThatEnsembleAlone() throws Exception {
        Path takes = goodTakes();
        Path profile = dir.resolve("pair.profile");
        // Without path templates, so that the file is format version 4 (with them it is 5: below).
        CliTest.Result r = run("adapt", "--data", takes.toString(), "--model", model.toString(), other.toString(), "--out", profile.toString(),
                "--anchors", "1", "--views", "none", "--path-weight", "0");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertTrue(r.out().contains("ensemble"), r.out());
        Profile p = Profile.read(profile);
        assertEquals(List.of("tiny.onnx", "tiny_added.onnx"), p.members().stream().map(Profile.Member::file).toList());
        assertEquals(List.of(Profile.sha256(model), Profile.sha256(other)), p.members().stream().map(Profile.Member::sha256).toList());
        assertEquals(p.members().get(0).dim() + p.members().get(1).dim(), p.dim());
        assertEquals(Profile.VERSION_ENSEMBLE, Files.readAllBytes(profile)[8], "an ensemble's profile is format version 4");
        assertEquals(List.of("Circle", "Slide"), p.labels().subList(27, 29));
        assertEquals(ExitCode.OK, run("run", "--source", "frames:" + takes.resolve("00001") + ",fps=12", "--model", model.toString(),
                other.toString(), "--profile", profile.toString(), "--offline", "--scores").code());
        // jesture info reads a profile too: which models, in which order, and what it adds.
        CliTest.Result info = run("info", profile.toString());
        assertEquals(ExitCode.OK, info.code(), info.toString());
        assertTrue(info.out().contains("format version 4") && info.out().contains("an ensemble of 2 models")
                && info.out().indexOf("tiny.onnx (sha256 " + Profile.sha256(model)) < info.out().indexOf("tiny_added.onnx (sha256 " + Profile.sha256(other))
                && info.out().indexOf("tiny.onnx (sha256") >= 0
                && info.out().contains("new          Circle (3 takes), Slide (3 takes)"), info.out());
        CliTest.Result infoJson = run("info", "--json", profile.toString());
        assertEquals(Profile.sha256(other), new com.fasterxml.jackson.databind.ObjectMapper().readTree(infoJson.out())
                .path("models").path(1).path("sha256").asText(), infoJson.out());
        // Not on one of its members, not in another order, not on a single model's profile.
        assertBadInput(run("run", "--source", "synthetic:seed=1,gestures=1", "--model", model.toString(), "--profile", profile.toString(),
                "--offline"), "was fitted on the ensemble tiny.onnx tiny_added.onnx", "pass --model tiny.onnx tiny_added.onnx");
        assertBadInput(run("run", "--source", "synthetic:seed=1,gestures=1", "--model", other.toString(), model.toString(), "--profile",
                profile.toString(), "--offline"), "in that order");
        Path single = dir.resolve("single.profile");
        assertEquals(ExitCode.OK, run("adapt", "--data", takes.toString(), "--model", model.toString(), "--out", single.toString(),
                "--anchors", "0", "--views", "none").code());
        assertBadInput(run("run", "--source", "synthetic:seed=1,gestures=1", "--model", model.toString(), other.toString(), "--profile",
                single.toString(), "--offline"), "was fitted on the model tiny.onnx", "pass --model tiny.onnx");
        assertBadInput(run("adapt", "--data", takes.toString(), "--model", model.toString(), plain.toString(), "--out",
                dir.resolve("x.profile").toString()), "tiny_plain.onnx has no embedding output");
        // Members that the live pipeline could not run together are refused before any take is read.
        Path longer = PROJECT.resolve("models").resolve("zoo").resolve("r2plus1d-small-w1-32f6-r5.onnx");
        assertBadInput(run("adapt", "--data", takes.toString(), "--model", model.toString(), longer.toString(), "--out",
                dir.resolve("y.profile").toString()), "ensemble members disagree on jesture.", "the same contract");
        assertFalse(Files.exists(dir.resolve("y.profile")));
    }

    /**
     * What the head is fitted on equals what it reads at run time: the ensemble embedder's windows are
     * the members' embeddings joined and their fused scores, and the live classifier with the profile
     * gives what the head gives on exactly those.
     */
    @Test
    void anEnsembleProfileFitsOnWhatTheLiveClassifierFeedsIt() throws Exception {
        Path takes = goodTakes();
        Path profile = dir.resolve("pair.profile");
        assertEquals(ExitCode.OK, run("adapt", "--data", takes.toString(), "--model", model.toString(), other.toString(), "--out",
                profile.toString(), "--anchors", "0", "--views", "none").code());
        Profile p = Profile.read(profile);
        // By default the takes' paths are kept as templates (format version 5), and the ensemble's members with them.
        assertEquals(Profile.VERSION_PATHS, p.formatVersion());
        assertEquals(6, p.paths().points().length, "one template per take");
        assertEquals(List.of(Profile.sha256(model), Profile.sha256(other)), p.members().stream().map(Profile.Member::sha256).toList());
        java.util.function.Supplier<io.jesture.FrameSource> take = () -> new io.jesture.internal.source.FrameFolderSource(takes.resolve("00001"),
                12, false, io.jesture.internal.source.FfmpegSource.Pace.FAST);
        io.jesture.internal.adapt.Take pair, a, b;
        try (var e = io.jesture.internal.adapt.TakeEmbedder.load(List.of(model, other), io.jesture.Provider.CPU, 1)) {
            pair = e.embed("1", "Circle", take.get());
        }
        try (var e = io.jesture.internal.adapt.TakeEmbedder.load(model, io.jesture.Provider.CPU, 1)) {
            a = e.embed("1", "Circle", take.get());
        }
        try (var e = io.jesture.internal.adapt.TakeEmbedder.load(other, io.jesture.Provider.CPU, 1)) {
            b = e.embed("1", "Circle", take.get());
        }
        int k = 27;
        assertEquals(a.windows(), pair.windows());
        for (int w = 0; w < pair.windows(); w++) {
            float[] joined = java.util.Arrays.copyOf(a.windowEmbeddings()[w], a.windowEmbeddings()[w].length + b.windowEmbeddings()[w].length);
            System.arraycopy(b.windowEmbeddings()[w], 0, joined, a.windowEmbeddings()[w].length, b.windowEmbeddings()[w].length);
            org.junit.jupiter.api.Assertions.assertArrayEquals(joined, pair.windowEmbeddings()[w]);
            org.junit.jupiter.api.Assertions.assertArrayEquals(fused(a.windowLogits()[w], b.windowLogits()[w], k), pair.windowLogits()[w]);
            org.junit.jupiter.api.Assertions.assertArrayEquals(a.motion(w), pair.motion(w));
        }
        // The live classifier on one clip, against the head on the members' own outputs for it.
        try (var both = io.jesture.internal.model.Classifier.load(List.of(model, other), io.jesture.Provider.CPU, 1, s -> { });
             var ca = io.jesture.internal.model.Classifier.load(List.of(model), io.jesture.Provider.CPU, 1, s -> { });
             var cb = io.jesture.internal.model.Classifier.load(List.of(other), io.jesture.Provider.CPU, 1, s -> { })) {
            both.useProfile(profile);
            float[] clip = new float[both.clipFloats()];
            java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
            for (int i = 0; i < clip.length; i++) clip[i] = (float) rnd.nextGaussian();
            float[] live = new float[29];
            both.classify(clip, live);
            int d = ca.embeddingDim();
            float[] la = new float[k], lb = new float[k], ea = new float[d], eb = new float[d], scratch = new float[k];
            ca.classify(clip, scratch);
            ca.copyLogits(0, la);
            ca.copyEmbedding(0, ea);
            cb.classify(clip, scratch);
            cb.copyLogits(0, lb);
            cb.copyEmbedding(0, eb);
            float[] joined = java.util.Arrays.copyOf(ea, 2 * d);
            System.arraycopy(eb, 0, joined, d, d);
            float[] motion = new float[io.jesture.internal.adapt.MotionTrajectory.DIM];
            io.jesture.internal.adapt.MotionTrajectory mt = new io.jesture.internal.adapt.MotionTrajectory(ca.info());
            mt.update(clip);
            mt.describe(motion);
            float[] expected = new float[29];
            new io.jesture.internal.adapt.ProfileHead(p, p.info().path("rest_label").asText(null))
                    .apply(fused(la, lb, k), joined, motion, expected);
            org.junit.jupiter.api.Assertions.assertArrayEquals(expected, live, 1e-6f);
        }
    }

    /** The members' logits fused as the live classifier fuses them ({@link io.jesture.internal.model.EnsembleScores}), as logits. */
    static float[] fused(float[] la, float[] lb, int k) {
        float[] logs = new float[k], probs = new float[k], out = new float[k];
        double lse = io.jesture.internal.model.EnsembleScores.addLogProbs(la, k, 0.5f, logs) * 0.5f;
        lse += io.jesture.internal.model.EnsembleScores.addLogProbs(lb, k, 0.5f, logs) * 0.5f;
        io.jesture.internal.model.EnsembleScores.toProbs(logs, k, probs);
        io.jesture.internal.model.EnsembleScores.toLogits(probs, k, lse, out);
        return out;
    }

    @Test
    void theDaemonMapsNewGestureNamesOnlyWithTheirProfile() throws Exception {
        Path profile = dir.resolve("p");
        assertEquals(ExitCode.OK, run("adapt", "--data", goodTakes().toString(), "--model", model.toString(), "--out", profile.toString(),
                "--anchors", "0").code());
        Path actions = dir.resolve("actions.yaml");
        Files.writeString(actions, "gestures:\n  Circle: Right\n  Swiping Left: Left\n");
        assertEquals(ExitCode.OK, run("daemon", "--check", "--config", actions.toString(), "--profile", profile.toString()).code());
        CliTest.Result without = run("daemon", "--check", "--config", actions.toString());
        assertEquals(ExitCode.BAD_INPUT, without.code(), without.toString());
        assertTrue(without.err().contains("Circle"), without.err());
    }

    @Test
    void recordWritesJesterLayoutTakesFromAFrameFolderWithPrintedCues() throws Exception {
        Path src = goodTakes().resolve("00001"); // 14 frames at 12 fps
        Path out = dir.resolve("recorded");
        CliTest.Result r = run("record", "--gesture", "Circle", "--takes", "2", "--out", out.toString(), "--model", model.toString(),
                "--source", "frames:" + src + ",fps=12,loop=true", "--fast", "--countdown", "0.5", "--seconds", "0.9");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertTrue(r.out().contains("(a new gesture)") && r.out().contains("get ready") && r.out().contains("GO")
                && r.out().contains("take 2/2 saved"), r.out());
        assertEquals(List.of("00001;Circle", "00002;Circle"), Files.readAllLines(out.resolve("jester-v1-train.csv")));
        assertEquals(List.of("Circle"), Files.readAllLines(out.resolve("jester-v1-labels.csv")));
        try (var s = Files.list(out.resolve("00001"))) {
            assertEquals(11, s.count(), "0.9 s at 12 fps");
        }
        // A second session adds to the folder; it never replaces a take.
        assertEquals(ExitCode.OK, run("record", "--gesture", "Swiping Left", "--takes", "1", "--out", out.toString(), "--model",
                model.toString(), "--source", "frames:" + src + ",fps=12,loop=true", "--fast", "--countdown", "0", "--seconds", "0.9").code());
        assertEquals(List.of("00001;Circle", "00002;Circle", "00003;Swiping Left"), Files.readAllLines(out.resolve("jester-v1-train.csv")));
    }

    @Test
    void recordRefusesTakesShorterThanAClipAndSaysWhenTheSourceEnds() throws Exception {
        Path src = goodTakes().resolve("00001");
        Path out = dir.resolve("recorded");
        assertBadInput(run("record", "--gesture", "Circle", "--out", out.toString(), "--model", model.toString(), "--source",
                "frames:" + src, "--seconds", "0.5"), "--seconds 0.5 is shorter than one clip", "0.7 s");
        CliTest.Result ended = run("record", "--gesture", "Circle", "--takes", "3", "--out", out.toString(), "--model", model.toString(),
                "--source", "frames:" + src + ",fps=12", "--fast", "--countdown", "0", "--seconds", "0.9");
        assertBadInput(ended, "ended during take 2 of 3", "the 1 takes before it are saved");
        assertEquals(List.of("00001;Circle"), Files.readAllLines(out.resolve("jester-v1-train.csv")));
        assertFalse(Files.exists(out.resolve("00002")), "the partial take was left behind");
    }
}
