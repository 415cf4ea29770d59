package io.jesture.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.jesture.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code jesture import} end to end: the real Python importer as a child process, on small
 * Efficient-3DCNNs-style checkpoints written here with our own zoo networks (no shared data needed).
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class ImportCommandTest {
    @TempDir
    static Path dir;
    static Path ckpt;

    /** A 3D ShuffleNet v1 0.25x (3 groups), 27 classes, and one with a 600-class head, saved like that trainer does. */
    @BeforeAll
    static void writeCheckpoints() throws Exception {
        String py = String.join("\n",
                "import sys, torch",
                "from jesture_train.zoo import ShuffleNet3d",
                "for name, k in (('g3.pth', 27), ('k600.pth', 600)):",
                "    m = ShuffleNet3d(k, 0.25, 3)",
                "    sd = {'module.' + n: v for n, v in m.state_dict().items()}",
                "    torch.save({'state_dict': sd, 'epoch': 5, 'arch': 'shufflenet', 'best_prec1': 81.25}, sys.argv[1] + '/' + name)");
        Path trainDir = Path.of(System.getProperty("jesture.projectDir", "."), "src", "train").toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", "-c", py, dir.toString()).redirectErrorStream(true);
        pb.environment().put("PYTHONPATH", trainDir.toString());
        pb.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        ckpt = dir.resolve("g3.pth");
    }

    /** Exit 2 and exactly one line, "jesture: ...", naming every part. */
    static void assertBadInput(CliTest.Result r, String... parts) {
        CliTest.assertBadInput(r, parts);
        assertEquals(1, r.err().strip().split("\n").length, "one line: " + r.err());
    }

    @Test
    void helpNamesTheFormatAndTheFallbacks() {
        CliTest.Result r = run("import", "--help");
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertTrue(r.out().contains("Usage: jesture import") && r.out().contains("--python") && r.out().contains("JESTURE_TRAIN_DIR"), r.out());
    }

    static String[] importArgs(Object... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("import", "--format", "efficient-3dcnns", "--arch", "shufflenet",
                "--width", "0.25", "--groups", "3"));
        for (Object o : extra) args.add(o.toString());
        return args.toArray(String[]::new);
    }

    @Test
    void convertsStreamingThePythonReportAndInfoReadsTheResult() {
        Path out = dir.resolve("ok.onnx");
        CliTest.Result r = run(importArgs(ckpt, "--out", out));
        assertEquals(ExitCode.OK, r.code(), r.toString());
        assertTrue(r.out().contains("model       shufflenet-3d-w0.25-g3: 27 classes"), r.out());
        assertTrue(r.out().contains("wrote       " + out), r.out());
        CliTest.Result info = run("info", out.toString());
        assertEquals(ExitCode.OK, info.code(), info.toString());
        assertTrue(info.out().contains("accuracy     top-1 81.25% (Jester validation, as recorded by the checkpoint's trainer), epoch 5"), info.out());
        assertTrue(info.out().contains("   0 Doing other things *"), info.out());
    }

    @Test
    void anExistingOutputIsRefusedWithoutForce() throws Exception {
        Path out = Files.writeString(dir.resolve("taken.onnx"), "keep me");
        assertBadInput(run(importArgs(ckpt, "--out", out)), "taken.onnx", "already exists", "--force");
        assertEquals("keep me", Files.readString(out));
        CliTest.Result forced = run(importArgs(ckpt, "--out", out, "--force"));
        assertEquals(ExitCode.OK, forced.code(), forced.toString());
        assertTrue(Files.size(out) > 100_000);
    }

    @Test
    void aFileThatIsNotACheckpoint() throws Exception {
        Path text = Files.writeString(dir.resolve("readme.pth"), "# not a checkpoint\n");
        assertBadInput(run(importArgs(text, "--out", dir.resolve("x.onnx"))), "readme.pth", "is not a PyTorch checkpoint");
        assertBadInput(run(importArgs(dir.resolve("nope.pth"), "--out", dir.resolve("x.onnx"))), "nope.pth", "does not exist");
    }

    @Test
    void anUnknownArch() {
        assertBadInput(run("import", "--arch", "resnet", ckpt.toString(), "--out", dir.resolve("x.onnx").toString()),
                "unknown --arch 'resnet'", "shufflenet, shufflenetv2, mobilenetv2");
    }

    @Test
    void aStateDictThatDoesNotFitNamesTheWidthAndGroupsThatDo() {
        assertBadInput(run("import", "--arch", "shufflenet", "--width", "0.5", "--groups", "3", ckpt.toString(),
                        "--out", dir.resolve("x.onnx").toString()),
                "does not fit --arch shufflenet --width 0.5 --groups 3", "0 keys missing, 0 unexpected",
                "it fits --arch shufflenet --width 0.25 --groups 3");
        assertBadInput(run("import", "--arch", "shufflenetv2", "--width", "0.25", ckpt.toString(),
                        "--out", dir.resolve("x.onnx").toString()),
                "does not fit --arch shufflenetv2 --width 0.25", "keys missing", "it fits --arch shufflenet --width 0.25 --groups 3");
    }

    @Test
    void aWrongClassCountSaysWhatTheCheckpointHas() {
        assertBadInput(run(importArgs(dir.resolve("k600.pth"), "--out", dir.resolve("x.onnx"))),
                "has 600 classes", "27 labels", "--labels FILE");
    }

    @Test
    void missingPyTorchNamesTheDebianPackages() throws Exception {
        // The system interpreter without its site-packages: Python as it is before python3-torch is installed.
        Path bare = dir.resolve("python-without-torch");
        Files.writeString(bare, "#!/bin/sh\nexec /usr/bin/python3 -S \"$@\"\n");
        Files.setPosixFilePermissions(bare, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertBadInput(run(importArgs(ckpt, "--out", dir.resolve("x.onnx"), "--python", bare)),
                "cannot import torch", "python3-torch python3-onnx");
        assertBadInput(run(importArgs(ckpt, "--out", dir.resolve("x.onnx"), "--python", dir.resolve("no-python"))),
                "--python", "no-python", "is not an executable file");
    }
}
