package io.jesture.daemon;

import io.jesture.daemon.Keys.Key;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a mapping does when its gesture fires. Immutable; built by {@link ActionParser} from
 * {@code actions.yaml} and run by {@link Actuator}.
 *
 * <p>{@link Continuous} actions ({@link Repeat}, {@link Hold}) last while the gesture's class stays
 * active in the recognizer's smoothed scores, see {@link Engine}. The others are single shots.
 *
 * <p>Code that acts on every action type implements {@link Visitor}: a new type adds a method there,
 * so every place that must handle it fails to compile until it does.
 */
sealed interface Action {

    /** For logs: what the action does, in config syntax. */
    String describe();

    /** Calls the {@code visitor} method for this type. */
    <R> R accept(Visitor<R> visitor) throws InterruptedException;

    /** One method per action type. {@code InterruptedException}: a visitor may wait (a key sequence's delay). */
    interface Visitor<R> {
        R combo(Combo c) throws InterruptedException;

        R sequence(Sequence s) throws InterruptedException;

        R text(Text t) throws InterruptedException;

        R move(Move m) throws InterruptedException;

        R moveTo(MoveTo m) throws InterruptedException;

        R click(Click c) throws InterruptedException;

        R scroll(Scroll s) throws InterruptedException;

        R repeat(Repeat r) throws InterruptedException;

        R hold(Hold h) throws InterruptedException;

        R command(Command c) throws InterruptedException;
    }

    /**
     * An action that starts when its gesture fires and lasts while the gesture's smoothed score stays
     * at or above {@link #whileScore()}, for at most {@link #maxDuration()}.
     */
    sealed interface Continuous extends Action permits Repeat, Hold {
        double whileScore();

        Duration maxDuration();

        /** Whether it runs again now, {@code sinceLastNanos} of stream time after it last ran. */
        boolean due(long sinceLastNanos);

        /** Undoes what lasts once it ends (a hold releases its keys). */
        void end(Actuator actuator);
    }

    /** Keys pressed together in this order and released in reverse order, e.g. {@code ctrl+alt+Right}. */
    record Combo(List<Key> keys) implements Action {
        public Combo {
            keys = List.copyOf(keys);
            if (keys.isEmpty()) throw new IllegalArgumentException("combo without keys");
        }

        @Override
        public <R> R accept(Visitor<R> v) throws InterruptedException {
            return v.combo(this);
        }

        @Override
        public String describe() {
            return keys.stream().map(Key::name).collect(Collectors.joining("+"));
        }
    }

    /** Combos one after another, with {@code delay} between them. */
    record Sequence(List<Combo> steps, Duration delay) implements Action {
        public Sequence {
            steps = List.copyOf(steps);
        }

        @Override
        public <R> R accept(Visitor<R> v) throws InterruptedException {
            return v.sequence(this);
        }

        @Override
        public String describe() {
            return "keys " + steps.stream().map(Combo::describe).collect(Collectors.joining(", ", "[", "]"))
                    + (delay.isZero() ? "" : " delay " + delay.toMillis() + "ms");
        }
    }

    /** Text typed key by key (US layout). */
    record Text(String text) implements Action {
        @Override
        public <R> R accept(Visitor<R> v) throws InterruptedException {
            return v.text(this);
        }

        @Override
        public String describe() {
            return "type \"" + text.replace("\n", "\\n") + "\"";
        }
    }

    /** A pointer move relative to where the pointer is, in pixels (mickeys on uinput). */
    record Move(int dx, int dy) implements Action {
        @Override
        public <R> R accept(Visitor<R> v) throws InterruptedException {
            return v.move(this);
        }

        @Override
        public String describe() {
            return "move dx=" + dx + " dy=" + dy;
        }
    }

    /** A pointer move to screen coordinates in pixels. */
    record MoveTo(int x, int y) implements Action {
        @Override
        public <R> R accept(Visitor<R> v) throws InterruptedException {
            return v.moveTo(this);
        }

        @Override
        public String describe() {
            return "moveTo x=" + x + " y=" + y;
        }
    }

    /** {@code count} clicks of one button. */
    record Click(MouseButton button, int count) implements Action {
        @Override
        public <R> R accept(Visitor<R> v) throws InterruptedException {
            return v.click(this);
        }

        @Override
        public String describe() {
            return "click " + button.name().toLowerCase() + (count == 1 ? "" : " x" + count);
        }
    }

    /** Wheel clicks in one direction. */
    record Scroll(ScrollDirection direction, int amount) implements Action {
        @Override
        public <R> R accept(Visitor<R> v) throws InterruptedException {
            return v.scroll(this);
        }

        @Override
        public String describe() {
            return "scroll " + direction.name().toLowerCase() + " " + amount;
        }
    }

    /**
     * Runs {@code inner} when the gesture fires and again every {@code interval} while the gesture's
     * smoothed score stays at or above {@code whileScore}, for at most {@code maxDuration}.
     */
    record Repeat(Action inner, Duration interval, double whileScore, Duration maxDuration) implements Continuous {
        @Override
        public <R> R accept(Visitor<R> v) throws InterruptedException {
            return v.repeat(this);
        }

        @Override
        public String describe() {
            return "repeat " + inner.describe() + " every " + interval.toMillis() + "ms";
        }

        @Override
        public boolean due(long sinceLastNanos) {
            return sinceLastNanos >= interval.toNanos();
        }

        @Override
        public void end(Actuator actuator) {
            // each repetition released what it pressed
        }
    }

    /**
     * Presses {@code keys} when the gesture fires and keeps them down while its smoothed score stays
     * at or above {@code whileScore}, for at most {@code maxDuration}; then releases them.
     */
    record Hold(Combo keys, double whileScore, Duration maxDuration) implements Continuous {
        @Override
        public <R> R accept(Visitor<R> v) throws InterruptedException {
            return v.hold(this);
        }

        @Override
        public String describe() {
            return "hold " + keys.describe();
        }

        @Override
        public boolean due(long sinceLastNanos) {
            return false; // the keys stay down; nothing runs again
        }

        @Override
        public void end(Actuator actuator) {
            actuator.releaseHold(keys);
        }
    }

    /** A program run without waiting for it; only with {@code allowCommands: true}. */
    record Command(List<String> argv, String display) implements Action {
        public Command {
            argv = List.copyOf(argv);
        }

        @Override
        public <R> R accept(Visitor<R> v) throws InterruptedException {
            return v.command(this);
        }

        @Override
        public String describe() {
            return "command " + display;
        }
    }

    enum MouseButton {
        LEFT(0x110, java.awt.event.InputEvent.BUTTON1_DOWN_MASK),
        RIGHT(0x111, java.awt.event.InputEvent.BUTTON3_DOWN_MASK),
        MIDDLE(0x112, java.awt.event.InputEvent.BUTTON2_DOWN_MASK);

        /** BTN_LEFT etc. from {@code <linux/input-event-codes.h>}. */
        final int linuxCode;
        /** The mask {@code java.awt.Robot.mousePress} takes. */
        final int awtMask;

        MouseButton(int linuxCode, int awtMask) {
            this.linuxCode = linuxCode;
            this.awtMask = awtMask;
        }
    }

    enum ScrollDirection {
        UP, DOWN, LEFT, RIGHT;

        boolean horizontal() {
            return this == LEFT || this == RIGHT;
        }
    }
}
