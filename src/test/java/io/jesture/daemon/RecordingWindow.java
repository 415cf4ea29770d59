package io.jesture.daemon;

import java.awt.Frame;
import java.awt.Point;
import java.awt.Robot;
import java.awt.event.FocusAdapter;
import java.awt.event.FocusEvent;
import java.awt.event.KeyAdapter;
import java.awt.event.KeyEvent;
import java.awt.event.MouseAdapter;
import java.awt.event.MouseEvent;
import java.awt.event.MouseWheelEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real AWT window on a real X server that records the key and mouse events it receives, as text:
 * {@code "press Right"}, {@code "release Shift"}, {@code "move 230,210"} (screen coordinates),
 * {@code "button1 down 230,210"}, {@code "wheel 1"}.
 */
final class RecordingWindow implements AutoCloseable {
    /** Pressed and released to mark the end of what a test sent; never recorded. */
    static final int SENTINEL = KeyEvent.VK_F12;

    final Frame frame;
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final CountDownLatch focused = new CountDownLatch(1);
    /** Keys pressed and not yet released (touched only on the event dispatch thread). */
    private final java.util.Set<Integer> down = new java.util.HashSet<>();

    RecordingWindow(int x, int y, int w, int h) {
        frame = new Frame("jesture test receiver");
        frame.setBounds(x, y, w, h);
        frame.setFocusTraversalKeysEnabled(false); // deliver Tab like any key
        frame.addFocusListener(new FocusAdapter() {
            @Override public void focusGained(FocusEvent e) { focused.countDown(); }
        });
        frame.addWindowFocusListener(new java.awt.event.WindowAdapter() {
            @Override public void windowGainedFocus(java.awt.event.WindowEvent e) { focused.countDown(); }
        });
        frame.addKeyListener(new KeyAdapter() {
            @Override public void keyPressed(KeyEvent e) { key("press", e); }
            @Override public void keyReleased(KeyEvent e) { key("release", e); }
        });
        MouseAdapter mouse = new MouseAdapter() {
            @Override public void mouseMoved(MouseEvent e) { events.add("move " + e.getXOnScreen() + "," + e.getYOnScreen()); }
            @Override public void mousePressed(MouseEvent e) { events.add("button" + e.getButton() + " down " + e.getXOnScreen() + "," + e.getYOnScreen()); }
            @Override public void mouseReleased(MouseEvent e) { events.add("button" + e.getButton() + " up " + e.getXOnScreen() + "," + e.getYOnScreen()); }
            @Override public void mouseWheelMoved(MouseWheelEvent e) { events.add("wheel " + e.getWheelRotation()); }
        };
        frame.addMouseListener(mouse);
        frame.addMouseMotionListener(mouse);
        frame.addMouseWheelListener(mouse);
    }

    private void key(String what, KeyEvent e) {
        if (e.getKeyCode() == SENTINEL) {
            if (what.equals("release")) events.add("SENTINEL");
            return;
        }
        // The X server repeats a key that stays down past its autorepeat delay (about half a second) as
        // more presses without releases. On a loaded machine the sender's release can come that late;
        // the repeats are the server's, not the sender's, so a press of a key already down is not recorded.
        if (what.equals("press") && !down.add(e.getKeyCode())) return;
        if (what.equals("release")) down.remove(e.getKeyCode());
        events.add(what + " " + KeyEvent.getKeyText(e.getKeyCode()));
    }

    /** Shows the window and gives it the keyboard focus; false if it never got the focus. */
    boolean showAndFocus(Robot robot) throws Exception {
        java.awt.EventQueue.invokeAndWait(() -> frame.setVisible(true));
        robot.waitForIdle();
        // Xvfb has no window manager: focus follows the pointer, so put the pointer inside and click.
        Point c = center();
        robot.mouseMove(c.x, c.y);
        robot.mousePress(java.awt.event.InputEvent.BUTTON1_DOWN_MASK);
        robot.mouseRelease(java.awt.event.InputEvent.BUTTON1_DOWN_MASK);
        java.awt.EventQueue.invokeAndWait(frame::requestFocus);
        boolean ok = focused.await(10, TimeUnit.SECONDS);
        robot.waitForIdle();
        return ok;
    }

    Point center() {
        return new Point(frame.getX() + frame.getWidth() / 2, frame.getY() + frame.getHeight() / 2);
    }

    /** Presses and releases the sentinel, then returns everything recorded before it. */
    List<String> drainUntilSentinel(Robot robot) throws InterruptedException {
        robot.keyPress(SENTINEL);
        robot.keyRelease(SENTINEL);
        return drainUntil("SENTINEL", 10);
    }

    /** Everything recorded until {@code marker} arrives (exclusive), waiting at most {@code seconds}. */
    List<String> drainUntil(String marker, int seconds) throws InterruptedException {
        List<String> got = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            String e = events.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (e == null) throw new AssertionError("'" + marker + "' never arrived; got " + got);
            if (e.equals(marker)) return got;
            got.add(e);
        }
    }

    /** Waits for one event equal to {@code expected}, returning what came before it. */
    List<String> awaitEvent(String expected, int seconds) throws InterruptedException {
        return drainUntil(expected, seconds);
    }

    void clear() {
        events.clear();
    }

    @Override
    public void close() throws Exception {
        java.awt.EventQueue.invokeAndWait(frame::dispose);
    }
}
