package io.jesture.daemon;

import io.jesture.ConfigException;
import io.jesture.daemon.YamlTree.MapNode;
import io.jesture.daemon.YamlTree.Node;
import io.jesture.daemon.YamlTree.Scalar;
import io.jesture.internal.config.Durations;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads typed values out of a {@link YamlTree} and collects every problem instead of stopping at the
 * first: each names the file, line and column, the key path, what is wrong and the fix. A reader
 * that finds a bad value records it and returns null (or a fallback); the caller carries on, so one
 * run reports everything, and {@link #failure()} turns the collection into one exception.
 */
final class YamlValues {
    private final Path file;
    private final List<String> errors = new ArrayList<>();

    YamlValues(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    /** Problems recorded so far; compare before and after a read to see whether it added any. */
    int errorCount() {
        return errors.size();
    }

    /** Every problem recorded, as one exception. */
    ConfigException failure() {
        String head = file + " has " + errors.size() + (errors.size() == 1 ? " error" : " errors")
                + "; nothing of it is applied (the daemon never runs half-configured):";
        return new ConfigException(head + "\n  " + String.join("\n  ", errors));
    }

    void error(Node at, String path, String problem, String fix) {
        errorAt(at.line(), at.column(), path, problem, fix);
    }

    void errorAt(int line, int column, String path, String problem, String fix) {
        errors.add(file + ":" + line + ":" + column + ": " + path + ": " + problem + "; fix: " + fix);
    }

    Node asMap(Node n, String path) {
        if (n instanceof MapNode m) return m;
        error(n, path, "is " + n.kind() + ", expected a map", "indent the entries under '" + lastKey(path) + ":'");
        return null;
    }

    boolean bool(Node n, String path) {
        if (n instanceof Scalar s && s.value() instanceof Boolean b) return b;
        error(n, path, "is " + describe(n) + ", expected true or false", "write " + lastKey(path) + ": true or false");
        return false;
    }

    /** A value in [0, 1]; on error returns {@code fallback} (the load fails anyway). */
    double probability(Node n, String path, double fallback) {
        if (n instanceof Scalar s && s.value() instanceof Number num) {
            double d = num.doubleValue();
            if (d >= 0 && d <= 1) return d;
        }
        error(n, path, "is " + describe(n) + ", expected a probability from 0 to 1", "write e.g. " + lastKey(path) + ": 0.7");
        return fallback;
    }

    Integer integer(Node n, String path, int min, int max) {
        if (n instanceof Scalar s && s.value() instanceof Long l && l >= min && l <= max) return l.intValue();
        error(n, path, "is " + describe(n) + ", expected a whole number from " + min + " to " + max,
                "write e.g. " + lastKey(path) + ": " + Math.max(min, Math.min(max, 1)));
        return null;
    }

    /**
     * A duration in the grammar of {@link Durations} ({@code 500ms}, {@code 1.5s}, {@code 2min}...), or a
     * bare 0. Any other bare number is refused: "cooldown: 500" could mean milliseconds or seconds.
     */
    Duration duration(Node n, String path, Duration max) {
        Duration d = null;
        if (n instanceof Scalar s) {
            if (s.value() instanceof Long l && l == 0) {
                d = Duration.ZERO;
            } else if (s.value() instanceof String text) {
                try {
                    d = Durations.parse(text);
                    if (d.isNegative()) d = null; // only ISO text can say "PT-1S"
                } catch (IllegalArgumentException e) {
                    d = null; // reported below, with the key path
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

    /** A case-insensitive pattern, refused when it could take exponential time (window titles are untrusted text). */
    Pattern regex(Node n, String path) {
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

    <E extends Enum<E>> E enumValue(Node n, String path, Class<E> type) {
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

    /** Records every key of {@code m} that is not in {@code allowed}, with a "did you mean". */
    void checkKeys(MapNode m, String path, List<String> allowed) {
        for (YamlTree.KeyAt k : m.keys().values()) {
            if (allowed.contains(k.name())) continue;
            String close = Spelling.closest(k.name(), allowed);
            errorAt(k.line(), k.column(), path.isEmpty() ? k.name() : path + "." + k.name(), "unknown key '" + k.name() + "'",
                    (close != null ? "did you mean '" + close + "'? " : "") + "Allowed here: " + String.join(", ", allowed));
        }
    }

    /** A value as a message quotes it. */
    static String describe(Node n) {
        if (n instanceof Scalar s) return s.value() == null ? "empty" : "'" + s.text() + "'";
        return n.kind();
    }

    static String lastKey(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
