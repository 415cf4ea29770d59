package io.jesture.daemon;

import static io.jesture.daemon.Scripted.gesture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.awt.Frame;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Application profiles against a real X server: a real window, the real {@code xprop} probe. Xvfb has
 * no window manager to set {@code _NET_ACTIVE_WINDOW}, so the test sets it as a window manager would.
 */
@Timeout(60)
class X11FocusProbeTest {

    @Test
    void focusedWindowSelectsItsProfile() throws Exception {
        String display = System.getenv("DISPLAY");
        if (display == null || display.isEmpty()) System.out.println("X11FocusProbeTest SKIPPED: DISPLAY is unset; run under xvfb-run -a");
        Assumptions.assumeTrue(display != null && !display.isEmpty(), "DISPLAY is unset");
        Path xprop = FocusProbe.Xprop.find(System.getenv("PATH"));
        if (xprop == null) System.out.println("X11FocusProbeTest SKIPPED: xprop is not installed (x11-utils)");
        Assumptions.assumeTrue(xprop != null, "xprop is not installed (x11-utils)");

        String title = "jesture slides " + ProcessHandle.current().pid();
        Frame f = new Frame(title);
        f.setBounds(20, 20, 200, 100);
        java.awt.EventQueue.invokeAndWait(() -> f.setVisible(true));
        try {
            String id = windowId(title);
            assertNotNull(id, "xwininfo did not find the window");
            exec("xprop", "-root", "-f", "_NET_ACTIVE_WINDOW", "32x", "-set", "_NET_ACTIVE_WINDOW", id);

            FocusProbe probe = new FocusProbe.Xprop(xprop);
            FocusProbe.Window w = probe.focused();
            assertNotNull(w, "no focused window reported");
            assertEquals(title, w.title());
            assertNotNull(w.wmClass(), "AWT sets WM_CLASS");

            List<String> out = new ArrayList<>();
            DaemonConfig c = ConfigLoader.parse(Path.of("t.yaml"), """
                    defaults: {cooldown: 0}
                    gestures:
                      Swiping Up: Page_Up
                    profiles:
                      slides:
                        match: {title: "^jesture slides"}
                        gestures:
                          Swiping Up: F5
                    """, Scripted.LABELS, Capabilities.ANY, ConfigLoader.CommandGrant.NO_FLAG);
            Engine e = new Engine(c, new Actuator(new DryRunBackend(out::add)), probe);
            e.onGesture(gesture("Swiping Up", 0.9, 0));
            exec("xprop", "-root", "-remove", "_NET_ACTIVE_WINDOW");
            assertNull(probe.focused(), "no active window: unknown");
            e.onGesture(gesture("Swiping Up", 0.9, 1000));
            assertEquals(List.of("dry-run: press F5", "dry-run: release F5", "dry-run: press Page_Up", "dry-run: release Page_Up"), out);
        } finally {
            java.awt.EventQueue.invokeAndWait(f::dispose);
        }
    }

    /** The X id of the window titled {@code title}, once it is mapped (xwininfo, also in x11-utils). */
    private static String windowId(String title) throws Exception {
        Pattern p = Pattern.compile("Window id: (0x[0-9a-fA-F]+)");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Matcher m = p.matcher(exec("xwininfo", "-name", title));
            if (m.find()) return m.group(1);
            Thread.onSpinWait();
        }
        return null;
    }

    private static String exec(String... argv) throws Exception {
        Process pr = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String s = new String(pr.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        pr.waitFor(10, TimeUnit.SECONDS);
        return s;
    }
}
