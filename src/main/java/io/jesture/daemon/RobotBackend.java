package io.jesture.daemon;

import io.jesture.daemon.Action.MouseButton;
import io.jesture.daemon.Action.ScrollDirection;
import io.jesture.daemon.Keys.Key;
import java.awt.AWTException;
import io.jesture.internal.desktop.DesktopDisplay;
import java.awt.MouseInfo;
import java.awt.Point;
import java.awt.PointerInfo;
import java.awt.Robot;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code java.awt.Robot}: XTest on X11, the native event APIs on macOS and Windows. It needs a display
 * and, on Wayland, reaches only XWayland windows; media keys and horizontal scrolling have no AWT
 * codes, so configs using them are rejected for this backend at startup.
 */
final class RobotBackend implements InputBackend {
    /** On macOS the "super"/"cmd" key is Command, which AWT calls META, not WINDOWS. */
    private static final boolean MAC = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("mac");
    private final Robot robot;
    private final Set<Object> down = new LinkedHashSet<>();
    private boolean closed;

    private RobotBackend(Robot robot) {
        this.robot = robot;
        robot.setAutoDelay(0);
        robot.setAutoWaitForIdle(false);
    }

    /** Whether a display exists for Robot and answers; false on a console, a headless JVM or a dead X server. */
    static boolean displayAvailable() {
        return DesktopDisplay.whyNot() == null;
    }

    /** Why Robot cannot be used here, or null: {@code no display (DISPLAY is not set)} and the like. */
    static String whyNoDisplay() {
        String why = DesktopDisplay.whyNot();
        return why == null ? null : "no usable display (" + why + ")";
    }

    static RobotBackend open() throws AWTException {
        String why = whyNoDisplay();
        if (why != null) throw new AWTException(why);
        return new RobotBackend(new Robot());
    }

    @Override public String backendName() { return "robot"; }

    @Override
    public String whyNot(Key key) {
        return key.robotCan() ? null : "java.awt.Robot has no key code for it (media and vendor keys need the uinput backend)";
    }

    @Override public String whyNoAbsoluteMove() { return null; }

    @Override
    public String whyNoHorizontalScroll() {
        return "java.awt.Robot can only scroll vertically";
    }

    @Override
    public synchronized void press(Key key) {
        refuseIfClosed();
        robot.keyPress(code(key));
        down.add(key);
    }

    @Override
    public synchronized void release(Key key) {
        down.remove(key);
        robot.keyRelease(code(key));
    }

    private static int code(Key key) {
        int c = key.awtCode();
        return MAC && c == java.awt.event.KeyEvent.VK_WINDOWS ? java.awt.event.KeyEvent.VK_META : c;
    }

    @Override
    public synchronized void pressButton(MouseButton button) {
        refuseIfClosed();
        robot.mousePress(button.awtMask);
        down.add(button);
    }

    @Override
    public synchronized void releaseButton(MouseButton button) {
        down.remove(button);
        robot.mouseRelease(button.awtMask);
    }

    @Override
    public synchronized void moveBy(int dx, int dy) {
        PointerInfo info = MouseInfo.getPointerInfo();
        Point p = info == null ? new Point(0, 0) : info.getLocation();
        robot.mouseMove(p.x + dx, p.y + dy);
    }

    @Override
    public synchronized void moveTo(int x, int y) {
        robot.mouseMove(x, y);
    }

    @Override
    public synchronized void scroll(ScrollDirection direction, int amount) {
        if (direction.horizontal()) throw new UnsupportedOperationException(whyNoHorizontalScroll());
        // AWT: negative wheel amounts scroll up (away from the user).
        robot.mouseWheel(direction == ScrollDirection.UP ? -amount : amount);
    }

    @Override
    public synchronized void runCommand(Action.Command command) {
        refuseIfClosed();
        CommandLauncher.start(command);
    }

    @Override
    public synchronized void releaseAll() {
        List<Object> held = new ArrayList<>(down);
        RuntimeException first = null;
        for (int i = held.size() - 1; i >= 0; i--) {
            try {
                if (held.get(i) instanceof Key k) release(k); else releaseButton((MouseButton) held.get(i));
            } catch (RuntimeException e) {
                if (first == null) first = e;
            }
        }
        if (first != null) throw first;
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        releaseAll();
        // XTest queues events client-side; make sure the releases reach the X server before exit.
        java.awt.Toolkit.getDefaultToolkit().sync();
    }

    /** After close nothing new may go down; releases stay allowed, they are always safe. */
    private void refuseIfClosed() {
        if (closed) throw new IllegalStateException("input backend is closed");
    }
}
