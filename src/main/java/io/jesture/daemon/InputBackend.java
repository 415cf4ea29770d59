package io.jesture.daemon;

import io.jesture.daemon.Action.MouseButton;
import io.jesture.daemon.Action.ScrollDirection;
import io.jesture.daemon.Keys.Key;

/**
 * Injects input events into the desktop. Implementations: {@link UinputBackend} (Linux kernel, works
 * on X11, Wayland and the console), {@link RobotBackend} (java.awt.Robot: X11, macOS, Windows) and
 * {@link DryRunBackend} (logs only, and starts no program).
 *
 * <p>Called from one thread, the daemon's action thread, plus {@link #releaseAll()} and
 * {@link #close()} from a shutdown hook; implementations synchronize those two. Every implementation
 * remembers what it holds down so that {@link #releaseAll()} can let it go; {@link #close()} releases
 * everything and is idempotent.
 */
interface InputBackend extends Capabilities, AutoCloseable {

    void press(Key key);

    void release(Key key);

    void pressButton(MouseButton button);

    void releaseButton(MouseButton button);

    void moveBy(int dx, int dy);

    void moveTo(int x, int y);

    void scroll(ScrollDirection direction, int amount);

    /**
     * Starts the command's program without waiting for it; the dry-run backend only logs it. Commands
     * go through the backend like every other action, so that the backend alone decides whether
     * anything is performed. Refused once closed.
     */
    void runCommand(Action.Command command);

    /** Releases every key and button this backend holds down. */
    void releaseAll();

    /** Releases everything, then frees the device. Idempotent. */
    @Override
    void close();
}
