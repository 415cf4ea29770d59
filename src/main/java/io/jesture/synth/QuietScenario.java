package io.jesture.synth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A scene in which nobody gestures, for measuring false events ({@code jesture eval-quiet}): the
 * performer doing one everyday thing over and over, or something else moving while the performer
 * rests or is away. Named in a synthetic spec as {@code quiet=NAME}.
 *
 * <p>The first five replay one kind of the world's "Doing other things" motion ({@link Motion}), so
 * a false event names the act that caused it. The last four add what the world's training clips do
 * not show: an empty room, a screen playing video behind the performer, a pet crossing in front of
 * the camera, and people walking past again and again.
 */
public enum QuietScenario {
    TYPING("typing", 11),
    TALKING("talking", 9),
    DRINKING("drinking", 5),
    LOOKING_AROUND("looking-around", 3),
    LEAVING("leaving", 10),
    EMPTY_ROOM("empty-room", -1),
    SCREEN("screen", -1),
    PET("pet", -1),
    PASSER_BY("passer-by", -1);

    private final String id;
    /** The kind of "Doing other things" motion it repeats ({@link Motion#otherVariant}), or -1: the performer rests. */
    final int otherKind;

    QuietScenario(String id, int otherKind) {
        this.id = id;
        this.otherKind = otherKind;
    }

    /** The name in a spec ({@code quiet=looking-around}). */
    public String id() {
        return id;
    }

    /** Parses a name; the error lists the valid ones. */
    public static QuietScenario parse(String s) {
        String k = s == null ? "" : s.strip().toLowerCase(Locale.ROOT);
        for (QuietScenario q : values()) if (q.id.equals(k)) return q;
        throw new IllegalArgumentException("unknown quiet scene '" + s + "'; valid: " + names());
    }

    /** The names in order, comma-separated, for help and error texts. */
    public static String names() {
        List<String> ids = new ArrayList<>();
        for (QuietScenario q : values()) ids.add(q.id);
        return String.join(", ", ids);
    }
}
