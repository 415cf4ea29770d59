package io.jesture.internal.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.jesture.ConfigException;
import io.jesture.GestureOptions;
import io.jesture.Provider;
import io.jesture.Rejection;
import io.jesture.RunningMode;
import io.jesture.Smoothing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads {@code config/jesture.yaml} into a {@link GestureOptions.Builder}. Keys are kebab-case and
 * mirror the builder; every problem names the file, the key, its line and the fix. Relative model
 * paths are resolved against the current directory, like {@code --model}.
 */
public final class ConfigFile {
    private static final Set<String> TOP = Set.of("source", "models", "profile", "provider", "inference-threads", "mode", "stride", "ring-size",
            "watchdog-timeout", "allow", "deny", "smoothing");
    private static final Set<String> SMOOTHING = Set.of("method", "window", "ema-alpha", "activation-threshold",
            "margin", "release-threshold", "cooldown", "rejection");
    private static final Set<String> REJECTION = Set.of("max-background", "min-log-sum-exp", "min-motion", "min-hand", "max-hold",
            "untracked-only");

    private final Path file;
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private record Entry(JsonNode value, int line) {}

    private ConfigFile(Path file) {
        this.file = file;
    }

    public static GestureOptions.Builder read(Path file) throws ConfigException {
        if (file == null) throw new IllegalArgumentException("config file == null");
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("config file " + file.toAbsolutePath() + " does not exist: check the path, or start from config/jesture.yaml");
        }
        ConfigFile c = new ConfigFile(file);
        c.parse();
        return c.toBuilder();
    }

    private void parse() throws ConfigException {
        ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
        try (JsonParser p = mapper.getFactory().createParser(file.toFile())) {
            JsonToken t = p.nextToken();
            if (t == null) return; // an empty file keeps every default
            if (t != JsonToken.START_OBJECT) {
                throw new ConfigException(file + " line " + p.currentLocation().getLineNr()
                        + ": the top level must be a mapping of keys such as 'source:' and 'models:'");
            }
            readObject(p, mapper, "");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
            // SnakeYAML's message carries context lines and a source snippet; keep its first sentence.
            String what = e.getOriginalMessage().lines().map(String::strip).filter(l -> !l.isEmpty() && !l.contains("in 'reader'"))
                    .findFirst().orElse("invalid YAML");
            throw new ConfigException(file + (at == null ? "" : ":" + at.getLineNr() + ":" + at.getColumnNr()) + ": not valid YAML: " + what
                    + "; fix the YAML at that line (indent with spaces, quote text containing ': ' or '#')", e);
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage(), e);
        }
    }

    private void readObject(JsonParser p, ObjectMapper mapper, String prefix) throws IOException, ConfigException {
        Map<String, Integer> seen = new java.util.HashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = prefix + p.currentName();
            int line = p.currentLocation().getLineNr();
            Integer first = seen.putIfAbsent(key, line);
            if (first != null) {
                // YAML says keys are unique; silently keeping the last one hides an edit that had no effect.
                throw new ConfigException(file + ":" + p.currentTokenLocation().getLineNr() + ":" + p.currentTokenLocation().getColumnNr()
                        + ": key '" + key + "' appears twice (first on line " + first + "); keep one");
            }
            Set<String> known = prefix.isEmpty() ? TOP : prefix.equals("smoothing.") ? SMOOTHING : REJECTION;
            if (!known.contains(p.currentName())) {
                throw new ConfigException(file + " line " + line + ": unknown key '" + key + "'"
                        + suggestion(p.currentName(), known) + "; valid keys"
                        + (prefix.isEmpty() ? "" : " under '" + prefix.substring(0, prefix.length() - 1) + "'")
                        + " are " + new java.util.TreeSet<>(known));
            }
            JsonToken v = p.nextToken();
            if (v == JsonToken.START_OBJECT && key.equals("smoothing")) {
                readObject(p, mapper, "smoothing.");
            } else if (v == JsonToken.START_OBJECT && key.equals("smoothing.rejection")) {
                entries.put(key, new Entry(null, line)); // a mapping: custom thresholds, each test off unless given
                readObject(p, mapper, "smoothing.rejection.");
            } else {
                entries.put(key, new Entry(mapper.readTree(p), line));
            }
        }
    }

    private static String suggestion(String key, Set<String> known) {
        String norm = key.toLowerCase(Locale.ROOT).replace("_", "-").replaceAll("([a-z])([A-Z])", "$1-$2");
        for (String k : known) {
            if (k.equals(norm) || k.replace("-", "").equals(key.toLowerCase(Locale.ROOT).replace("_", ""))) {
                return " (did you mean '" + k + "'?)";
            }
        }
        return "";
    }

    private GestureOptions.Builder toBuilder() throws ConfigException {
        GestureOptions.Builder b = GestureOptions.builder();
        Smoothing.Builder s = Smoothing.builder();
        Rejection.Builder r = Rejection.builder();
        for (Map.Entry<String, Entry> e : entries.entrySet()) {
            String key = e.getKey();
            JsonNode v = e.getValue().value();
            try {
                if (key.equals("smoothing.rejection") && v == null) continue;
                if (key.startsWith("smoothing.rejection.")) {
                    rejection(r, key, v);
                    continue;
                }
                apply(b, s, key, v);
            } catch (IllegalArgumentException | ConfigException ex) {
                throw new ConfigException(file + " line " + e.getValue().line() + ": bad value " + v + " for '" + key
                        + "': " + ex.getMessage());
            }
        }
        if (entries.containsKey("smoothing.rejection") && entries.get("smoothing.rejection").value() == null) {
            try {
                s.rejection(r.build());
            } catch (IllegalArgumentException ex) {
                throw new ConfigException(file + " line " + entries.get("smoothing.rejection").line() + ": bad smoothing.rejection: " + ex.getMessage());
            }
        }
        try {
            b.smoothing(s.build());
        } catch (IllegalArgumentException ex) {
            Entry at = entries.getOrDefault("smoothing.release-threshold", entries.get("smoothing.activation-threshold"));
            throw new ConfigException(file + (at == null ? "" : " line " + at.line()) + ": bad smoothing: " + ex.getMessage());
        }
        return b;
    }

    private static void apply(GestureOptions.Builder b, Smoothing.Builder s, String key, JsonNode v) throws ConfigException {
        switch (key) {
            case "source": b.source(text(v)); break;
            case "models": {
                List<java.nio.file.Path> paths = new ArrayList<>();
                for (String m : texts(v)) paths.add(Path.of(m));
                if (paths.isEmpty()) throw new IllegalArgumentException("list at least one model file");
                b.models(paths);
                break;
            }
            case "profile": b.profile(Path.of(text(v))); break;
            case "provider": b.provider(Provider.parse(text(v))); break;
            case "inference-threads": b.inferenceThreads(integer(v)); break;
            case "mode": {
                String m = text(v).toUpperCase(Locale.ROOT);
                if (!m.equals("LIVE") && !m.equals("OFFLINE")) throw new IllegalArgumentException("use live or offline");
                b.runningMode(RunningMode.valueOf(m));
                break;
            }
            case "stride": b.stride(integer(v)); break;
            case "ring-size": b.ringSize(integer(v)); break;
            case "watchdog-timeout": b.watchdogTimeout(Durations.parse(text(v))); break;
            case "allow": b.allow(texts(v).toArray(String[]::new)); break;
            case "deny": b.deny(texts(v).toArray(String[]::new)); break;
            case "smoothing.method": {
                String m = text(v).toUpperCase(Locale.ROOT);
                if (!m.equals("EMA") && !m.equals("MEAN")) throw new IllegalArgumentException("use ema or mean");
                s.method(Smoothing.Method.valueOf(m));
                break;
            }
            case "smoothing.window": s.window(checked(integer(v), 1, 64)); break;
            case "smoothing.ema-alpha": s.emaAlpha(number(v)); break;
            case "smoothing.activation-threshold": s.activationThreshold(number(v)); break;
            case "smoothing.margin": s.margin(number(v)); break;
            case "smoothing.release-threshold": s.releaseThreshold(number(v)); break;
            case "smoothing.cooldown": s.cooldown(Durations.parse(text(v))); break;
            case "smoothing.rejection": s.rejection(v.isBoolean() && !v.asBoolean() ? Rejection.OFF : Rejection.named(text(v))); break;
            case "smoothing": throw new IllegalArgumentException("'smoothing' must be a mapping of method, window, ...");
            default: throw new IllegalStateException("unhandled key " + key);
        }
    }

    private static void rejection(Rejection.Builder r, String key, JsonNode v) {
        switch (key) {
            case "smoothing.rejection.max-background": r.maxBackground(offOr(v, 1)); break;
            case "smoothing.rejection.min-log-sum-exp": r.minLogSumExp(offOr(v, Double.NEGATIVE_INFINITY)); break;
            case "smoothing.rejection.min-motion": r.minMotion(offOr(v, 0)); break;
            case "smoothing.rejection.min-hand": r.minHand(offOr(v, 0)); break;
            case "smoothing.rejection.untracked-only": {
                if (!v.isBoolean()) throw new IllegalArgumentException("'smoothing.rejection.untracked-only' must be true or false");
                r.untrackedOnly(v.asBoolean());
                break;
            }
            case "smoothing.rejection.max-hold": {
                boolean off = (v.isTextual() && v.asText().trim().equalsIgnoreCase("off")) || (v.isBoolean() && !v.asBoolean());
                r.maxHold(off ? null : Durations.parse(text(v)));
                break;
            }
            default: throw new IllegalStateException("unhandled key " + key);
        }
    }

    /** A number, or {@code off} for the test's neutral value. */
    private static double offOr(JsonNode v, double off) {
        if (v.isTextual() && v.asText().trim().equalsIgnoreCase("off")) return off;
        // YAML 1.1 reads a bare off as false
        if (v.isBoolean() && !v.asBoolean()) return off;
        try {
            return number(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected a number or off");
        }
    }

    private static int checked(int v, int lo, int hi) {
        if (v < lo || v > hi) throw new IllegalArgumentException("must be in " + lo + ".." + hi);
        return v;
    }

    private static String text(JsonNode v) {
        if (v == null || !v.isValueNode() || v.isNull()) throw new IllegalArgumentException("expected a single value");
        return v.asText();
    }

    private static List<String> texts(JsonNode v) {
        List<String> out = new ArrayList<>();
        if (v.isArray()) {
            for (JsonNode e : v) out.add(text(e));
        } else if (v.isNull()) {
            return out;
        } else {
            out.add(text(v));
        }
        return out;
    }

    private static int integer(JsonNode v) {
        if (v.isInt()) return v.asInt();
        if (v.isTextual()) {
            try {
                return Integer.parseInt(v.asText().trim());
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw new IllegalArgumentException("expected a whole number");
    }

    private static double number(JsonNode v) {
        if (v.isNumber()) return v.asDouble();
        if (v.isTextual()) {
            try {
                return Double.parseDouble(v.asText().trim());
            } catch (NumberFormatException ignored) {
                // reported below
            }
        }
        throw new IllegalArgumentException("expected a number");
    }
}
