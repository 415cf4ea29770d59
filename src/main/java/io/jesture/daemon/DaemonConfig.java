package io.jesture.daemon;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A validated {@code actions.yaml}. Immutable; only {@link ConfigLoader} builds one, and only when the
 * whole file is valid.
 *
 * @param file          where it was read from, for messages
 * @param allowCommands whether {@code command:} actions may run
 * @param rateLimit     at most this many actions in any window of this length, over all gestures
 * @param pause         the pause/resume gesture, or null when pausing by gesture is off
 * @param defaults      the default profile: used when no application profile matches the focused window
 * @param apps          application profiles in file order; the first that matches wins
 * @param idleRelease   continuous actions stop when no scores arrived for this long (wall clock)
 */
record DaemonConfig(Path file, boolean allowCommands, RateLimit rateLimit, Pause pause,
                    Profile defaults, List<Profile> apps, Duration idleRelease) {

    DaemonConfig {
        apps = List.copyOf(apps);
    }

    /** One gesture's action and its thresholds. {@code line} is where it is defined, for logs. */
    record Mapping(String label, Action action, double minConfidence, Duration cooldown, String profile, int line) {}

    /**
     * An application profile. The default profile has no patterns and {@code inherit=false}.
     *
     * @param wmClass matched (find, case-insensitive) against the focused window's WM_CLASS instance and class; null = any
     * @param title   matched (find, case-insensitive) against the window title; null = any
     * @param inherit gestures this profile does not map fall through to the default profile
     */
    record Profile(String name, Pattern wmClass, Pattern title, boolean inherit, Map<String, Mapping> gestures) {
        Profile {
            gestures = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(gestures));
        }

        boolean matches(FocusProbe.Window w) {
            if (w == null) return false;
            // Bounded: titles are set by whatever the window shows, web pages included.
            boolean classOk = wmClass == null
                    || Stream.of(w.instance(), w.wmClass()).anyMatch(s -> s != null && BoundedMatch.find(wmClass, s, "profile '" + name + "' wmClass"));
            boolean titleOk = title == null || (w.title() != null && BoundedMatch.find(title, w.title(), "profile '" + name + "' title"));
            return classOk && titleOk;
        }
    }

    record RateLimit(int actions, Duration per) {}

    /**
     * Pause/resume by gesture.
     *
     * @param gesture  the label that toggles control
     * @param hold     how long its smoothed score must stay at or above {@code minScore}; zero means the
     *                 gesture event itself toggles
     * @param minScore the smoothed probability that counts as "held"
     */
    record Pause(String gesture, Duration hold, double minScore) {}

    /** The profile for a focused window: the first matching application profile, else the default. */
    Profile profileFor(FocusProbe.Window w) {
        if (w != null) {
            for (Profile p : apps) {
                if (p.matches(w)) return p;
            }
        }
        return defaults;
    }

    /** The mapping for {@code label} in {@code profile}, falling through to the default profile. */
    Mapping mappingFor(Profile profile, String label) {
        Mapping m = profile.gestures().get(label);
        if (m == null && profile != defaults && profile.inherit()) m = defaults.gestures().get(label);
        return m;
    }

    /** Every mapping in the file, default profile first. */
    Stream<Mapping> allMappings() {
        return Stream.concat(Stream.of(defaults), apps.stream()).flatMap(p -> p.gestures().values().stream());
    }
}
