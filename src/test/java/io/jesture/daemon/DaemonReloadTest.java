package io.jesture.daemon;

import static io.jesture.daemon.Scripted.gesture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The running daemon: its action thread, hot reload through the file watcher, and close. */
@Timeout(60)
class DaemonReloadTest {
    @TempDir
    Path dir;

    private final List<String> out = new CopyOnWriteArrayList<>();
    private final BlockingQueue<String> reloads = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    private Daemon start(Path file) throws Exception {
        return Daemon.start(file, Scripted.LABELS, new DryRunBackend(l -> { out.add(l); lines.add(l); }), FocusProbe.NONE, true, false,
                new Daemon.ReloadListener() {
                    @Override public void onReloaded(DaemonConfig config) { reloads.add("ok"); }
                    @Override public void onReloadFailed(String message) { reloads.add("failed: " + message); }
                });
    }

    /** Sends a gesture through the public listener and waits until the action thread handled it. */
    private List<String> act(Daemon d, String label, long atMillis) throws Exception {
        out.clear();
        d.listener().onGesture(gesture(label, 0.95, atMillis));
        d.sync(() -> {});
        return List.copyOf(out);
    }

    @Test
    void goodChangeIsAppliedAndBadChangeKeepsThePreviousConfig() throws Exception {
        Path file = dir.resolve("actions.yaml");
        Files.writeString(file, "gestures:\n  Swiping Left: a\n");
        try (Daemon d = start(file)) {
            assertEquals(List.of("dry-run: press a", "dry-run: release a"), act(d, "Swiping Left", 0));

            Files.writeString(file, "gestures:\n  Swiping Left: b\n");
            assertEquals("ok", reloads.poll(10, TimeUnit.SECONDS));
            assertEquals(List.of("dry-run: press b", "dry-run: release b"), act(d, "Swiping Left", 10_000));

            Files.writeString(file, "gestures:\n  Swiping Left: b\n  Swipe Up: c\n");
            String failed = reloads.poll(10, TimeUnit.SECONDS);
            assertNotNull(failed, "no reload event");
            assertTrue(failed.startsWith("failed: " + file + " has 1 error"), failed);
            assertTrue(failed.contains(file + ":3:3: gestures.\"Swipe Up\": unknown label 'Swipe Up'; fix: did you mean 'Swiping Up'?"), failed);
            assertEquals(List.of("dry-run: press b", "dry-run: release b"), act(d, "Swiping Left", 20_000), "previous config still active");

            // An editor-style save: write a new file and rename it over the old one.
            Path tmp = dir.resolve(".actions.yaml.swp");
            Files.writeString(tmp, "gestures:\n  Swiping Left: c\n");
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            assertEquals("ok", reloads.poll(10, TimeUnit.SECONDS));
            assertEquals(List.of("dry-run: press c", "dry-run: release c"), act(d, "Swiping Left", 30_000));
        }
    }

    @Test
    void reloadAndCloseReleaseAHeldKey() throws Exception {
        Path file = dir.resolve("actions.yaml");
        Files.writeString(file, "gestures:\n  Pulling Hand In: {hold: {key: shift, maxDuration: 10s}}\n");
        try (Daemon d = start(file)) {
            assertEquals(List.of("dry-run: press shift"), act(d, "Pulling Hand In", 0));
            out.clear();
            Files.writeString(file, "gestures:\n  Pulling Hand In: {hold: {key: ctrl, maxDuration: 10s}}\n");
            assertEquals("ok", reloads.poll(10, TimeUnit.SECONDS));
            assertEquals(List.of("dry-run: release shift"), List.copyOf(out));

            assertEquals(List.of("dry-run: press ctrl"), act(d, "Pulling Hand In", 10_000));
            out.clear();
            d.close();
            assertEquals(List.of("dry-run: release ctrl", "dry-run: closed"), List.copyOf(out));
        }
    }

    @Test
    void idleReleaseStopsAHoldWhenScoresStopComing() throws Exception {
        Path file = dir.resolve("actions.yaml");
        Files.writeString(file, "idleRelease: 200ms\ngestures:\n  Pulling Hand In: {hold: {key: shift, maxDuration: 60s}}\n");
        try (Daemon d = start(file)) {
            out.clear();
            lines.clear();
            d.listener().onGesture(gesture("Pulling Hand In", 0.95, 0));
            // No score updates follow (a stalled camera): the wall-clock idle check must release.
            String line;
            do {
                line = lines.poll(10, TimeUnit.SECONDS);
            } while (line != null && !line.equals("dry-run: release shift"));
            assertEquals(List.of("dry-run: press shift", "dry-run: release shift"), List.copyOf(out));
        }
    }
}
