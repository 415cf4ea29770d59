package io.jesture.daemon;

import io.jesture.daemon.Action.Combo;
import io.jesture.daemon.Keys.Key;
import io.jesture.daemon.Keys.Stroke;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns an {@link Action} into backend calls. The one rule: whatever it presses it releases, in
 * reverse order, in a {@code finally}, so an exception half-way through a combo still lets every key
 * go. Only {@link Action.Hold} leaves keys down on purpose, until {@link #releaseHold}.
 */
final class Actuator {
    private static final Logger LOG = LoggerFactory.getLogger(Actuator.class);
    private final InputBackend backend;

    Actuator(InputBackend backend) {
        this.backend = backend;
    }

    InputBackend backend() {
        return backend;
    }

    /** Performs a single-shot action. For continuous actions, performs their first step. */
    void run(Action action) throws InterruptedException {
        action.accept(perform);
    }

    /** What each action type does; a new type fails to compile here until it says. */
    private final Action.Visitor<Void> perform = new Action.Visitor<>() {
        @Override
        public Void combo(Combo c) {
            Actuator.this.combo(c);
            return null;
        }

        @Override
        public Void sequence(Action.Sequence s) throws InterruptedException {
            for (int i = 0; i < s.steps().size(); i++) {
                if (i > 0 && !s.delay().isZero()) Thread.sleep(s.delay().toMillis()); // pacing for slow apps, not synchronization
                Actuator.this.combo(s.steps().get(i));
            }
            return null;
        }

        @Override
        public Void text(Action.Text t) {
            type(t.text());
            return null;
        }

        @Override
        public Void move(Action.Move m) {
            backend.moveBy(m.dx(), m.dy());
            return null;
        }

        @Override
        public Void moveTo(Action.MoveTo m) {
            backend.moveTo(m.x(), m.y());
            return null;
        }

        @Override
        public Void click(Action.Click c) {
            for (int i = 0; i < c.count(); i++) {
                backend.pressButton(c.button());
                backend.releaseButton(c.button());
            }
            return null;
        }

        @Override
        public Void scroll(Action.Scroll s) {
            backend.scroll(s.direction(), s.amount());
            return null;
        }

        @Override
        public Void repeat(Action.Repeat r) throws InterruptedException {
            run(r.inner());
            return null;
        }

        @Override
        public Void hold(Action.Hold h) {
            pressHold(h.keys());
            return null;
        }

        @Override
        public Void command(Action.Command c) {
            backend.runCommand(c); // through the backend, so that a dry run starts nothing
            return null;
        }
    };

    private void combo(Combo c) {
        List<Key> pressed = new ArrayList<>(c.keys().size());
        try {
            for (Key k : c.keys()) {
                backend.press(k);
                pressed.add(k);
            }
        } finally {
            releaseReverse(pressed);
        }
    }

    private void type(String text) {
        Key shift = Keys.shift();
        for (int i = 0; i < text.length(); i++) {
            Stroke s = Keys.forChar(text.charAt(i));
            List<Key> pressed = new ArrayList<>(2);
            try {
                if (s.shift()) {
                    backend.press(shift);
                    pressed.add(shift);
                }
                backend.press(s.key());
                pressed.add(s.key());
            } finally {
                releaseReverse(pressed);
            }
        }
    }

    /** Presses a hold's keys and leaves them down; if a press fails, releases what it pressed. */
    void pressHold(Combo c) {
        List<Key> pressed = new ArrayList<>(c.keys().size());
        boolean ok = false;
        try {
            for (Key k : c.keys()) {
                backend.press(k);
                pressed.add(k);
            }
            ok = true;
        } finally {
            if (!ok) releaseReverse(pressed);
        }
    }

    void releaseHold(Combo c) {
        releaseReverse(c.keys());
    }

    /** Releases every key and button the backend holds. Never throws: it runs on the way out of trouble. */
    void releaseAll() {
        try {
            backend.releaseAll();
        } catch (RuntimeException e) {
            LOG.error("releasing all keys failed: {}", e.toString(), e);
        }
    }

    private void releaseReverse(List<Key> keys) {
        RuntimeException first = null;
        for (int i = keys.size() - 1; i >= 0; i--) {
            try {
                backend.release(keys.get(i));
            } catch (RuntimeException e) {
                if (first == null) first = e;
            }
        }
        if (first != null) throw first;
    }

}
