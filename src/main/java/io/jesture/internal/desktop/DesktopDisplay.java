package io.jesture.internal.desktop;

import java.awt.AWTError;
import java.awt.GraphicsEnvironment;
import java.awt.HeadlessException;

/**
 * Whether this JVM can reach a desktop display, asked once, before anything depends on it. A DISPLAY
 * that is set but names no running X server makes AWT throw an {@link AWTError} (an Error, so it
 * escapes the usual handlers with a long trace) the first time a window or a Robot is created; asking
 * here turns it into one sentence. Under the systemd unit that matters: it restarts on every failure
 * except exit status 2, so a trace with status 1 becomes a restart loop.
 */
public final class DesktopDisplay {
    private static volatile String cached;
    private static volatile boolean asked;

    private DesktopDisplay() {}

    /**
     * @return null if windows and java.awt.Robot can be used; otherwise why not, as a phrase such as
     *         {@code DISPLAY is not set} or {@code no X server answers at DISPLAY=:9}
     */
    public static String whyNot() {
        if (asked) return cached;
        synchronized (DesktopDisplay.class) {
            if (!asked) {
                cached = ask();
                asked = true;
            }
            return cached;
        }
    }

    private static String ask() {
        String display = System.getenv("DISPLAY");
        if (GraphicsEnvironment.isHeadless()) {
            return display == null || display.isBlank() ? "DISPLAY is not set" : "this JVM is headless (java.awt.headless=true)";
        }
        try {
            // Connects to the display server: the first AWT call that does, and the one that fails.
            GraphicsEnvironment.getLocalGraphicsEnvironment().getScreenDevices();
            return null;
        } catch (AWTError | HeadlessException | InternalError e) {
            // AWT's own message only repeats this ("Can't connect to X11 window server using ...").
            String detail = String.valueOf(e.getMessage());
            return "no X server answers at DISPLAY=" + display + (detail.contains("Can't connect") ? "" : " (" + detail + ")");
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            return "this Java runtime has no desktop support (a headless JRE: " + e.getMessage() + "; Debian: install openjdk-17-jre)";
        }
    }
}
