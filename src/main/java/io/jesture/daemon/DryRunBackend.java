package io.jesture.daemon;

import io.jesture.daemon.Action.MouseButton;
import io.jesture.daemon.Action.ScrollDirection;
import io.jesture.daemon.Keys.Key;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Performs nothing, commands included, and says what it would do, one line per event ({@code dry-run: press ctrl}). It
 * keeps the same pressed-state bookkeeping as the real backends, so a dry run shows exactly which
 * releases {@link #releaseAll()} would send.
 */
final class DryRunBackend implements InputBackend {
    private static final Logger LOG = LoggerFactory.getLogger(DryRunBackend.class);
    private final Consumer<String> out;
    private final Set<Object> down = new LinkedHashSet<>();
    private boolean closed;

    /** Logs through SLF4J at INFO. */
    DryRunBackend() {
        this(line -> LOG.info(line));
    }

    /** Sends each line to {@code out}, e.g. a recording list in tests. */
    DryRunBackend(Consumer<String> out) {
        this.out = out;
    }

    @Override public String backendName() { return "dry-run"; }
    @Override public String whyNot(Key key) { return null; }
    @Override public String whyNoAbsoluteMove() { return null; }
    @Override public String whyNoHorizontalScroll() { return null; }

    @Override
    public synchronized void press(Key key) {
        refuseIfClosed();
        down.add(key);
        out.accept("dry-run: press " + key.name());
    }

    @Override
    public synchronized void release(Key key) {
        down.remove(key);
        out.accept("dry-run: release " + key.name());
    }

    @Override
    public synchronized void pressButton(MouseButton button) {
        refuseIfClosed();
        down.add(button);
        out.accept("dry-run: press button " + button.name().toLowerCase());
    }

    @Override
    public synchronized void releaseButton(MouseButton button) {
        down.remove(button);
        out.accept("dry-run: release button " + button.name().toLowerCase());
    }

    @Override
    public synchronized void moveBy(int dx, int dy) {
        out.accept("dry-run: move by " + dx + "," + dy);
    }

    @Override
    public synchronized void moveTo(int x, int y) {
        out.accept("dry-run: move to " + x + "," + y);
    }

    @Override
    public synchronized void scroll(ScrollDirection direction, int amount) {
        out.accept("dry-run: scroll " + direction.name().toLowerCase() + " " + amount);
    }

    @Override
    public synchronized void runCommand(Action.Command command) {
        refuseIfClosed();
        out.accept("dry-run: command " + command.display());
    }

    @Override
    public synchronized void releaseAll() {
        List<Object> held = new ArrayList<>(down);
        for (int i = held.size() - 1; i >= 0; i--) {
            Object o = held.get(i);
            if (o instanceof Key k) release(k); else releaseButton((MouseButton) o);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        releaseAll();
        out.accept("dry-run: closed");
    }

    /** After close nothing new may go down; releases stay allowed, they are always safe. */
    private void refuseIfClosed() {
        if (closed) throw new IllegalStateException("input backend is closed");
    }
}
