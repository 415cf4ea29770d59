package io.jesture.daemon;

import io.jesture.daemon.Action.Click;
import io.jesture.daemon.Action.Combo;
import io.jesture.daemon.Action.MouseButton;
import io.jesture.daemon.Action.ScrollDirection;
import io.jesture.daemon.Keys.Key;
import io.jesture.daemon.YamlTree.ListNode;
import io.jesture.daemon.YamlTree.MapNode;
import io.jesture.daemon.YamlTree.Node;
import io.jesture.daemon.YamlTree.Scalar;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads one action of {@code actions.yaml}: the key that names its type ({@code key:}, {@code click:},
 * {@code repeat:}...) and its value. Each type is one entry in {@link #KINDS} and one method here;
 * problems go to the shared {@link YamlValues}, so the whole file is still reported at once.
 */
final class ActionParser {
    private static final int MAX_TEXT = 1000;

    /** Reads the value of one action key; {@code owner} is the map holding it, for options beside it (a sequence's delay). */
    @FunctionalInterface
    private interface Reader {
        Action read(ActionParser p, MapNode owner, String ownerPath, Node value, String path);
    }

    /**
     * An action type as the file names it.
     *
     * @param singleShot whether it may be the inner action of a {@code repeat:}
     */
    private record Kind(String key, boolean singleShot, Reader reader) {}

    /** Every action type, in the order messages list them. */
    private static final List<Kind> KINDS = List.of(
            new Kind("key", true, (p, m, mp, v, path) -> p.key(v, path)),
            new Kind("keys", true, (p, m, mp, v, path) -> p.sequence(v, path, m.entries().get("delay"), mp + ".delay")),
            new Kind("type", true, (p, m, mp, v, path) -> p.text(v, path)),
            new Kind("move", true, (p, m, mp, v, path) -> p.move(v, path)),
            new Kind("moveTo", true, (p, m, mp, v, path) -> p.moveTo(v, path)),
            new Kind("click", true, (p, m, mp, v, path) -> p.click(v, path)),
            new Kind("scroll", true, (p, m, mp, v, path) -> p.scroll(v, path)),
            new Kind("repeat", false, (p, m, mp, v, path) -> p.repeat(v, path)),
            new Kind("hold", false, (p, m, mp, v, path) -> p.hold(v, path)),
            new Kind("command", false, (p, m, mp, v, path) -> p.command(v, path)));

    /** The keys that name an action in a mapping. */
    static final List<String> ACTION_KEYS = KINDS.stream().map(Kind::key).toList();
    /** The keys that name an action a {@code repeat:} may run. */
    private static final List<String> SINGLE_SHOT_KEYS = KINDS.stream().filter(Kind::singleShot).map(Kind::key).toList();

    private final YamlValues values;
    private final Capabilities caps;
    private final ConfigLoader.CommandGrant grant;
    private final boolean allowCommands;
    private final boolean commandsRefused;

    /**
     * @param allowCommands   whether {@code command:} actions may be built
     * @param commandsRefused the file asked for commands and was refused (already reported, so each
     *                        {@code command:} is not reported again)
     */
    ActionParser(YamlValues values, Capabilities caps, ConfigLoader.CommandGrant grant, boolean allowCommands, boolean commandsRefused) {
        this.values = values;
        this.caps = caps;
        this.grant = grant;
        this.allowCommands = allowCommands;
        this.commandsRefused = commandsRefused;
    }

    /** The one action in mapping {@code m}, or null (the problem recorded). */
    Action mappingAction(MapNode m, String path) {
        return action(m, path, ACTION_KEYS);
    }

    /** A key combo written as text, e.g. {@code ctrl+alt+Right}; null (recorded) if a key is unknown or not sendable. */
    Combo combo(Node at, String text, String path) {
        List<Key> keys = new ArrayList<>();
        boolean ok = true;
        for (String part : text.split("\\+", -1)) {
            String name = part.trim();
            if (name.isEmpty()) {
                values.error(at, path, "'" + text + "' has an empty key name", "write key names joined by '+', e.g. ctrl+alt+Right");
                return null;
            }
            Key k = Keys.find(name).orElse(null);
            if (k == null) {
                String close = Spelling.closest(name, Keys.canonicalNames());
                values.error(at, path, "unknown key name '" + name + "'" + (text.contains("+") ? " in '" + text + "'" : ""),
                        (close != null ? "did you mean '" + close + "'? " : "")
                                + "Key names are X11 keysym names such as Right, Page_Up, F5, ctrl, XF86AudioRaiseVolume (list in docs/daemon.md)");
                ok = false;
                continue;
            }
            if (keys.contains(k)) {
                values.error(at, path, "'" + text + "' names " + k.name() + " twice", "name each key once");
                ok = false;
                continue;
            }
            String why = caps.whyNot(k);
            if (why != null) {
                values.error(at, path, "key " + k.name() + ": " + why, "use another key or another --backend");
                ok = false;
                continue;
            }
            keys.add(k);
        }
        return ok ? new Combo(keys) : null;
    }

    /** The one action among {@code kinds} in {@code m}. */
    private Action action(MapNode m, String path, List<String> kinds) {
        List<String> present = kinds.stream().filter(m.entries()::containsKey).toList();
        if (present.isEmpty()) {
            values.error(m, path, "has no action", "give one of: " + String.join(", ", kinds));
            return null;
        }
        if (present.size() > 1) {
            values.error(m.entries().get(present.get(1)), path, "has " + String.join(" and ", present) + " but a mapping takes one action",
                    "keep one (use keys: [a, b] for a sequence of keys)");
            return null;
        }
        String key = present.get(0);
        Kind kind = KINDS.stream().filter(k -> k.key().equals(key)).findFirst().orElseThrow();
        return kind.reader().read(this, m, path, m.entries().get(key), path + "." + key);
    }

    // ---- one method per action type ----

    private Action key(Node v, String path) {
        if (!(v instanceof Scalar s) || !(s.value() instanceof String text)) {
            values.error(v, path, "is " + v.kind() + ", expected a key combo", "write e.g. key: ctrl+alt+Right");
            return null;
        }
        return combo(s, text, path);
    }

    private Action sequence(Node v, String path, Node delayNode, String delayPath) {
        if (!(v instanceof ListNode l) || l.items().isEmpty()) {
            values.error(v, path, "is " + v.kind() + ", expected a non-empty list of key combos", "write e.g. keys: [Escape, ctrl+s]");
            return null;
        }
        List<Combo> steps = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < l.items().size(); i++) {
            Node item = l.items().get(i);
            if (!(item instanceof Scalar s) || !(s.value() instanceof String text)) {
                values.error(item, path + "[" + i + "]", "is " + item.kind() + ", expected a key combo", "write e.g. ctrl+s");
                ok = false;
                continue;
            }
            Combo c = combo(s, text, path + "[" + i + "]");
            if (c == null) ok = false; else steps.add(c);
        }
        Duration delay = Duration.ZERO;
        if (delayNode != null) {
            delay = values.duration(delayNode, delayPath, Duration.ofSeconds(2));
            if (delay == null) ok = false;
        }
        return ok ? new Action.Sequence(steps, delay) : null;
    }

    private Action text(Node v, String path) {
        if (!(v instanceof Scalar s) || s.value() == null) {
            values.error(v, path, "is " + v.kind() + ", expected text", "write e.g. type: \"hello\"");
            return null;
        }
        String text = s.text();
        if (text.isEmpty() || text.length() > MAX_TEXT) {
            values.error(v, path, "has " + text.length() + " characters", "give 1 to " + MAX_TEXT);
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Keys.forChar(c) == null) {
                values.error(v, path, String.format("character %s (U+%04X) at position %d cannot be typed", printable(c), (int) c, i + 1),
                        "use printable ASCII only: both backends send key codes, and text is typed as on a US keyboard");
                return null;
            }
        }
        return new Action.Text(text);
    }

    private Action move(Node v, String path) {
        if (!(values.asMap(v, path) instanceof MapNode m)) return null;
        values.checkKeys(m, path, List.of("dx", "dy"));
        Integer dx = m.entries().containsKey("dx") ? values.integer(m.entries().get("dx"), path + ".dx", -10000, 10000) : Integer.valueOf(0);
        Integer dy = m.entries().containsKey("dy") ? values.integer(m.entries().get("dy"), path + ".dy", -10000, 10000) : Integer.valueOf(0);
        if (dx == null || dy == null) return null;
        if (dx == 0 && dy == 0) {
            values.error(m, path, "moves by 0,0", "give dx and/or dy in pixels, e.g. move: {dx: -200}");
            return null;
        }
        return new Action.Move(dx, dy);
    }

    private Action moveTo(Node v, String path) {
        if (!(values.asMap(v, path) instanceof MapNode m)) return null;
        values.checkKeys(m, path, List.of("x", "y"));
        if (!m.entries().containsKey("x") || !m.entries().containsKey("y")) {
            values.error(m, path, "needs both x and y", "write e.g. moveTo: {x: 960, y: 540}");
            return null;
        }
        Integer x = values.integer(m.entries().get("x"), path + ".x", 0, 100000);
        Integer y = values.integer(m.entries().get("y"), path + ".y", 0, 100000);
        String why = caps.whyNoAbsoluteMove();
        if (why != null) {
            values.error(m, path, why, "use move: {dx, dy} or another --backend");
            return null;
        }
        return x == null || y == null ? null : new Action.MoveTo(x, y);
    }

    private Action click(Node v, String path) {
        Node buttonNode = v;
        int count = 1;
        if (v instanceof MapNode m) {
            values.checkKeys(m, path, List.of("button", "count"));
            buttonNode = m.entries().get("button");
            if (m.entries().containsKey("count")) {
                Integer c = values.integer(m.entries().get("count"), path + ".count", 1, 3);
                if (c == null) return null;
                count = c;
            }
            if (buttonNode == null) return new Click(MouseButton.LEFT, count);
        }
        MouseButton b = values.enumValue(buttonNode, path + (v instanceof MapNode ? ".button" : ""), MouseButton.class);
        return b == null ? null : new Click(b, count);
    }

    private Action scroll(Node v, String path) {
        Node dirNode = v;
        int amount = 1;
        if (v instanceof MapNode m) {
            values.checkKeys(m, path, List.of("direction", "amount"));
            dirNode = m.entries().get("direction");
            if (dirNode == null) {
                values.error(m, path, "has no direction", "write e.g. scroll: {direction: down, amount: 3}");
                return null;
            }
            if (m.entries().containsKey("amount")) {
                Integer a = values.integer(m.entries().get("amount"), path + ".amount", 1, 50);
                if (a == null) return null;
                amount = a;
            }
        }
        ScrollDirection d = values.enumValue(dirNode, path + (v instanceof MapNode ? ".direction" : ""), ScrollDirection.class);
        if (d == null) return null;
        if (d.horizontal()) {
            String why = caps.whyNoHorizontalScroll();
            if (why != null) {
                values.error(dirNode, path, why, "scroll up/down, or use another --backend");
                return null;
            }
        }
        return new Action.Scroll(d, amount);
    }

    private Action repeat(Node v, String path) {
        if (!(values.asMap(v, path) instanceof MapNode m)) return null;
        List<String> allowed = new ArrayList<>(SINGLE_SHOT_KEYS);
        allowed.addAll(List.of("interval", "while", "maxDuration", "delay"));
        values.checkKeys(m, path, allowed);
        Action inner = action(m, path, SINGLE_SHOT_KEYS);
        Duration interval = Duration.ofMillis(200);
        if (m.entries().containsKey("interval")) {
            interval = values.duration(m.entries().get("interval"), path + ".interval", Duration.ofMinutes(1));
            if (interval != null && interval.compareTo(Duration.ofMillis(20)) < 0) {
                values.error(m.entries().get("interval"), path + ".interval", "is shorter than 20ms", "write e.g. interval: 200ms");
                interval = null;
            }
        }
        double whileScore = m.entries().containsKey("while") ? values.probability(m.entries().get("while"), path + ".while", 0.4) : 0.4;
        Duration max = Duration.ofSeconds(10);
        if (m.entries().containsKey("maxDuration")) max = values.duration(m.entries().get("maxDuration"), path + ".maxDuration", Duration.ofMinutes(10));
        return inner == null || interval == null || max == null ? null : new Action.Repeat(inner, interval, whileScore, max);
    }

    private Action hold(Node v, String path) {
        Node keyNode = v;
        double whileScore = 0.4;
        Duration max = Duration.ofSeconds(5);
        if (v instanceof MapNode m) {
            values.checkKeys(m, path, List.of("key", "while", "maxDuration"));
            keyNode = m.entries().get("key");
            if (keyNode == null) {
                values.error(m, path, "has no key", "write e.g. hold: {key: shift, maxDuration: 3s}");
                return null;
            }
            if (m.entries().containsKey("while")) whileScore = values.probability(m.entries().get("while"), path + ".while", whileScore);
            if (m.entries().containsKey("maxDuration")) max = values.duration(m.entries().get("maxDuration"), path + ".maxDuration", Duration.ofMinutes(10));
        }
        if (!(keyNode instanceof Scalar s) || !(s.value() instanceof String text)) {
            values.error(keyNode, path, "is " + keyNode.kind() + ", expected a key combo", "write e.g. hold: shift");
            return null;
        }
        Combo c = combo(s, text, path);
        return c == null || max == null ? null : new Action.Hold(c, whileScore, max);
    }

    private Action command(Node v, String path) {
        List<String> argv = new ArrayList<>();
        String display;
        if (v instanceof Scalar s && s.value() instanceof String text && !text.isBlank()) {
            argv.addAll(List.of("/bin/sh", "-c", text));
            display = text;
        } else if (v instanceof ListNode l && !l.items().isEmpty()) {
            for (Node item : l.items()) {
                if (!(item instanceof Scalar s) || s.value() == null) {
                    values.error(item, path, "has " + item.kind() + " in its argument list", "give program and arguments as text");
                    return null;
                }
                argv.add(s.text());
            }
            display = String.join(" ", argv);
        } else {
            values.error(v, path, "is " + v.kind() + ", expected a shell command line or a list [program, args...]",
                    "write e.g. command: \"playerctl play-pause\"");
            return null;
        }
        if (!allowCommands) {
            if (commandsRefused) return null;
            values.error(v, path, "command actions are disabled", grant == ConfigLoader.CommandGrant.GRANTED
                    ? "set 'allowCommands: true' at the top level of the file to let gestures run programs (they run with your rights)"
                    : "set 'allowCommands: true' at the top level of the file and start the daemon with --allow-commands "
                            + "to let gestures run programs (they run with your rights)");
            return null;
        }
        return new Action.Command(argv, display);
    }

    private static String printable(char c) {
        return Character.isISOControl(c) ? "" : "'" + c + "'";
    }
}
