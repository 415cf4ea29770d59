package io.jesture.daemon;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import io.jesture.daemon.Action.MouseButton;
import io.jesture.daemon.Action.ScrollDirection;
import io.jesture.daemon.Keys.Key;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A virtual keyboard and mouse through {@code /dev/uinput}, via the C library in
 * {@code native/uinput} bound with JNA. Works on X11, Wayland and the text console. Needs write access
 * to {@code /dev/uinput}: install {@code native/99-jesture-uinput.rules} (see docs/daemon.md).
 *
 * <p>The C side tracks pressed keys; {@link #close()} releases them explicitly, then destroys the
 * device (which, in the kernel, would also release them).
 */
final class UinputBackend implements InputBackend {
    static final Path DEVICE = Path.of("/dev/uinput");
    static final String LIBRARY = "jesture_uinput";
    private static final int REL_X = 0x00;
    private static final int REL_Y = 0x01;
    private static final int REL_HWHEEL = 0x06;
    private static final int REL_WHEEL = 0x08;

    /** The C API, see native/uinput/jesture_uinput.h. */
    interface Lib extends Library {
        void jui_layout(int[] out);

        int jui_encode(byte[] buf, long cap, short type, short code, int value);

        Pointer jui_open(String path, String name, IntByReference err);

        int jui_key(Pointer dev, short code, int value);

        int jui_rel(Pointer dev, short axis, int delta);

        int jui_release_all(Pointer dev);

        void jui_close(Pointer dev);

        int jui_encode_abs(byte[] buf, long cap, int x, int y);

        Pointer jui_open_abs(String path, String name, int maxX, int maxY, IntByReference err);

        int jui_abs(Pointer dev, int x, int y);

        String jui_strerror(int err);
    }

    private static volatile Lib lib;
    private Pointer dev;
    /** Screen size for absolute moves, or null when unknown (no display to ask). */
    private final java.awt.Dimension screen;
    /** The absolute pointer device, created on the first {@link #moveTo}. */
    private Pointer absDev;

    private UinputBackend(Pointer dev, java.awt.Dimension screen) {
        this.dev = dev;
        this.screen = screen;
    }

    /**
     * Loads the native library: from {@code -Djesture.native.dir}, from {@code target/native} when run
     * from a source checkout, else the JNA search path and class path ({@code linux-x86-64/} in the jar).
     *
     * @throws UnsatisfiedLinkError naming where it looked and how to build it
     */
    static Lib library() {
        Lib l = lib;
        if (l != null) return l;
        synchronized (UinputBackend.class) {
            if (lib != null) return lib;
            String dir = System.getProperty("jesture.native.dir");
            Path candidate = null;
            if (dir != null) candidate = Path.of(dir, "lib" + LIBRARY + ".so");
            else if (Files.exists(Path.of("target", "native", "lib" + LIBRARY + ".so"))) candidate = Path.of("target", "native", "lib" + LIBRARY + ".so");
            try {
                lib = Native.load(candidate != null ? candidate.toAbsolutePath().toString() : LIBRARY, Lib.class);
            } catch (UnsatisfiedLinkError e) {
                throw new UnsatisfiedLinkError("cannot load lib" + LIBRARY + ".so (" + e.getMessage().lines().findFirst().orElse("")
                        + "); build it with native/build.sh or 'mvn package' on a machine with a C compiler");
            }
            return lib;
        }
    }

    /** Why uinput cannot be used here, or null if it can. */
    static String unavailableReason() {
        if (!Files.exists(DEVICE)) return DEVICE + " does not exist (load the module: sudo modprobe uinput)";
        if (!Files.isWritable(DEVICE)) {
            return DEVICE + " is not writable by this user (install native/99-jesture-uinput.rules and join group input, see docs/daemon.md)";
        }
        try {
            library();
        } catch (UnsatisfiedLinkError e) {
            return e.getMessage();
        }
        return null;
    }

    /**
     * Creates the virtual keyboard+mouse.
     *
     * @param screen the screen size in pixels, for absolute moves; null if unknown (moveTo is then refused)
     */
    static UinputBackend open(String deviceName, java.awt.Dimension screen) {
        IntByReference err = new IntByReference();
        Lib l = library();
        Pointer p = l.jui_open(DEVICE.toString(), deviceName, err);
        if (p == null) {
            throw new IllegalStateException("cannot create a uinput device on " + DEVICE + ": " + l.jui_strerror(err.getValue())
                    + "; check permissions (docs/daemon.md, native/99-jesture-uinput.rules)");
        }
        return new UinputBackend(p, screen);
    }

    @Override public String backendName() { return "uinput"; }
    @Override public String whyNot(Key key) { return null; }

    @Override
    public String whyNoAbsoluteMove() {
        return screen != null ? null
                : "the uinput backend needs the screen size for absolute moves and there is no display to ask";
    }

    @Override public String whyNoHorizontalScroll() { return null; }

    @Override
    public synchronized void press(Key key) {
        check(library().jui_key(device(), (short) key.linuxCode(), 1), "press " + key.name());
    }

    @Override
    public synchronized void release(Key key) {
        check(library().jui_key(device(), (short) key.linuxCode(), 0), "release " + key.name());
    }

    @Override
    public synchronized void pressButton(MouseButton button) {
        check(library().jui_key(device(), (short) button.linuxCode, 1), "press " + button);
    }

    @Override
    public synchronized void releaseButton(MouseButton button) {
        check(library().jui_key(device(), (short) button.linuxCode, 0), "release " + button);
    }

    @Override
    public synchronized void moveBy(int dx, int dy) {
        if (dx != 0) check(library().jui_rel(device(), (short) REL_X, dx), "move");
        if (dy != 0) check(library().jui_rel(device(), (short) REL_Y, dy), "move");
    }

    /**
     * Jumps the pointer through a second device, an absolute pointer whose range is the screen in
     * pixels (like a VM's USB tablet); the desktop maps that range onto the screen.
     */
    @Override
    public synchronized void moveTo(int x, int y) {
        if (screen == null) throw new UnsupportedOperationException(whyNoAbsoluteMove());
        device();
        if (absDev == null) {
            IntByReference err = new IntByReference();
            absDev = library().jui_open_abs(DEVICE.toString(), "jesture virtual pointer", screen.width - 1, screen.height - 1, err);
            if (absDev == null) throw new IllegalStateException("cannot create the uinput absolute pointer: " + library().jui_strerror(err.getValue()));
        }
        check(library().jui_abs(absDev, Math.min(Math.max(x, 0), screen.width - 1), Math.min(Math.max(y, 0), screen.height - 1)), "moveTo");
    }

    @Override
    public synchronized void scroll(ScrollDirection direction, int amount) {
        // Linux: REL_WHEEL +1 scrolls up, REL_HWHEEL +1 scrolls right.
        switch (direction) {
            case UP -> check(library().jui_rel(device(), (short) REL_WHEEL, amount), "scroll");
            case DOWN -> check(library().jui_rel(device(), (short) REL_WHEEL, -amount), "scroll");
            case RIGHT -> check(library().jui_rel(device(), (short) REL_HWHEEL, amount), "scroll");
            case LEFT -> check(library().jui_rel(device(), (short) REL_HWHEEL, -amount), "scroll");
        }
    }

    @Override
    public synchronized void runCommand(Action.Command command) {
        device(); // refused once closed, like a key press
        CommandLauncher.start(command);
    }

    @Override
    public synchronized void releaseAll() {
        if (dev != null) check(library().jui_release_all(dev), "release all");
    }

    @Override
    public synchronized void close() {
        if (dev == null) return;
        Pointer d = dev;
        dev = null;
        library().jui_close(d);
        if (absDev != null) {
            library().jui_close(absDev);
            absDev = null;
        }
    }

    private Pointer device() {
        if (dev == null) throw new IllegalStateException("uinput device is closed");
        return dev;
    }

    private static void check(int rc, String what) {
        if (rc < 0) throw new IllegalStateException("uinput " + what + " failed: " + library().jui_strerror(rc));
    }
}
