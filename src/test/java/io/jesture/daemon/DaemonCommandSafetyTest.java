package io.jesture.daemon;

import static io.jesture.daemon.Scripted.gesture;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code command:} actions: a dry run never starts them, and only a start-time grant enables them. */
@Timeout(60)
public class DaemonCommandSafetyTest {
    @TempDir
    Path dir;

    private final List<String> out = new CopyOnWriteArrayList<>();

    /**
     * Waits for every process this JVM started to end, so that a command that was (wrongly) started
     * has done its work before the test looks for its file.
     */
    public static void awaitChildProcesses() throws Exception {
        for (ProcessHandle h : ProcessHandle.current().descendants().toList()) {
            h.onExit().get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void aDryRunLogsACommandAndRunsNothing() throws Exception {
        Path marker = dir.resolve("x");
        Path file = dir.resolve("actions.yaml");
        Files.writeString(file, "allowCommands: true\ngestures:\n  Swiping Left: {command: \"touch " + marker + "\"}\n");
        try (Daemon d = Daemon.start(file, Scripted.LABELS, new DryRunBackend(out::add), FocusProbe.NONE, false, false,
                Daemon.ReloadListener.NONE, true)) {
            d.listener().onGesture(gesture("Swiping Left", 0.95, 1000));
            d.sync(() -> {});
        }
        awaitChildProcesses();
        assertFalse(Files.exists(marker), "the dry run ran the command");
        assertTrue(out.contains("dry-run: command touch " + marker), out.toString());
    }

    @Test
    void theConfigCannotEnableCommandsByItself() throws Exception {
        Path marker = dir.resolve("x");
        Path file = dir.resolve("actions.yaml");
        Files.writeString(file, "allowCommands: true\ngestures:\n  Swiping Left: {command: \"touch " + marker + "\"}\n");
        io.jesture.ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(io.jesture.ConfigException.class,
                () -> Daemon.start(file, Scripted.LABELS, new DryRunBackend(out::add), FocusProbe.NONE, false, false,
                        Daemon.ReloadListener.NONE).close());
        assertTrue(e.getMessage().contains(file + ":1:16: allowCommands: "), e.getMessage());
        assertTrue(e.getMessage().contains("--allow-commands"), e.getMessage());
    }

    @Test
    void aReloadCannotEnableCommands() throws Exception {
        Path marker = dir.resolve("x");
        Path file = dir.resolve("actions.yaml");
        Files.writeString(file, "gestures:\n  Swiping Left: a\n");
        java.util.concurrent.BlockingQueue<String> reloads = new java.util.concurrent.LinkedBlockingQueue<>();
        try (Daemon d = Daemon.start(file, Scripted.LABELS, new DryRunBackend(out::add), FocusProbe.NONE, true, false,
                new Daemon.ReloadListener() {
                    @Override public void onReloaded(DaemonConfig config) { reloads.add("ok"); }
                    @Override public void onReloadFailed(String message) { reloads.add("failed: " + message); }
                })) {
            Files.writeString(file, "allowCommands: true\ngestures:\n  Swiping Left: {command: \"touch " + marker + "\"}\n");
            String r = reloads.poll(10, TimeUnit.SECONDS);
            assertTrue(r != null && r.startsWith("failed: ") && r.contains("--allow-commands"), String.valueOf(r));
            d.listener().onGesture(gesture("Swiping Left", 0.95, 1000));
            d.sync(() -> {});
            assertTrue(out.contains("dry-run: press a"), "the previous config stays: " + out);
        }
        assertFalse(out.stream().anyMatch(l -> l.contains("command")), out.toString());
    }

    @Test
    void withTheFlagAReloadStillCannotTurnCommandsOnWhenTheyWereOffAtStart() throws Exception {
        Path file = dir.resolve("actions.yaml");
        Files.writeString(file, "gestures:\n  Swiping Left: a\n");
        java.util.concurrent.BlockingQueue<String> reloads = new java.util.concurrent.LinkedBlockingQueue<>();
        try (Daemon d = Daemon.start(file, Scripted.LABELS, new DryRunBackend(out::add), FocusProbe.NONE, true, false,
                new Daemon.ReloadListener() {
                    @Override public void onReloaded(DaemonConfig config) { reloads.add("ok"); }
                    @Override public void onReloadFailed(String message) { reloads.add("failed: " + message); }
                }, true)) {
            Files.writeString(file, "allowCommands: true\ngestures:\n  Swiping Left: {command: \"true\"}\n");
            String r = reloads.poll(10, TimeUnit.SECONDS);
            assertTrue(r != null && r.contains("allowCommands: is true, but command actions are not enabled for this daemon")
                    && r.contains("restart the daemon with --allow-commands"), String.valueOf(r));
        }
    }
}
