package io.jesture.daemon;

import io.jesture.ConfigException;
import io.jesture.daemon.Action.Combo;
import io.jesture.daemon.DaemonConfig.Mapping;
import io.jesture.daemon.DaemonConfig.Pause;
import io.jesture.daemon.DaemonConfig.Profile;
import io.jesture.daemon.DaemonConfig.RateLimit;
import io.jesture.daemon.YamlTree.MapNode;
import io.jesture.daemon.YamlTree.Node;
import io.jesture.daemon.YamlTree.Scalar;
import io.jesture.synth.JesterLabels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates {@code actions.yaml}: the file's schema (top-level keys, defaults, rate limit,
 * pause, profiles, and which gesture maps to what). The actions themselves are read by
 * {@link ActionParser}, the typed values and the error collection by {@link YamlValues}. Every problem
 * in the file is collected, each naming the file, the line and column, the key path, what is wrong and
 * how to fix it; if there is any, nothing is returned: the daemon never runs half-configured. The
 * format is documented in {@code docs/daemon.md} and by example in {@code config/actions.yaml}.
 */
final class ConfigLoader {

    static final List<String> TOP_KEYS = List.of(
            "allowCommands", "defaults", "rateLimit", "pause", "idleRelease", "gestures", "profiles");
    private static final List<String> OPTION_KEYS = List.of("minConfidence", "cooldown", "delay");

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
    private final Set<String> background;
    private final Capabilities caps;
    private final CommandGrant grant;
    private final YamlValues values;
    private ActionParser actions;
    private double defaultMinConfidence = DEFAULT_MIN_CONFIDENCE;
    private Duration defaultCooldown = DEFAULT_COOLDOWN;

    private ConfigLoader(Path file, List<String> labels, Collection<String> background, Capabilities caps, CommandGrant grant) {
        this.file = file;
        this.labels = List.copyOf(labels);
        this.background = Set.copyOf(background);
        this.caps = caps;
        this.grant = grant;
        this.values = new YamlValues(file);
    }

    /** As {@link #load(Path, List, Collection, Capabilities, CommandGrant)} with Jester's background labels. */
    static DaemonConfig load(Path file, List<String> labels, Capabilities caps, CommandGrant grant) throws ConfigException {
        return load(file, labels, JesterLabels.BACKGROUND, caps, grant);
    }

    /**
     * Reads {@code file}.
     *
     * @param labels     the labels gestures may use: the model's (before it is loaded, Jester's)
     * @param background the labels that never fire events (the model's background labels), so mapping
     *                   them is a mistake
     * @param caps       what the chosen backend can do, or {@link Capabilities#ANY}
     * @param grant      whether {@code allowCommands: true} may take effect; when granted, the file must be
     *                   writable only by the user ({@link ConfigPermissions})
     * @throws ConfigException listing every problem, one per line
     */
    static DaemonConfig load(Path file, List<String> labels, Collection<String> background, Capabilities caps, CommandGrant grant)
            throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file + " does not exist: pass --actions FILE, or copy "
                    + "config/actions.yaml from the jesture distribution");
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        if (grant == CommandGrant.GRANTED) {
            String unsafe = ConfigPermissions.whyUnsafe(file);
            if (unsafe != null) throw new ConfigException("refusing --allow-commands: " + unsafe);
        }
        return new ConfigLoader(file, labels, background, caps, grant).run(text);
    }

    /**
     * As {@link #load}, from text already read (no permission check), with Jester's background labels;
     * {@code file} names it in messages.
     */
    static DaemonConfig parse(Path file, String text, List<String> labels, Capabilities caps, CommandGrant grant) throws ConfigException {
        return new ConfigLoader(file, labels, JesterLabels.BACKGROUND, caps, grant).run(text);
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
            values.error(root, "(top level)", "is " + root.kind() + ", not a map",
                    "start the file with keys such as 'gestures:' (see config/actions.yaml)");
            throw values.failure();
        }
        values.checkKeys(top, "", TOP_KEYS);

        boolean allowCommands = false;
        boolean commandsRefused = false;
        Node ac = top.entries().get("allowCommands");
        if (ac != null) allowCommands = values.bool(ac, "allowCommands");
        if (allowCommands && grant != CommandGrant.GRANTED) {
            values.error(ac, "allowCommands", "is true, but command actions are not enabled for this daemon", grant.fix);
            allowCommands = false;
            commandsRefused = true; // said once here, not again at every command
        }
        actions = new ActionParser(values, caps, grant, allowCommands, commandsRefused);

        Node defaults = top.entries().get("defaults");
        if (defaults != null && values.asMap(defaults, "defaults") instanceof MapNode d) {
            values.checkKeys(d, "defaults", List.of("minConfidence", "cooldown"));
            if (d.entries().containsKey("minConfidence")) defaultMinConfidence = values.probability(d.entries().get("minConfidence"), "defaults.minConfidence", DEFAULT_MIN_CONFIDENCE);
            if (d.entries().containsKey("cooldown")) {
                Duration c = values.duration(d.entries().get("cooldown"), "defaults.cooldown", Duration.ofMinutes(10));
                if (c != null) defaultCooldown = c;
            }
        }

        RateLimit rateLimit = DEFAULT_RATE_LIMIT;
        Node rl = top.entries().get("rateLimit");
        if (rl != null && values.asMap(rl, "rateLimit") instanceof MapNode r) {
            values.checkKeys(r, "rateLimit", List.of("actions", "per"));
            Integer n = r.entries().containsKey("actions") ? values.integer(r.entries().get("actions"), "rateLimit.actions", 1, 1000) : Integer.valueOf(rateLimit.actions());
            Duration per = r.entries().containsKey("per") ? values.duration(r.entries().get("per"), "rateLimit.per", Duration.ofMinutes(10)) : rateLimit.per();
            if (per != null && per.isZero()) {
                values.error(r.entries().get("per"), "rateLimit.per", "must be longer than 0", "write e.g. per: 1s");
            }
            if (n != null && per != null) rateLimit = new RateLimit(n, per);
        }

        Pause pause = readPause(top.entries().get("pause"));

        Duration idleRelease = DEFAULT_IDLE_RELEASE;
        Node ir = top.entries().get("idleRelease");
        if (ir != null) {
            Duration d = values.duration(ir, "idleRelease", Duration.ofMinutes(1));
            if (d != null && d.compareTo(Duration.ofMillis(100)) < 0) {
                values.error(ir, "idleRelease", "must be at least 100ms", "write e.g. idleRelease: 1s");
            } else if (d != null) {
                idleRelease = d;
            }
        }

        Map<String, Mapping> defaultGestures = new LinkedHashMap<>();
        Node g = top.entries().get("gestures");
        if (g == null) {
            if (!top.entries().containsKey("profiles")) {
                values.error(top, "(top level)", "has no 'gestures:' map, so no gesture would do anything",
                        "add e.g.\ngestures:\n  Swiping Left: Right");
            }
        } else {
            defaultGestures = readGestures(g, "gestures", "default", pause);
        }
        Profile defaultProfile = new Profile("default", null, null, false, defaultGestures);

        List<Profile> apps = new ArrayList<>();
        Node profiles = top.entries().get("profiles");
        if (profiles != null && values.asMap(profiles, "profiles") instanceof MapNode pm) {
            for (Map.Entry<String, Node> e : pm.entries().entrySet()) {
                Profile p = readProfile(e.getKey(), e.getValue(), pause);
                if (p != null) apps.add(p);
            }
        }
        if (values.errorCount() > 0) throw values.failure();
        return new DaemonConfig(file, allowCommands, rateLimit, pause, defaultProfile, apps, idleRelease);
    }

    // ---- sections ----

    private Pause readPause(Node n) {
        if (n == null) return DEFAULT_PAUSE;
        if (n instanceof Scalar s && (Boolean.FALSE.equals(s.value()) || "off".equalsIgnoreCase(s.text()))) return null;
        if (!(n instanceof MapNode m)) {
            values.error(n, "pause", "is " + n.kind() + ", expected a map or 'off'",
                    "write e.g. pause: {gesture: Stop Sign, hold: 1.5s} or pause: off");
            return null;
        }
        values.checkKeys(m, "pause", List.of("gesture", "hold", "minScore"));
        String gesture = DEFAULT_PAUSE.gesture();
        if (m.entries().containsKey("gesture")) gesture = label(m.entries().get("gesture"), "pause.gesture");
        Duration hold = DEFAULT_PAUSE.hold();
        if (m.entries().containsKey("hold")) hold = values.duration(m.entries().get("hold"), "pause.hold", Duration.ofSeconds(10));
        double minScore = DEFAULT_PAUSE.minScore();
        if (m.entries().containsKey("minScore")) minScore = values.probability(m.entries().get("minScore"), "pause.minScore", minScore);
        return gesture == null || hold == null ? null : new Pause(gesture, hold, minScore);
    }

    private Profile readProfile(String name, Node n, Pause pause) {
        String path = "profiles." + name;
        if (!(values.asMap(n, path) instanceof MapNode m)) return null;
        values.checkKeys(m, path, List.of("match", "inherit", "gestures"));
        Pattern wmClass = null;
        Pattern title = null;
        Node match = m.entries().get("match");
        if (match == null) {
            values.error(m, path, "has no 'match:'", "add match: {wmClass: \"firefox\"} (find it with: xprop WM_CLASS, then click the window)");
        } else if (values.asMap(match, path + ".match") instanceof MapNode mm) {
            values.checkKeys(mm, path + ".match", List.of("wmClass", "title"));
            wmClass = values.regex(mm.entries().get("wmClass"), path + ".match.wmClass");
            title = values.regex(mm.entries().get("title"), path + ".match.title");
            if (mm.entries().isEmpty()) {
                values.error(mm, path + ".match", "is empty, so it would match every window", "give wmClass and/or title");
            }
        }
        boolean inherit = true;
        if (m.entries().containsKey("inherit")) inherit = values.bool(m.entries().get("inherit"), path + ".inherit");
        Map<String, Mapping> gestures = new LinkedHashMap<>();
        Node g = m.entries().get("gestures");
        if (g == null) {
            values.error(m, path, "has no 'gestures:'", "add the gestures this application should handle differently");
        } else {
            gestures = readGestures(g, path + ".gestures", name, pause);
        }
        return new Profile(name, wmClass, title, inherit, gestures);
    }

    private Map<String, Mapping> readGestures(Node n, String path, String profile, Pause pause) {
        Map<String, Mapping> out = new LinkedHashMap<>();
        if (!(values.asMap(n, path) instanceof MapNode m)) return out;
        for (Map.Entry<String, Node> e : m.entries().entrySet()) {
            String label = e.getKey();
            YamlTree.KeyAt at = m.keys().get(label);
            String p = path + ".\"" + label + "\"";
            if (!labels.contains(label)) {
                String close = Spelling.closest(label, labels);
                values.errorAt(at.line(), at.column(), p, "unknown label '" + label + "'",
                        (close != null ? "did you mean '" + close + "'? " : "")
                                + "Labels are the model's class names, written exactly (e.g. 'Swiping Left', 'Thumb Up')");
                readMapping(label, e.getValue(), p, profile, at.line()); // still report what is wrong inside
                continue;
            }
            if (background.contains(label)) {
                values.errorAt(at.line(), at.column(), p, "'" + label + "' is a background class and never fires", "remove this mapping");
                continue;
            }
            if (pause != null && label.equals(pause.gesture())) {
                values.errorAt(at.line(), at.column(), p, "'" + label + "' is the pause/resume gesture (pause.gesture)",
                        "map another gesture, or choose another pause.gesture, or set pause: off");
                continue;
            }
            Mapping mapping = readMapping(label, e.getValue(), p, profile, at.line());
            if (mapping != null) out.put(label, mapping);
        }
        return out;
    }

    private Mapping readMapping(String label, Node n, String path, String profile, int line) {
        int before = values.errorCount();
        if (n instanceof Scalar s && s.value() instanceof String text) {
            // Shorthand: "Swiping Left: ctrl+Right" is a key combo with the default thresholds.
            Combo c = actions.combo(s, text, path);
            return c == null ? null : new Mapping(label, c, defaultMinConfidence, defaultCooldown, profile, line);
        }
        if (!(n instanceof MapNode m)) {
            values.error(n, path, "is " + n.kind() + ", expected a key combo or a map",
                    "write e.g. '" + label + ": ctrl+Right' or '" + label + ": {click: left}'");
            return null;
        }
        List<String> allowed = new ArrayList<>(ActionParser.ACTION_KEYS);
        allowed.addAll(OPTION_KEYS);
        values.checkKeys(m, path, allowed);
        Action action = actions.mappingAction(m, path);
        double minConfidence = defaultMinConfidence;
        if (m.entries().containsKey("minConfidence")) minConfidence = values.probability(m.entries().get("minConfidence"), path + ".minConfidence", minConfidence);
        Duration cooldown = defaultCooldown;
        if (m.entries().containsKey("cooldown")) cooldown = values.duration(m.entries().get("cooldown"), path + ".cooldown", Duration.ofMinutes(10));
        if (m.entries().containsKey("delay") && !m.entries().containsKey("keys")) {
            values.error(m.entries().get("delay"), path + ".delay", "only applies to a 'keys:' sequence", "remove it, or use keys: [...]");
        }
        if (values.errorCount() > before || action == null) return null;
        return new Mapping(label, action, minConfidence, cooldown, profile, line);
    }

    // ---- values ----

    private String label(Node n, String path) {
        if (!(n instanceof Scalar s) || !(s.value() instanceof String text)) {
            values.error(n, path, "is " + n.kind() + ", expected a label", "write e.g. Stop Sign");
            return null;
        }
        if (!labels.contains(text) || background.contains(text)) {
            String close = Spelling.closest(text, labels);
            values.error(n, path, "unknown label '" + text + "'", close != null ? "did you mean '" + close + "'?" : "use one of the model's labels");
            return null;
        }
        return text;
    }
}
