package io.jesture.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jesture.synth.JesterLabels;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SynthCommandTest {
    @TempDir
    Path tmp;

    private record Run(int code, String out, String err) {}

    private static Run run(String... args) {
        CommandLine cl = Jesture.commandLine();
        StringWriter out = new StringWriter(), err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    private static Map<String, String> digests(Path dir) throws Exception {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                byte[] d = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
                m.put(dir.relativize(p).toString(), java.util.HexFormat.of().formatHex(d));
            }
        }
        return m;
    }

    @Test
    void writesTheExactJesterLayoutAndIsIdempotent() throws Exception {
        Path out = tmp.resolve("ds");
        String[] args = {"synth", "--out", out.toString(), "--clips", "60", "--seed", "5", "--size", "40x30",
                "--fps", "4", "--seconds", "1.5", "--val-fraction", "0.4", "--threads", "2"};
        Run r = run(args);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("60/60 clips"), "progress bar on stderr: " + r.err());

        List<String> labels = Files.readAllLines(out.resolve("jester-v1-labels.csv"));
        assertEquals(JesterLabels.LABELS, labels);
        List<String> train = Files.readAllLines(out.resolve("jester-v1-train.csv"));
        List<String> val = Files.readAllLines(out.resolve("jester-v1-validation.csv"));
        assertEquals(60, train.size() + val.size());
        assertFalse(val.isEmpty(), "validation split is empty");
        List<String> ids = new ArrayList<>();
        for (String row : concat(train, val)) {
            String[] f = row.split(";");
            assertEquals(2, f.length, row);
            assertTrue(labels.contains(f[1]), row);
            ids.add(f[0]);
            Path clip = out.resolve(f[0]);
            assertTrue(Files.isDirectory(clip), "missing clip folder " + clip);
            try (Stream<Path> s = Files.list(clip)) {
                assertEquals(List.of("00001.jpg", "00002.jpg", "00003.jpg", "00004.jpg", "00005.jpg", "00006.jpg"),
                        s.map(p -> p.getFileName().toString()).sorted().toList());
            }
        }
        assertEquals(60, ids.stream().distinct().count());
        BufferedImage img = ImageIO.read(out.resolve("1/00001.jpg").toFile());
        assertEquals(40, img.getWidth());
        assertEquals(30, img.getHeight());
        // classes balanced within each split: every label once per round of 27
        for (List<String> split : List.of(train, val)) {
            long distinct = split.stream().map(l -> l.split(";")[1]).distinct().count();
            assertTrue(distinct >= Math.min(27, split.size()) - 1, "unbalanced split " + split);
        }

        Map<String, String> first = digests(out);
        Run again = run(args);
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("0 rendered, 60 already there"), again.out());
        assertEquals(first, digests(out));

        // an interrupted run leaves a temp folder and no clip folder: the rerun completes it identically
        deleteTree(out.resolve("7"));
        Files.createDirectories(out.resolve(".tmp-7"));
        Files.writeString(out.resolve(".tmp-7/00001.jpg"), "half-written");
        Run resumed = run(args);
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains("1 rendered, 59 already there"), resumed.out());
        assertEquals(first, digests(out));
    }

    @Test
    void manifestNamesTheRendererVersionAndJesterGeometryIsTheDefault() throws Exception {
        Path out = tmp.resolve("ds");
        assertEquals(0, run("synth", "--out", out.toString(), "--clips", "2", "--fps", "2", "--seconds", "1").code());
        String m = Files.readString(out.resolve(SynthCommand.MANIFEST));
        assertTrue(m.contains("renderer=20\n") && m.contains("size=176x100\n") && m.contains("backgrounds=\n"), m);
        BufferedImage f = ImageIO.read(out.resolve("1/00001.jpg").toFile());
        assertEquals(176, f.getWidth());
        assertEquals(100, f.getHeight());
    }

    @Test
    void theHeadCameraShareIsRecordedOnlyWhenUsedAndARunWithAnotherShareIsRefused() throws Exception {
        Path plain = tmp.resolve("plain"), head = tmp.resolve("head");
        assertEquals(0, run("synth", "--out", plain.toString(), "--clips", "2", "--size", "32x24", "--fps", "2", "--seconds", "1").code());
        assertFalse(Files.readString(plain.resolve(SynthCommand.MANIFEST)).contains("headCamera"));
        String[] args = {"synth", "--out", head.toString(), "--clips", "2", "--size", "32x24", "--fps", "2", "--seconds", "1",
                "--head-camera", "0.25"};
        assertEquals(0, run(args).code());
        assertTrue(Files.readString(head.resolve(SynthCommand.MANIFEST)).contains("headCamera=0.25\nheadCameraVersion=3\n"));
        // a folder from an earlier head view (no version line, or an older one) is not resumed by this one
        Path manifest = head.resolve(SynthCommand.MANIFEST);
        Files.writeString(manifest, Files.readString(manifest).replace("headCameraVersion=3\n", "headCameraVersion=2\n"));
        Run older = run(args);
        assertEquals(ExitCode.BAD_INPUT, older.code());
        assertTrue(older.err().contains("other settings"), older.err());
        Files.writeString(manifest, Files.readString(manifest).replace("headCameraVersion=2\n", "headCameraVersion=3\n"));
        Run other = run("synth", "--out", head.toString(), "--clips", "2", "--size", "32x24", "--fps", "2", "--seconds", "1");
        assertEquals(ExitCode.BAD_INPUT, other.code());
        assertTrue(other.err().contains("other settings"), other.err());
    }

    @Test
    void refusesToMixSettingsInOneFolder() throws Exception {
        Path out = tmp.resolve("ds");
        assertEquals(0, run("synth", "--out", out.toString(), "--clips", "3", "--size", "32x24", "--fps", "2", "--seconds", "1").code());
        Run r = run("synth", "--out", out.toString(), "--clips", "3", "--size", "32x24", "--fps", "2", "--seconds", "1", "--seed", "9");
        assertEquals(ExitCode.BAD_INPUT, r.code());
        assertTrue(r.err().contains("other settings"), r.err());
    }

    @Test
    void badArgumentsExitTwoWithOneLine() throws Exception {
        Path out = tmp.resolve("x");
        String[][] cases = {
                {"synth", "--out", out.toString(), "--size", "big"},
                {"synth", "--out", out.toString(), "--clips", "0"},
                {"synth", "--out", out.toString(), "--val-fraction", "1.5"},
                {"synth", "--out", out.toString(), "--quality", "0"},
                {"synth", "--out", out.toString(), "--head-camera", "1.5"},
                {"synth", "--clips", "3"},
                {"synth", "--out", out.toString(), "--clips", "3", "--backgrounds", out.resolve("no-such-photos").toString()},
        };
        for (String[] c : cases) {
            Run r = run(c);
            assertEquals(ExitCode.BAD_INPUT, r.code(), String.join(" ", c));
            assertEquals(1, r.err().strip().lines().count(), r.err());
        }
        Files.createDirectories(tmp.resolve("full"));
        Files.writeString(tmp.resolve("full/precious.txt"), "keep me");
        Run r = run("synth", "--out", tmp.resolve("full").toString(), "--clips", "3");
        assertEquals(ExitCode.BAD_INPUT, r.code());
        assertEquals("keep me", Files.readString(tmp.resolve("full/precious.txt")));
    }

    @Test
    void previewWritesAContactSheet() {
        Path png = tmp.resolve("sheet.png");
        Run r = run("synth", "--preview", png.toString(), "--size", "32x24", "--seconds", "1", "--fps", "4");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isRegularFile(png));
    }

    private static void assertOneLineBadInput(Run r, String... parts) {
        assertEquals(ExitCode.BAD_INPUT, r.code(), r.toString());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("jesture: "), r.err());
        for (String p : parts) assertTrue(r.err().contains(p), "'" + p + "' not in: " + r.err());
        assertFalse(r.err().contains("unexpected"), r.err());
    }

    @Test
    void outThatCannotBeAFolderIsOneLineAndExit2() throws Exception {
        Path file = Files.writeString(tmp.resolve("afile"), "keep me");
        assertOneLineBadInput(run("synth", "--out", file.toString(), "--clips", "1", "--no-progress"), "--out", file.toString(), "is a file");
        assertEquals("keep me", Files.readString(file));
        assertOneLineBadInput(run("synth", "--out", file.resolve("sub").toString(), "--clips", "1", "--no-progress"), "--out");
        for (String kernel : List.of("/proc/jesture-synth-test", "/sys/jesture-synth-test", "/proc/self/jesture-synth-test")) {
            if (!Files.isDirectory(Path.of(kernel).getParent())) continue;
            assertOneLineBadInput(run("synth", "--out", kernel, "--clips", "1", "--no-progress"), "--out", kernel);
        }
    }

    @Test
    void previewNeverOverwritesWithoutForce() throws Exception {
        Path png = Files.writeString(tmp.resolve("sheet.png"), "keep me");
        assertOneLineBadInput(run("synth", "--preview", png.toString(), "--size", "32x24", "--seconds", "1", "--fps", "4"),
                "--preview", png.toString(), "--force");
        assertEquals("keep me", Files.readString(png));
        Run forced = run("synth", "--preview", png.toString(), "--force", "--size", "32x24", "--seconds", "1", "--fps", "4");
        assertEquals(0, forced.code(), forced.err());
        assertEquals(32 * 8 + 16, ImageIO.read(png.toFile()).getWidth(), "a contact sheet of 8 columns replaced it");
        try (Stream<Path> left = Files.list(tmp)) {
            assertEquals(List.of("sheet.png"), left.map(p -> p.getFileName().toString()).toList(), "no temporary file left");
        }
        if (Files.isDirectory(Path.of("/proc"))) {
            assertOneLineBadInput(run("synth", "--preview", "/proc/jesture-sheet.png", "--size", "32x24", "--seconds", "1", "--fps", "4"),
                    "--preview", "/proc/jesture-sheet.png");
        }
        assertOneLineBadInput(run("synth", "--preview", tmp.toString(), "--size", "32x24", "--seconds", "1", "--fps", "4"),
                "--preview", "is a folder");
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> l = new ArrayList<>(a);
        l.addAll(b);
        return l;
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(q);
        }
    }
}
