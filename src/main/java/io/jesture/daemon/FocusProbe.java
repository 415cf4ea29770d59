package io.jesture.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells which window has the keyboard focus, so that per-application profiles can apply.
 *
 * <p>Only X11 can tell: Wayland deliberately hides other clients' windows, and a console has none. On
 * those the probe is {@link #NONE} and the default profile applies, which the daemon logs once at
 * startup.
 */
interface FocusProbe {
    /** The focused window. Any field may be null when the window does not set it. */
    record Window(String instance, String wmClass, String title) {
        @Override
        public String toString() {
            return "WM_CLASS=" + instance + "/" + wmClass + " title=\"" + title + "\"";
        }
    }

    /** Never knows: the default profile always applies. */
    FocusProbe NONE = new FocusProbe() {
        @Override
        public Window focused() {
            return null;
        }

        @Override
        public String describe() {
            return "none";
        }
    };

    /** The focused window, or null when unknown. Must be quick: it is asked once per gesture. */
    Window focused();

    String describe();

    /**
     * The probe for this session, and why: X11 with {@code xprop} installed gives {@link Xprop};
     * anything else gives {@link #NONE} with the reason logged.
     */
    static FocusProbe forEnvironment(Map<String, String> env) {
        Logger log = LoggerFactory.getLogger(FocusProbe.class);
        String display = env.get("DISPLAY");
        boolean wayland = env.get("WAYLAND_DISPLAY") != null || "wayland".equalsIgnoreCase(env.get("XDG_SESSION_TYPE"));
        if (wayland) {
            log.info("application profiles are off: this is a Wayland session, which does not reveal the focused window; the default profile applies");
            return NONE;
        }
        if (display == null || display.isEmpty()) {
            log.info("application profiles are off: no X display (DISPLAY is unset); the default profile applies");
            return NONE;
        }
        Path xprop = Xprop.find(env.get("PATH"));
        if (xprop == null) {
            log.info("application profiles are off: xprop is not installed (apt install x11-utils); the default profile applies");
            return NONE;
        }
        return new Xprop(xprop);
    }

    /**
     * Asks X11 through the {@code xprop} program: {@code _NET_ACTIVE_WINDOW} on the root window, then
     * that window's {@code WM_CLASS} and {@code _NET_WM_NAME}.
     *
     * <p>Why a subprocess and not Xlib through JNA: it runs once per gesture (not per frame), so two
     * ~5 ms process starts cost nothing that matters, while an Xlib binding would add native code, an
     * X connection to keep healthy, and X error handlers that abort the JVM by default. xprop ships in
     * x11-utils, present on practically every X11 desktop. Each call has a 500 ms timeout.
     */
    final class Xprop implements FocusProbe {
        private static final Logger LOG = LoggerFactory.getLogger(Xprop.class);
        /** {@code _NET_ACTIVE_WINDOW(WINDOW): window id # 0x1e00007}, or a plain number for other property types. */
        private static final Pattern ACTIVE = Pattern.compile("(?:window id # |= )(0x[0-9a-fA-F]+|\\d+)");
        private static final Pattern CLASS = Pattern.compile("WM_CLASS\\(STRING\\) = \"((?:[^\"\\\\]|\\\\.)*)\", \"((?:[^\"\\\\]|\\\\.)*)\"");
        private static final Pattern NAME = Pattern.compile("(?:_NET_WM_NAME|WM_NAME)\\([A-Z_0-9]+\\) = \"((?:[^\"\\\\]|\\\\.)*)\"");
        private final Path xprop;
        private boolean warned;

        Xprop(Path xprop) {
            this.xprop = xprop;
        }

        static Path find(String pathEnv) {
            if (pathEnv == null) return null;
            for (String dir : pathEnv.split(":")) {
                if (dir.isEmpty()) continue;
                Path p = Path.of(dir, "xprop");
                if (Files.isExecutable(p)) return p;
            }
            return null;
        }

        @Override
        public Window focused() {
            try {
                String id = activeWindowId(run(xprop.toString(), "-root", "_NET_ACTIVE_WINDOW"));
                if (id == null) return null;
                String props = run(xprop.toString(), "-id", id, "WM_CLASS", "_NET_WM_NAME", "WM_NAME");
                if (props == null) return null;
                return parse(props);
            } catch (IOException | RuntimeException e) {
                if (!warned) {
                    warned = true;
                    LOG.warn("cannot ask xprop for the focused window ({}); the default profile applies", e.toString());
                }
                return null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }

        /** The window id in {@code xprop -root _NET_ACTIVE_WINDOW} output, or null (none, or 0). */
        static String activeWindowId(String rootOutput) {
            if (rootOutput == null) return null;
            Matcher m = ACTIVE.matcher(rootOutput);
            if (!m.find() || Long.decode(m.group(1)) == 0) return null;
            return m.group(1);
        }

        /** Parses {@code xprop -id ... WM_CLASS _NET_WM_NAME WM_NAME} output. */
        static Window parse(String props) {
            String instance = null;
            String wmClass = null;
            String title = null;
            Matcher c = CLASS.matcher(props);
            if (c.find()) {
                instance = c.group(1);
                wmClass = c.group(2);
            }
            Matcher n = NAME.matcher(props);
            if (n.find()) title = n.group(1).replace("\\\"", "\"");
            if (instance == null && title == null) return null;
            return new Window(instance, wmClass, title);
        }

        private static String run(String... argv) throws IOException, InterruptedException {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            try (InputStream in = p.getInputStream()) {
                if (!p.waitFor(500, TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    return null;
                }
                return p.exitValue() == 0 ? new String(in.readAllBytes(), StandardCharsets.UTF_8) : null;
            }
        }

        @Override
        public String describe() {
            return "X11 via " + xprop;
        }
    }
}
