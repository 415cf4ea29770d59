package io.jesture.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jesture.ChildLines;
import io.jesture.TestVideos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jesture run} in a child JVM, stopped by SIGTERM or SIGINT (Ctrl-C) while a live-paced video
 * plays: it must still print its final stats line, like a run that reached the end.
 */
@Timeout(180)
class RunSignalTest {
    @TempDir
    Path dir;
    Path video;

    @BeforeEach
    void writeVideo() throws Exception {
        // 40 s at 15 fps, paced live: the run can only end through the signal.
        video = TestVideos.write(dir.resolve("long.mp4"), 64, 48, 15, new TestVideos.Segment(TestVideos.GREY, 600));
    }

    private Process start(boolean json) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), Jesture.class.getName(),
                "run", "--source", "file:" + video, "--model", TestVideos.model("colour.onnx").toString(), "--provider", "cpu", "--scores"));
        if (json) cmd.add("--json");
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    /** SIGINT is ignored by processes started in the background of a non-interactive shell, and then the JVM cannot see it. */
    private static boolean ignoresSigint(Process p) throws Exception {
        for (String l : Files.readAllLines(Path.of("/proc", Long.toString(p.pid()), "status"))) {
            if (l.startsWith("SigIgn:")) return (Long.parseLong(l.substring(7).trim(), 16) & (1L << 1)) != 0;
        }
        return false;
    }

    @Test
    void sigtermPrintsTheFinalStatsAsJson() throws Exception {
        Process p = start(true);
        ChildLines out = ChildLines.of(p, "run-signal-test-reader");
        out.until("\"type\":\"scores\""); // running: an inference came out
        assertTrue(p.toHandle().destroy(), "SIGTERM not sent");
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "run did not exit after SIGTERM");
        List<String> after = out.rest();
        assertEquals(143, p.exitValue(), after.toString());
        String last = after.get(after.size() - 1);
        assertTrue(last.startsWith("{\"framesCaptured\":") && last.contains("\"type\":\"stats\""), after.toString());
        assertEquals(1, after.stream().filter(l -> l.contains("\"type\":\"stats\"")).count(), after.toString());
    }

    @Test
    void sigintPrintsTheFinalStatsLine() throws Exception {
        Process p = start(false);
        ChildLines out = ChildLines.of(p, "run-signal-test-reader");
        out.until("scores:");
        if (ignoresSigint(p)) {
            p.toHandle().destroy();
            p.waitFor(30, TimeUnit.SECONDS);
            System.out.println("RunSignalTest SIGINT SKIPPED: this test runs with SIGINT ignored (started in the background)");
            Assumptions.abort("SIGINT is ignored in this process tree");
        }
        assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor(), "kill -INT");
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "run did not exit after SIGINT");
        List<String> after = out.rest();
        assertEquals(130, p.exitValue(), after.toString());
        assertTrue(after.stream().anyMatch(l -> l.matches("jesture: \\d+\\.\\d s, \\d+ frames \\(\\d+ dropped, .*")), after.toString());
    }
}
