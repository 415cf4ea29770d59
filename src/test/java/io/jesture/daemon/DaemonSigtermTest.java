package io.jesture.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
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

    private static BlockingQueue<String> lines(Process p) {
        BlockingQueue<String> q = new LinkedBlockingQueue<>();
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) q.add(l);
            } catch (java.io.IOException e) {
                q.add("READ FAILED " + e);
            }
            q.add("<EOF>");
        }, "sigterm-test-reader");
        t.setDaemon(true);
        t.start();
        return q;
    }

    private static List<String> until(BlockingQueue<String> q, String marker) throws InterruptedException {
        List<String> got = new ArrayList<>();
        while (true) {
            String l = q.poll(60, TimeUnit.SECONDS);
            if (l == null) throw new AssertionError("'" + marker + "' never came; got " + got);
            if (l.equals(marker)) return got;
            if (l.equals("<EOF>")) throw new AssertionError("child ended before '" + marker + "'; got " + got);
            got.add(l);
        }
    }

    @Test
    void sigtermReleasesAHeldKey() throws Exception {
        Process p = child("dry-run");
        BlockingQueue<String> q = lines(p);
        List<String> before = until(q, "HOLDING");
        assertTrue(before.contains("dry-run: press shift"), before.toString());
        assertTrue(before.stream().noneMatch(l -> l.contains("release shift")), before.toString());

        // SIGTERM. Through the ProcessHandle: Process.destroy() would also close our end of the
        // child's output pipe, and we need to read what the shutdown hook prints.
        assertTrue(p.toHandle().destroy(), "SIGTERM not sent");
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "child did not exit after SIGTERM");
        List<String> after = until(q, "<EOF>");
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
            BlockingQueue<String> q = lines(p);
            until(q, "HOLDING");
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
        BlockingQueue<String> q = lines(p);
        List<String> before = new ArrayList<>();
        String l;
        do {
            l = q.poll(60, TimeUnit.SECONDS);
            if (l == null || l.equals("<EOF>")) throw new AssertionError("the daemon never pressed shift: " + before);
            before.add(l);
        } while (!l.endsWith("dry-run: press shift"));

        assertTrue(p.toHandle().destroy(), "SIGTERM not sent");
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "daemon did not exit after SIGTERM");
        List<String> after = until(q, "<EOF>");
        assertEquals(143, p.exitValue(), after.toString());
        assertTrue(after.stream().anyMatch(x -> x.endsWith("hold shift stopped: shutting down")), after.toString());
        assertTrue(after.stream().anyMatch(x -> x.endsWith("dry-run: release shift")), after.toString());
    }
}
