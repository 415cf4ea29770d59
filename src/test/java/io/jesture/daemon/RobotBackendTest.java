package io.jesture.daemon;

import static io.jesture.daemon.Scripted.gesture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.MouseInfo;
import java.awt.Robot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Robot backend against a real X server (Xvfb; run the suite under {@code xvfb-run -a}): scripted
 * gestures go through the daemon's public listener, the engine and java.awt.Robot into a real AWT
 * window, which must receive exactly the expected keys and pointer events.
 */
@Timeout(120)
class RobotBackendTest {
    static RecordingWindow window;
    static Robot robot;

    @TempDir
    Path dir;

    @BeforeAll
    static void openWindow() throws Exception {
        String display = System.getenv("DISPLAY");
        if (display == null || display.isEmpty()) {
            System.out.println("RobotBackendTest SKIPPED: no X server (DISPLAY is unset); run under xvfb-run -a");
        }
        Assumptions.assumeTrue(display != null && !display.isEmpty(), "no X server (DISPLAY is unset); run under xvfb-run -a");
        Assumptions.assumeFalse(java.awt.GraphicsEnvironment.isHeadless(), "JVM is headless");
        robot = new Robot();
        window = new RecordingWindow(100, 100, 400, 300);
        assertTrue(window.showAndFocus(robot), "the test window never got the keyboard focus");
    }

    @AfterAll
    static void closeWindow() throws Exception {
        if (window != null) window.close();
    }

    @BeforeEach
    void drainSetupEvents() throws Exception {
        window.drainUntilSentinel(robot);
    }

    @Test
    void scriptedGesturesReachTheWindowAsExactKeysAndPointerEvents() throws Exception {
        Path file = dir.resolve("actions.yaml");
        Files.writeString(file, """
                defaults: {cooldown: 0}
                gestures:
                  Swiping Left: Right
                  Swiping Right: ctrl+shift+a
                  Thumb Up: {type: "Hi 2"}
                  Swiping Down: {moveTo: {x: 200, y: 180}}
                  Swiping Up: {move: {dx: 30, dy: -20}}
                  Thumb Down: {click: left}
                  Sliding Two Fingers Down: {scroll: {direction: down, amount: 2}}
                  Drumming Fingers: {keys: [Escape, Page_Down, F5]}
                """);
        try (RobotBackend backend = RobotBackend.open();
             Daemon d = Daemon.start(file, Scripted.LABELS, backend, FocusProbe.NONE, false, false, Daemon.ReloadListener.NONE)) {
            var listener = d.listener();
            long t = 0;
            listener.onGesture(gesture("Swiping Left", 0.9, t += 1000));
            listener.onGesture(gesture("Swiping Right", 0.9, t += 1000));
            listener.onGesture(gesture("Thumb Up", 0.9, t += 1000));
            listener.onGesture(gesture("Drumming Fingers", 0.9, t += 1000));
            listener.onGesture(gesture("No gesture", 0.9, t += 1000)); // never mapped: nothing
            d.sync(() -> {});
            robot.waitForIdle();
            assertEquals(List.of(
                    "press Right", "release Right",
                    "press Ctrl", "press Shift", "press A", "release A", "release Shift", "release Ctrl",
                    "press Shift", "press H", "release H", "release Shift", "press I", "release I",
                    "press Space", "release Space", "press 2", "release 2",
                    "press Escape", "release Escape", "press Page Down", "release Page Down", "press F5", "release F5"),
                    window.drainUntilSentinel(robot));

            listener.onGesture(gesture("Swiping Down", 0.9, t += 1000));
            d.sync(() -> {});
            assertEquals(List.of(), window.awaitEvent("move 200,180", 10));
            listener.onGesture(gesture("Swiping Up", 0.9, t += 1000));
            d.sync(() -> {});
            assertEquals(List.of(), window.awaitEvent("move 230,160", 10));
            listener.onGesture(gesture("Thumb Down", 0.9, t += 1000));
            listener.onGesture(gesture("Sliding Two Fingers Down", 0.9, t += 1000));
            d.sync(() -> {});
            robot.waitForIdle();
            List<String> rest = window.drainUntilSentinel(robot);
            assertEquals(List.of("button1 down 230,160", "button1 up 230,160"), rest.subList(0, 2), rest.toString());
            int wheel = rest.subList(2, rest.size()).stream().mapToInt(s -> Integer.parseInt(s.substring("wheel ".length()))).sum();
            assertEquals(2, wheel, "two notches down: " + rest);
            assertEquals(new java.awt.Point(230, 160), MouseInfo.getPointerInfo().getLocation());
        }
    }

    @Test
    void holdIsReleasedWhenTheGestureEndsAndOnClose() throws Exception {
        Path file = dir.resolve("actions.yaml");
        Files.writeString(file, "gestures:\n  Pulling Hand In: {hold: {key: shift, while: 0.5}}\n");
        RobotBackend backend = RobotBackend.open();
        try (Daemon d = Daemon.start(file, Scripted.LABELS, backend, FocusProbe.NONE, false, false, Daemon.ReloadListener.NONE)) {
            d.listener().onGesture(gesture("Pulling Hand In", 0.9, 0));
            assertEquals(List.of(), window.awaitEvent("press Shift", 10));
            d.sync(() -> d.engine().onScores(Scripted.LABELS, Scripted.scores("Pulling Hand In", 0.9), Scripted.ms(100)));
            d.sync(() -> d.engine().onScores(Scripted.LABELS, Scripted.scores("Pulling Hand In", 0.1), Scripted.ms(200)));
            assertEquals(List.of(), window.awaitEvent("release Shift", 10));

            d.listener().onGesture(gesture("Pulling Hand In", 0.9, 5000));
            assertEquals(List.of(), window.awaitEvent("press Shift", 10));
        } // close releases
        assertEquals(List.of(), window.awaitEvent("release Shift", 10));
        assertEquals(List.of(), window.drainUntilSentinel(robot));
    }
}
