package io.jesture.internal.config;

import io.jesture.InvalidInputException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses human durations: {@code 400ms}, {@code 3s}, {@code 1.5s}, {@code 2m} (or {@code 2min}), {@code 1h},
 * or ISO {@code PT3S}. The one duration grammar of jesture: command-line options, {@code jesture.yaml} and
 * the daemon's {@code actions.yaml} all read durations here.
 */
public final class Durations {
    private static final Pattern HUMAN = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(ms|s|min|m|h)");

    private Durations() {}

    /** @throws InvalidInputException naming the value and the accepted forms */
    public static Duration parse(String s) {
        String v = s == null ? "" : s.trim().toLowerCase(java.util.Locale.ROOT);
        Matcher m = HUMAN.matcher(v);
        if (m.matches()) {
            double n = Double.parseDouble(m.group(1));
            double nanos;
            switch (m.group(2)) {
                case "ms": nanos = n * 1e6; break;
                case "s": nanos = n * 1e9; break;
                case "m": case "min": nanos = n * 60e9; break;
                default: nanos = n * 3600e9; break;
            }
            return Duration.ofNanos(Math.round(nanos));
        }
        try {
            return Duration.parse(s.trim().toUpperCase(java.util.Locale.ROOT));
        } catch (DateTimeParseException | NullPointerException e) {
            throw new InvalidInputException("bad duration '" + s + "': use a number with a unit, e.g. 400ms, 3s, 2m");
        }
    }

    /**
     * Parses the value of a command-line option and checks its range, so that a zero or negative
     * duration (a busy loop, a run that ends before it starts) is refused before anything opens.
     *
     * @throws InvalidInputException one sentence naming the option, the value and the accepted range
     */
    public static Duration parseOption(String option, String value, Duration min, Duration max) {
        Duration d;
        try {
            d = parse(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(option + ": " + e.getMessage());
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new InvalidInputException(option + " must be from " + format(min) + " to " + format(max) + ", was '" + value + "'");
        }
        return d;
    }

    /** The shortest human form, e.g. {@code 400ms} or {@code 3s}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms >= 3_600_000 && ms % 3_600_000 == 0) return ms / 3_600_000 + "h";
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
