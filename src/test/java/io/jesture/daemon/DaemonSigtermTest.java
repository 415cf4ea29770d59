package io.jesture.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jesture.ChildLines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM releases everything: a daemon in a child JVM holds a key, gets SIGTERM
 * (sent with {@link ProcessHandle#destroy()}), and its shutdown hook must release the key before the JVM exits. Seen
 * from the child's dry-run output, and, under an X server, from a real window that receives the
 * child's Robot events.
 */
@Timeout(120)
class DaemonSigtermTest {
    @TempDir
    Path dir;

    private Process child(String backend) throws Exception {
        Path config = dir.resolve("actions.yaml");
        Files.writeString(config, "gestures:\n  Pulling Hand In: {hold: {key: shift, maxDuration: 60s}}\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.showDateTime=false", SigtermChild.class.getName(), config.toString(), backend)
                .redirectErrorStream(true)
                .start();
    }

    @Test
    void sigtermReleasesAHeldKey() throws Exception {
        Process p = child("dry-run");
        ChildLines out = ChildLines.of(p, "sigterm-test-reader");
        List<String> before = out.until("HOLDING");
        assertTrue(before.contains("dry-run: press shift"), before.toString());
        assertTrue(before.stream().noneMatch(l -> l.contains("release shift")), before.toString());

        // SIGTERM. Through the ProcessHandle: Process.destroy() would also close our end of the
        // child's output pipe, and we need to read what the shutdown hook prints.
        assertTrue(p.toHandle().destroy(), "SIGTERM not sent");
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "child did not exit after SIGTERM");
        List<String> after = out.rest();
        assertEquals(143, p.exitValue(), "128 + SIGTERM; output: " + after);
        assertTrue(after.contains("dry-run: release shift"), after.toString());
        assertTrue(after.indexOf("dry-run: release shift") < after.indexOf("dry-run: closed"), after.toString());
    }

    @Test
    void sigtermReleasesAHeldKeyInARealWindow() throws Exception {
        String display = System.getenv("DISPLAY");
        if (display == null || display.isEmpty()) System.out.println("DaemonSigtermTest (X) SKIPPED: DISPLAY is unset; run under xvfb-run -a");
        Assumptions.assumeTrue(display != null && !display.isEmpty(), "DISPLAY is unset");
        java.awt.Robot robot = new java.awt.Robot();
        try (RecordingWindow w = new RecordingWindow(150, 150, 300, 200)) {
            assertTrue(w.showAndFocus(robot), "the test window never got the focus");
            w.drainUntilSentinel(robot);
            Process p = child("robot");
            ChildLines out = ChildLines.of(p, "sigterm-test-reader");
            out.until("HOLDING");
            assertEquals(List.of(), w.awaitEvent("press Shift", 20), "the child's Robot pressed Shift in our window");
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "child did not exit after SIGTERM");
            assertEquals(List.of(), w.awaitEvent("release Shift", 20), "released by the child's shutdown hook");
            assertEquals(List.of(), w.drainUntilSentinel(robot));
        }
    }

    @Test
    void sigtermToTheRealCliReleasesAHeldKey() throws Exception {
        // jesture daemon itself, on a paced video (live mode) whose red segment (-> "Swiping Left" with
        // colour.onnx) lasts far longer than the test: the hold can only end through SIGTERM.
        Path video = io.jesture.TestVideos.write(dir.resolve("red.mp4"), 160, 120, 15,
                new io.jesture.TestVideos.Segment(io.jesture.TestVideos.GREY, 15),
                new io.jesture.TestVideos.Segment(io.jesture.TestVideos.RED, 600));
        Path config = dir.resolve("actions.yaml");
        Files.writeString(config, "gestures:\n  Swiping Left: {hold: {key: shift, maxDuration: 60s}}\n");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.jesture.cli.Jesture",
                "daemon", "--dry-run", "--provider", "cpu", "--source", "file:" + video,
                "--model", io.jesture.TestVideos.model("colour.onnx").toString(), "--config", config.toString())
                .redirectErrorStream(true)
                .start();
        ChildLines out = ChildLines.of(p, "sigterm-test-reader");
        out.until("dry-run: press shift"); // the hold began

        assertTrue(p.toHandle().destroy(), "SIGTERM not sent");
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "daemon did not exit after SIGTERM");
        List<String> after = out.rest();
        assertEquals(143, p.exitValue(), after.toString());
        assertTrue(after.stream().anyMatch(x -> x.endsWith("hold shift stopped: shutting down")), after.toString());
        assertTrue(after.stream().anyMatch(x -> x.endsWith("dry-run: release shift")), after.toString());
    }
}
