package io.jesture.daemon;

import io.jesture.ConfigException;
import java.awt.AWTError;
import java.awt.AWTException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Picks and opens the input backend, saying which one and why in one log line. */
public final class BackendChoice {
    private static final Logger LOG = LoggerFactory.getLogger(BackendChoice.class);
    static final String DEVICE_NAME = "jesture virtual input";

    public enum Mode { AUTO, UINPUT, ROBOT, DRY_RUN;

        /** Parses {@code auto}, {@code uinput}, {@code robot} or {@code dry-run}. */
        public static Mode parse(String s) throws ConfigException {
            String v = s == null ? "" : s.trim().toLowerCase(Locale.ROOT).replace('-', '_');
            for (Mode m : values()) {
                if (m.name().toLowerCase(Locale.ROOT).equals(v)) return m;
            }
            throw new ConfigException("unknown backend '" + s + "': use auto, uinput, robot or dry-run");
        }
    }

    private BackendChoice() {}

    /**
     * Fails now, before a model load costs seconds, if {@code mode} cannot be opened here; the message
     * is the one {@link #open} would give.
     */
    public static void check(Mode mode) throws ConfigException {
        String noUinput = mode == Mode.UINPUT || mode == Mode.AUTO ? UinputBackend.unavailableReason() : null;
        switch (mode) {
            case UINPUT:
                if (noUinput != null) throw new ConfigException("--backend uinput cannot be used: " + noUinput);
                break;
            case ROBOT: {
                String noDisplay = RobotBackend.whyNoDisplay();
                if (noDisplay != null) throw new ConfigException("--backend robot cannot be used: " + noDisplay
                        + "; run inside a desktop session or use --backend uinput or --dry-run");
                break;
            }
            case AUTO:
                if (noUinput != null && !RobotBackend.displayAvailable()) throw noBackend(noUinput);
                break;
            default:
                break;
        }
    }

    private static ConfigException noBackend(String noUinput) {
        return new ConfigException("no input backend available: uinput: " + noUinput
                + "; java.awt.Robot: " + RobotBackend.whyNoDisplay() + ". Fix: set up uinput (docs/daemon.md), "
                + "run inside a desktop session, or use --dry-run to try the config");
    }

    /**
     * Opens the backend for {@code mode}. AUTO takes uinput when {@code /dev/uinput} is writable and the
     * native library loads, else Robot when there is a display, else fails naming both and the fix.
     */
    static InputBackend open(Mode mode) throws ConfigException {
        switch (mode) {
            case DRY_RUN:
                LOG.info("input backend: dry-run (forced): actions are logged, nothing is injected");
                return new DryRunBackend();
            case UINPUT: {
                String why = UinputBackend.unavailableReason();
                if (why != null) throw new ConfigException("--backend uinput cannot be used: " + why);
                LOG.info("input backend: uinput (forced), virtual device '{}' on {}", DEVICE_NAME, UinputBackend.DEVICE);
                return uinput();
            }
            case ROBOT:
                check(Mode.ROBOT); // a dead X server is one sentence, not an AWTError
                LOG.info("input backend: java.awt.Robot (forced)");
                return robot();
            default: {
                String noUinput = UinputBackend.unavailableReason();
                if (noUinput == null) {
                    LOG.info("input backend: uinput (auto: {} is writable), virtual device '{}'; works on X11, Wayland and the console",
                            UinputBackend.DEVICE, DEVICE_NAME);
                    return uinput();
                }
                if (RobotBackend.displayAvailable()) {
                    String wayland = System.getenv("WAYLAND_DISPLAY") != null
                            ? "; this is a Wayland session: Robot reaches only XWayland windows, set up uinput for native ones" : "";
                    LOG.info("input backend: java.awt.Robot (auto: uinput unavailable: {}){}", noUinput, wayland);
                    return robot();
                }
                throw noBackend(noUinput);
            }
        }
    }

    private static InputBackend uinput() throws ConfigException {
        try {
            // The screen size lets uinput do absolute moves; on a console there is none to ask.
            java.awt.Dimension screen = RobotBackend.displayAvailable() ? java.awt.Toolkit.getDefaultToolkit().getScreenSize() : null;
            return UinputBackend.open(DEVICE_NAME, screen);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    private static InputBackend robot() throws ConfigException {
        try {
            return RobotBackend.open();
        } catch (AWTException | RuntimeException | AWTError e) {
            throw new ConfigException("java.awt.Robot cannot be used: " + e.getMessage()
                    + "; run inside a desktop session (DISPLAY set) or use --backend uinput or --dry-run", e);
        }
    }
}
