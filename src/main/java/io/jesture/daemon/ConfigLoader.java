package io.jesture.daemon;

import io.jesture.ConfigException;
import io.jesture.daemon.Action.Click;
import io.jesture.daemon.Action.Combo;
import io.jesture.daemon.Action.MouseButton;
import io.jesture.daemon.Action.ScrollDirection;
import io.jesture.daemon.DaemonConfig.Mapping;
import io.jesture.daemon.DaemonConfig.Pause;
import io.jesture.daemon.DaemonConfig.Profile;
import io.jesture.daemon.DaemonConfig.RateLimit;
import io.jesture.daemon.Keys.Key;
import io.jesture.daemon.YamlTree.ListNode;
import io.jesture.daemon.YamlTree.MapNode;
import io.jesture.daemon.YamlTree.Node;
import io.jesture.daemon.YamlTree.Scalar;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads and validates {@code actions.yaml}. Every problem in the file is collected, each naming the
 * file, the line and column, the key path, what is wrong and how to fix it; if there is any, nothing
 * is returned: the daemon never runs half-configured. The format is documented in
 * {@code docs/daemon.md} and by example in {@code config/actions.yaml}.
 */
final class ConfigLoader {

    /** The Jester labels that mean "no gesture"; they never fire events, so mapping them is a mistake. */
    static final Set<String> BACKGROUND_LABELS = Set.of("No gesture", "Doing other things");

    /** The 27 Jester labels in model order (anchors.md); used when no model is loaded. */
    static final List<String> JESTER_LABELS = List.of(
            "Swiping Left", "Swiping Right", "Swiping Down", "Swiping Up", "Pulling Hand In",
            "Pushing Hand Away", "Sliding Two Fingers Left", "Sliding Two Fingers Right",
            "Sliding Two Fingers Down", "Sliding Two Fingers Up", "Pushing Two Fingers Away",
            "Pulling Two Fingers In", "Rolling Hand Forward", "Rolling Hand Backward",
            "Turning Hand Clockwise", "Turning Hand Counterclockwise", "Zooming In With Full Hand",
            "Zooming Out With Full Hand", "Zooming In With Two Fingers", "Zooming Out With Two Fingers",
            "Thumb Up", "Thumb Down", "Shaking Hand", "Stop Sign", "Drumming Fingers", "No gesture",
            "Doing other things");

    private static final List<String> TOP_KEYS = List.of(
            "allowCommands", "defaults", "rateLimit", "pause", "idleRelease", "gestures", "profiles");
    private static final List<String> ACTION_KEYS = List.of(
            "key", "keys", "type", "move", "moveTo", "click", "scroll", "repeat", "hold", "command");
    private static final List<String> SINGLE_SHOT_KEYS = List.of("key", "keys", "type", "move", "moveTo", "click", "scroll");
    private static final List<String> OPTION_KEYS = List.of("minConfidence", "cooldown", "delay");
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|m|min)");
    private static final int MAX_TEXT = 1000;

    static final double DEFAULT_MIN_CONFIDENCE = 0.6;
    static final Duration DEFAULT_COOLDOWN = Duration.ofMillis(500);
    static final RateLimit DEFAULT_RATE_LIMIT = new RateLimit(10, Duration.ofSeconds(1));
    static final Pause DEFAULT_PAUSE = new Pause("Stop Sign", Duration.ofMillis(1500), 0.6);
    static final Duration DEFAULT_IDLE_RELEASE = Duration.ofSeconds(1);

    /**
     * Whether a load may enable {@code command:} actions. That is decided when the daemon starts, never
     * by the file alone: a file that anyone else can edit must not be able to run programs as the user.
     */
    enum CommandGrant {
        /** Started with {@code --allow-commands} (and, for a reload, commands were on since the start). */
        GRANTED(null),
        /** Started without {@code --allow-commands}. */
        NO_FLAG("start the daemon with --allow-commands to let gestures run programs (then anyone who can edit this file "
                + "can run programs as you: keep it writable only by you), or set allowCommands: false"),
        /** A reload, while command actions were off when the daemon started. */
        NOT_AT_START("command actions were off when the daemon started and a reload never turns them on: "
                + "restart the daemon with --allow-commands, or set allowCommands: false");

        final String fix;

        CommandGrant(String fix) {
            this.fix = fix;
        }
    }

    private final Path file;
    private final List<String> labels;
    private final Capabilities caps;
    private final CommandGrant grant;
    private final List<String> errors = new ArrayList<>();
    private boolean allowCommands;
    private boolean commandsRefused;
    private double defaultMinConfidence = DEFAULT_MIN_CONFIDENCE;
    private Duration defaultCooldown = DEFAULT_COOLDOWN;

    private ConfigLoader(Path file, List<String> labels, Capabilities caps, CommandGrant grant) {
        this.file = file;
        this.labels = List.copyOf(labels);
        this.caps = caps;
        this.grant = grant;
    }

    /**
     * Reads {@code file}.
     *
     * @param labels the labels gestures may use: the model's, or {@link #JESTER_LABELS}
     * @param caps   what the chosen backend can do, or {@link Capabilities#ANY}
     * @param grant  whether {@code allowCommands: true} may take effect; when granted, the file must be
     *               writable only by the user ({@link ConfigPermissions})
     * @throws ConfigException listing every problem, one per line
     */
    static DaemonConfig load(Path file, List<String> labels, Capabilities caps, CommandGrant grant) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file + " does not exist: pass --config FILE, or copy "
                    + "config/actions.yaml from the jesture distribution");
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        if (grant == CommandGrant.GRANTED) {
            String unsafe = ConfigPermissions.whyUnsafe(file);
            if (unsafe != null) throw new ConfigException("refusing --allow-commands: " + unsafe);
        }
        return parse(file, text, labels, caps, grant);
    }

    /** As {@link #load}, from text already read (no permission check); {@code file} names it in messages. */
    static DaemonConfig parse(Path file, String text, List<String> labels, Capabilities caps, CommandGrant grant) throws ConfigException {
        return new ConfigLoader(file, labels, caps, grant).run(text);
    }

    private DaemonConfig run(String text) throws ConfigException {
        Node root;
        try {
            root = YamlTree.parse(text);
        } catch (YamlTree.SyntaxError e) {
            throw new ConfigException(file + ":" + e.line + ":" + e.column + ": YAML syntax error: " + e.getMessage()
                    + "; fix the YAML at that line (indent with spaces, quote text containing ': ' or '#')");
        }
        if (!(root instanceof MapNode top)) {
            error(root, "(top level)", "is " + root.kind() + ", not a map",
                    "start the file with keys such as 'gestures:' (see config/actions.yaml)");
            throw failure();
        }
        checkKeys(top, "", TOP_KEYS);

        Node ac = top.entries().get("allowCommands");
        if (ac != null) allowCommands = bool(ac, "allowCommands");
        if (allowCommands && grant != CommandGrant.GRANTED) {
            error(ac, "allowCommands", "is true, but command actions are not enabled for this daemon", grant.fix);
            allowCommands = false;
            commandsRefused = true; // said once here, not again at every command
        }

        Node defaults = top.entries().get("defaults");
        if (defaults != null && asMap(defaults, "defaults") instanceof MapNode d) {
            checkKeys(d, "defaults", List.of("minConfidence", "cooldown"));
            if (d.entries().containsKey("minConfidence")) defaultMinConfidence = probability(d.entries().get("minConfidence"), "defaults.minConfidence", DEFAULT_MIN_CONFIDENCE);
            if (d.entries().containsKey("cooldown")) {
                Duration c = duration(d.entries().get("cooldown"), "defaults.cooldown", Duration.ofMinutes(10));
                if (c != null) defaultCooldown = c;
            }
        }

        RateLimit rateLimit = DEFAULT_RATE_LIMIT;
        Node rl = top.entries().get("rateLimit");
        if (rl != null && asMap(rl, "rateLimit") instanceof MapNode r) {
            checkKeys(r, "rateLimit", List.of("actions", "per"));
            Integer n = r.entries().containsKey("actions") ? integer(r.entries().get("actions"), "rateLimit.actions", 1, 1000) : Integer.valueOf(rateLimit.actions());
            Duration per = r.entries().containsKey("per") ? duration(r.entries().get("per"), "rateLimit.per", Duration.ofMinutes(10)) : rateLimit.per();
            if (per != null && per.isZero()) {
                error(r.entries().get("per"), "rateLimit.per", "must be longer than 0", "write e.g. per: 1s");
            }
            if (n != null && per != null) rateLimit = new RateLimit(n, per);
        }

        Pause pause = readPause(top.entries().get("pause"));

        Duration idleRelease = DEFAULT_IDLE_RELEASE;
        Node ir = top.entries().get("idleRelease");
        if (ir != null) {
            Duration d = duration(ir, "idleRelease", Duration.ofMinutes(1));
            if (d != null && d.compareTo(Duration.ofMillis(100)) < 0) {
                error(ir, "idleRelease", "must be at least 100ms", "write e.g. idleRelease: 1s");
            } else if (d != null) {
                idleRelease = d;
            }
        }

        Map<String, Mapping> defaultGestures = new LinkedHashMap<>();
        Node g = top.entries().get("gestures");
        if (g == null) {
            if (!top.entries().containsKey("profiles")) {
                error(top, "(top level)", "has no 'gestures:' map, so no gesture would do anything",
                        "add e.g.\ngestures:\n  Swiping Left: Right");
            }
        } else {
            defaultGestures = readGestures(g, "gestures", "default", pause);
        }
        Profile defaultProfile = new Profile("default", null, null, false, defaultGestures);

        List<Profile> apps = new ArrayList<>();
        Node profiles = top.entries().get("profiles");
        if (profiles != null && asMap(profiles, "profiles") instanceof MapNode pm) {
            for (Map.Entry<String, Node> e : pm.entries().entrySet()) {
                Profile p = readProfile(e.getKey(), e.getValue(), pause);
                if (p != null) apps.add(p);
            }
        }
        if (!errors.isEmpty()) throw failure();
        return new DaemonConfig(file, allowCommands, rateLimit, pause, defaultProfile, apps, idleRelease);
    }

    private ConfigException failure() {
        String head = file + " has " + errors.size() + (errors.size() == 1 ? " error" : " errors")
                + "; nothing of it is applied (the daemon never runs half-configured):";
        return new ConfigException(head + "\n  " + String.join("\n  ", errors));
    }

    // ---- sections ----

    private Pause readPause(Node n) {
        if (n == null) return DEFAULT_PAUSE;
        if (n instanceof Scalar s && (Boolean.FALSE.equals(s.value()) || "off".equalsIgnoreCase(s.text()))) return null;
        if (!(n instanceof MapNode m)) {
            error(n, "pause", "is " + n.kind() + ", expected a map or 'off'",
                    "write e.g. pause: {gesture: Stop Sign, hold: 1.5s} or pause: off");
            return null;
        }
        checkKeys(m, "pause", List.of("gesture", "hold", "minScore"));
        String gesture = DEFAULT_PAUSE.gesture();
        if (m.entries().containsKey("gesture")) gesture = label(m.entries().get("gesture"), "pause.gesture");
        Duration hold = DEFAULT_PAUSE.hold();
        if (m.entries().containsKey("hold")) hold = duration(m.entries().get("hold"), "pause.hold", Duration.ofSeconds(10));
        double minScore = DEFAULT_PAUSE.minScore();
        if (m.entries().containsKey("minScore")) minScore = probability(m.entries().get("minScore"), "pause.minScore", minScore);
        return gesture == null || hold == null ? null : new Pause(gesture, hold, minScore);
    }

    private Profile readProfile(String name, Node n, Pause pause) {
        String path = "profiles." + name;
        if (!(asMap(n, path) instanceof MapNode m)) return null;
        checkKeys(m, path, List.of("match", "inherit", "gestures"));
        Pattern wmClass = null;
        Pattern title = null;
        Node match = m.entries().get("match");
        if (match == null) {
            error(m, path, "has no 'match:'", "add match: {wmClass: \"firefox\"} (find it with: xprop WM_CLASS, then click the window)");
        } else if (asMap(match, path + ".match") instanceof MapNode mm) {
            checkKeys(mm, path + ".match", List.of("wmClass", "title"));
            wmClass = regex(mm.entries().get("wmClass"), path + ".match.wmClass");
            title = regex(mm.entries().get("title"), path + ".match.title");
            if (mm.entries().isEmpty()) {
                error(mm, path + ".match", "is empty, so it would match every window", "give wmClass and/or title");
            }
        }
        boolean inherit = true;
        if (m.entries().containsKey("inherit")) inherit = bool(m.entries().get("inherit"), path + ".inherit");
        Map<String, Mapping> gestures = new LinkedHashMap<>();
        Node g = m.entries().get("gestures");
        if (g == null) {
            error(m, path, "has no 'gestures:'", "add the gestures this application should handle differently");
        } else {
            gestures = readGestures(g, path + ".gestures", name, pause);
        }
        return new Profile(name, wmClass, title, inherit, gestures);
    }

    private Map<String, Mapping> readGestures(Node n, String path, String profile, Pause pause) {
        Map<String, Mapping> out = new LinkedHashMap<>();
        if (!(asMap(n, path) instanceof MapNode m)) return out;
        for (Map.Entry<String, Node> e : m.entries().entrySet()) {
            String label = e.getKey();
            YamlTree.KeyAt at = m.keys().get(label);
            String p = path + ".\"" + label + "\"";
            if (!labels.contains(label)) {
                String close = Spelling.closest(label, labels);
                errorAt(at.line(), at.column(), p, "unknown label '" + label + "'",
                        (close != null ? "did you mean '" + close + "'? " : "")
                                + "Labels are the model's class names, written exactly (e.g. 'Swiping Left', 'Thumb Up')");
                readMapping(label, e.getValue(), p, profile, at.line()); // still report what is wrong inside
                continue;
            }
            if (BACKGROUND_LABELS.contains(label)) {
                errorAt(at.line(), at.column(), p, "'" + label + "' is a background class and never fires", "remove this mapping");
                continue;
            }
            if (pause != null && label.equals(pause.gesture())) {
                errorAt(at.line(), at.column(), p, "'" + label + "' is the pause/resume gesture (pause.gesture)",
                        "map another gesture, or choose another pause.gesture, or set pause: off");
                continue;
            }
            Mapping mapping = readMapping(label, e.getValue(), p, profile, at.line());
            if (mapping != null) out.put(label, mapping);
        }
        return out;
    }

    private Mapping readMapping(String label, Node n, String path, String profile, int line) {
        int before = errors.size();
        if (n instanceof Scalar s && s.value() instanceof String text) {
            // Shorthand: "Swiping Left: ctrl+Right" is a key combo with the default thresholds.
            Combo c = combo(s, text, path);
            return c == null ? null : new Mapping(label, c, defaultMinConfidence, defaultCooldown, profile, line);
        }
        if (!(n instanceof MapNode m)) {
            error(n, path, "is " + n.kind() + ", expected a key combo or a map",
                    "write e.g. '" + label + ": ctrl+Right' or '" + label + ": {click: left}'");
            return null;
        }
        List<String> allowed = new ArrayList<>(ACTION_KEYS);
        allowed.addAll(OPTION_KEYS);
        checkKeys(m, path, allowed);
        Action action = action(m, path, ACTION_KEYS);
        double minConfidence = defaultMinConfidence;
        if (m.entries().containsKey("minConfidence")) minConfidence = probability(m.entries().get("minConfidence"), path + ".minConfidence", minConfidence);
        Duration cooldown = defaultCooldown;
        if (m.entries().containsKey("cooldown")) cooldown = duration(m.entries().get("cooldown"), path + ".cooldown", Duration.ofMinutes(10));
        if (m.entries().containsKey("delay") && !m.entries().containsKey("keys")) {
            error(m.entries().get("delay"), path + ".delay", "only applies to a 'keys:' sequence", "remove it, or use keys: [...]");
        }
        if (errors.size() > before || action == null) return null;
        return new Mapping(label, action, minConfidence, cooldown, profile, line);
    }

    /** The one action among {@code kinds} in {@code m}. */
    private Action action(MapNode m, String path, List<String> kinds) {
        List<String> present = kinds.stream().filter(m.entries()::containsKey).toList();
        if (present.isEmpty()) {
            error(m, path, "has no action", "give one of: " + String.join(", ", kinds));
            return null;
        }
        if (present.size() > 1) {
            error(m.entries().get(present.get(1)), path, "has " + String.join(" and ", present) + " but a mapping takes one action",
                    "keep one (use keys: [a, b] for a sequence of keys)");
            return null;
        }
        String kind = present.get(0);
        Node v = m.entries().get(kind);
        String p = path + "." + kind;
        switch (kind) {
            case "key": {
                if (!(v instanceof Scalar s) || !(s.value() instanceof String text)) {
                    error(v, p, "is " + v.kind() + ", expected a key combo", "write e.g. key: ctrl+alt+Right");
                    return null;
                }
                return combo(s, text, p);
            }
            case "keys": return sequence(v, p, m.entries().get("delay"), path + ".delay");
            case "type": return text(v, p);
            case "move": return move(v, p);
            case "moveTo": return moveTo(v, p);
            case "click": return click(v, p);
            case "scroll": return scroll(v, p);
            case "repeat": return repeat(v, p);
            case "hold": return hold(v, p);
            case "command": return command(v, p);
            default: throw new IllegalStateException(kind);
        }
    }

    // ---- actions ----

    private Combo combo(Node at, String text, String path) {
        List<Key> keys = new ArrayList<>();
        boolean ok = true;
        for (String part : text.split("\\+", -1)) {
            String name = part.trim();
            if (name.isEmpty()) {
                error(at, path, "'" + text + "' has an empty key name", "write key names joined by '+', e.g. ctrl+alt+Right");
                return null;
            }
            Key k = Keys.find(name).orElse(null);
            if (k == null) {
                String close = Spelling.closest(name, Keys.canonicalNames());
                error(at, path, "unknown key name '" + name + "'" + (text.contains("+") ? " in '" + text + "'" : ""),
                        (close != null ? "did you mean '" + close + "'? " : "")
                                + "Key names are X11 keysym names such as Right, Page_Up, F5, ctrl, XF86AudioRaiseVolume (list in docs/daemon.md)");
                ok = false;
                continue;
            }
            if (keys.contains(k)) {
                error(at, path, "'" + text + "' names " + k.name() + " twice", "name each key once");
                ok = false;
                continue;
            }
            String why = caps.whyNot(k);
            if (why != null) {
                error(at, path, "key " + k.name() + ": " + why, "use another key or another --backend");
                ok = false;
                continue;
            }
            keys.add(k);
        }
        return ok ? new Combo(keys) : null;
    }

    private Action sequence(Node v, String path, Node delayNode, String delayPath) {
        if (!(v instanceof ListNode l) || l.items().isEmpty()) {
            error(v, path, "is " + v.kind() + ", expected a non-empty list of key combos", "write e.g. keys: [Escape, ctrl+s]");
            return null;
        }
        List<Combo> steps = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < l.items().size(); i++) {
            Node item = l.items().get(i);
            if (!(item instanceof Scalar s) || !(s.value() instanceof String text)) {
                error(item, path + "[" + i + "]", "is " + item.kind() + ", expected a key combo", "write e.g. ctrl+s");
                ok = false;
                continue;
            }
            Combo c = combo(s, text, path + "[" + i + "]");
            if (c == null) ok = false; else steps.add(c);
        }
        Duration delay = Duration.ZERO;
        if (delayNode != null) {
            delay = duration(delayNode, delayPath, Duration.ofSeconds(2));
            if (delay == null) ok = false;
        }
        return ok ? new Action.Sequence(steps, delay) : null;
    }

    private Action text(Node v, String path) {
        if (!(v instanceof Scalar s) || s.value() == null) {
            error(v, path, "is " + v.kind() + ", expected text", "write e.g. type: \"hello\"");
            return null;
        }
        String text = s.text();
        if (text.isEmpty() || text.length() > MAX_TEXT) {
            error(v, path, "has " + text.length() + " characters", "give 1 to " + MAX_TEXT);
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Keys.forChar(c) == null) {
                error(v, path, String.format("character %s (U+%04X) at position %d cannot be typed", printable(c), (int) c, i + 1),
                        "use printable ASCII only: both backends send key codes, and text is typed as on a US keyboard");
                return null;
            }
        }
        return new Action.Text(text);
    }

    private Action move(Node v, String path) {
        if (!(asMap(v, path) instanceof MapNode m)) return null;
        checkKeys(m, path, List.of("dx", "dy"));
        Integer dx = m.entries().containsKey("dx") ? integer(m.entries().get("dx"), path + ".dx", -10000, 10000) : Integer.valueOf(0);
        Integer dy = m.entries().containsKey("dy") ? integer(m.entries().get("dy"), path + ".dy", -10000, 10000) : Integer.valueOf(0);
        if (dx == null || dy == null) return null;
        if (dx == 0 && dy == 0) {
            error(m, path, "moves by 0,0", "give dx and/or dy in pixels, e.g. move: {dx: -200}");
            return null;
        }
        return new Action.Move(dx, dy);
    }

    private Action moveTo(Node v, String path) {
        if (!(asMap(v, path) instanceof MapNode m)) return null;
        checkKeys(m, path, List.of("x", "y"));
        if (!m.entries().containsKey("x") || !m.entries().containsKey("y")) {
            error(m, path, "needs both x and y", "write e.g. moveTo: {x: 960, y: 540}");
            return null;
        }
        Integer x = integer(m.entries().get("x"), path + ".x", 0, 100000);
        Integer y = integer(m.entries().get("y"), path + ".y", 0, 100000);
        String why = caps.whyNoAbsoluteMove();
        if (why != null) {
            error(m, path, why, "use move: {dx, dy} or another --backend");
            return null;
        }
        return x == null || y == null ? null : new Action.MoveTo(x, y);
    }

    private Action click(Node v, String path) {
        Node buttonNode = v;
        int count = 1;
        if (v instanceof MapNode m) {
            checkKeys(m, path, List.of("button", "count"));
            buttonNode = m.entries().get("button");
            if (m.entries().containsKey("count")) {
                Integer c = integer(m.entries().get("count"), path + ".count", 1, 3);
                if (c == null) return null;
                count = c;
            }
            if (buttonNode == null) return new Click(MouseButton.LEFT, count);
        }
        MouseButton b = enumValue(buttonNode, path + (v instanceof MapNode ? ".button" : ""), MouseButton.class);
        return b == null ? null : new Click(b, count);
    }

    private Action scroll(Node v, String path) {
        Node dirNode = v;
        int amount = 1;
        if (v instanceof MapNode m) {
            checkKeys(m, path, List.of("direction", "amount"));
            dirNode = m.entries().get("direction");
            if (dirNode == null) {
                error(m, path, "has no direction", "write e.g. scroll: {direction: down, amount: 3}");
                return null;
            }
            if (m.entries().containsKey("amount")) {
                Integer a = integer(m.entries().get("amount"), path + ".amount", 1, 50);
                if (a == null) return null;
                amount = a;
            }
        }
        ScrollDirection d = enumValue(dirNode, path + (v instanceof MapNode ? ".direction" : ""), ScrollDirection.class);
        if (d == null) return null;
        if (d.horizontal()) {
            String why = caps.whyNoHorizontalScroll();
            if (why != null) {
                error(dirNode, path, why, "scroll up/down, or use another --backend");
                return null;
            }
        }
        return new Action.Scroll(d, amount);
    }

    private Action repeat(Node v, String path) {
        if (!(asMap(v, path) instanceof MapNode m)) return null;
        List<String> allowed = new ArrayList<>(SINGLE_SHOT_KEYS);
        allowed.addAll(List.of("interval", "while", "maxDuration", "delay"));
        checkKeys(m, path, allowed);
        Action inner = action(m, path, SINGLE_SHOT_KEYS);
        Duration interval = Duration.ofMillis(200);
        if (m.entries().containsKey("interval")) {
            interval = duration(m.entries().get("interval"), path + ".interval", Duration.ofMinutes(1));
            if (interval != null && interval.compareTo(Duration.ofMillis(20)) < 0) {
                error(m.entries().get("interval"), path + ".interval", "is shorter than 20ms", "write e.g. interval: 200ms");
                interval = null;
            }
        }
        double whileScore = m.entries().containsKey("while") ? probability(m.entries().get("while"), path + ".while", 0.4) : 0.4;
        Duration max = Duration.ofSeconds(10);
        if (m.entries().containsKey("maxDuration")) max = duration(m.entries().get("maxDuration"), path + ".maxDuration", Duration.ofMinutes(10));
        return inner == null || interval == null || max == null ? null : new Action.Repeat(inner, interval, whileScore, max);
    }

    private Action hold(Node v, String path) {
        Node keyNode = v;
        double whileScore = 0.4;
        Duration max = Duration.ofSeconds(5);
        if (v instanceof MapNode m) {
            checkKeys(m, path, List.of("key", "while", "maxDuration"));
            keyNode = m.entries().get("key");
            if (keyNode == null) {
                error(m, path, "has no key", "write e.g. hold: {key: shift, maxDuration: 3s}");
                return null;
            }
            if (m.entries().containsKey("while")) whileScore = probability(m.entries().get("while"), path + ".while", whileScore);
            if (m.entries().containsKey("maxDuration")) max = duration(m.entries().get("maxDuration"), path + ".maxDuration", Duration.ofMinutes(10));
        }
        if (!(keyNode instanceof Scalar s) || !(s.value() instanceof String text)) {
            error(keyNode, path, "is " + keyNode.kind() + ", expected a key combo", "write e.g. hold: shift");
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
                    error(item, path, "has " + item.kind() + " in its argument list", "give program and arguments as text");
                    return null;
                }
                argv.add(s.text());
            }
            display = String.join(" ", argv);
        } else {
            error(v, path, "is " + v.kind() + ", expected a shell command line or a list [program, args...]",
                    "write e.g. command: \"playerctl play-pause\"");
            return null;
        }
        if (!allowCommands) {
            if (commandsRefused) return null;
            error(v, path, "command actions are disabled", grant == CommandGrant.GRANTED
                    ? "set 'allowCommands: true' at the top level of the file to let gestures run programs (they run with your rights)"
                    : "set 'allowCommands: true' at the top level of the file and start the daemon with --allow-commands "
                            + "to let gestures run programs (they run with your rights)");
            return null;
        }
        return new Action.Command(argv, display);
    }

    // ---- values ----

    private String label(Node n, String path) {
        if (!(n instanceof Scalar s) || !(s.value() instanceof String text)) {
            error(n, path, "is " + n.kind() + ", expected a label", "write e.g. Stop Sign");
            return null;
        }
        if (!labels.contains(text) || BACKGROUND_LABELS.contains(text)) {
            String close = Spelling.closest(text, labels);
            error(n, path, "unknown label '" + text + "'", close != null ? "did you mean '" + close + "'?" : "use one of the model's labels");
            return null;
        }
        return text;
    }

    private Node asMap(Node n, String path) {
        if (n instanceof MapNode m) return m;
        error(n, path, "is " + n.kind() + ", expected a map", "indent the entries under '" + lastKey(path) + ":'");
        return null;
    }

    private boolean bool(Node n, String path) {
        if (n instanceof Scalar s && s.value() instanceof Boolean b) return b;
        error(n, path, "is " + describe(n) + ", expected true or false", "write " + lastKey(path) + ": true or false");
        return false;
    }

    /** A value in [0, 1]; on error returns {@code fallback} (the load fails anyway). */
    private double probability(Node n, String path, double fallback) {
        if (n instanceof Scalar s && s.value() instanceof Number num) {
            double d = num.doubleValue();
            if (d >= 0 && d <= 1) return d;
        }
        error(n, path, "is " + describe(n) + ", expected a probability from 0 to 1", "write e.g. " + lastKey(path) + ": 0.7");
        return fallback;
    }

    private Integer integer(Node n, String path, int min, int max) {
        if (n instanceof Scalar s && s.value() instanceof Long l && l >= min && l <= max) return l.intValue();
        error(n, path, "is " + describe(n) + ", expected a whole number from " + min + " to " + max,
                "write e.g. " + lastKey(path) + ": " + Math.max(min, Math.min(max, 1)));
        return null;
    }

    private Duration duration(Node n, String path, Duration max) {
        Duration d = null;
        if (n instanceof Scalar s) {
            if (s.value() instanceof Long l && l == 0) {
                d = Duration.ZERO;
            } else if (s.value() instanceof String text) {
                Matcher m = DURATION.matcher(text.trim());
                if (m.matches()) {
                    double v = Double.parseDouble(m.group(1));
                    double millis = switch (m.group(2)) {
                        case "ms" -> v;
                        case "s" -> v * 1000;
                        default -> v * 60_000;
                    };
                    d = Duration.ofNanos(Math.round(millis * 1e6));
                }
            }
        }
        if (d == null) {
            error(n, path, "is " + describe(n) + ", expected a duration with a unit",
                    "write e.g. " + lastKey(path) + ": 500ms or 1.5s (a bare number is ambiguous)");
            return null;
        }
        if (d.compareTo(max) > 0) {
            error(n, path, "is " + describe(n) + ", longer than the limit " + max.toSeconds() + "s", "give a shorter duration");
            return null;
        }
        return d;
    }

    private Pattern regex(Node n, String path) {
        if (n == null) return null;
        if (!(n instanceof Scalar s) || !(s.value() instanceof String text) || text.isEmpty()) {
            error(n, path, "is " + describe(n) + ", expected a regular expression", "write e.g. \"libreoffice|soffice\"");
            return null;
        }
        String nested = NestedRepeat.find(text);
        if (nested != null) {
            String inner = nested.substring(0, nested.lastIndexOf(')') + 1);
            error(n, path, "'" + text + "' repeats a group that contains a repeat, which can take exponential time "
                    + "on a long window title (titles are whatever a web page says)",
                    "repeat once, e.g. '" + inner.substring(1, inner.length() - 1) + "' instead of '" + nested
                            + "', or make the inner repeat possessive (a++, .*+)");
            return null;
        }
        try {
            return Pattern.compile(text, Pattern.CASE_INSENSITIVE);
        } catch (PatternSyntaxException e) {
            error(n, path, "is not a valid regular expression: " + e.getDescription(), "fix the pattern, or quote special characters with \\\\");
            return null;
        }
    }

    private <E extends Enum<E>> E enumValue(Node n, String path, Class<E> type) {
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) names.add(e.name().toLowerCase(Locale.ROOT));
        if (n instanceof Scalar s && s.value() instanceof String text) {
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(text.trim())) return e;
            }
        }
        error(n, path, "is " + describe(n) + ", expected one of " + String.join(", ", names), "write e.g. " + names.get(0));
        return null;
    }

    private void checkKeys(MapNode m, String path, List<String> allowed) {
        for (YamlTree.KeyAt k : m.keys().values()) {
            if (allowed.contains(k.name())) continue;
            String close = Spelling.closest(k.name(), allowed);
            errorAt(k.line(), k.column(), path.isEmpty() ? k.name() : path + "." + k.name(), "unknown key '" + k.name() + "'",
                    (close != null ? "did you mean '" + close + "'? " : "") + "Allowed here: " + String.join(", ", allowed));
        }
    }

    // ---- messages ----

    private void error(Node at, String path, String problem, String fix) {
        errorAt(at.line(), at.column(), path, problem, fix);
    }

    private void errorAt(int line, int column, String path, String problem, String fix) {
        errors.add(file + ":" + line + ":" + column + ": " + path + ": " + problem + "; fix: " + fix);
    }

    private static String describe(Node n) {
        if (n instanceof Scalar s) return s.value() == null ? "empty" : "'" + s.text() + "'";
        return n.kind();
    }

    private static String lastKey(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    private static String printable(char c) {
        return Character.isISOControl(c) ? "" : "'" + c + "'";
    }
}
