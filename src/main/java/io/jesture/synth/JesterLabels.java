package io.jesture.synth;

import java.util.List;

/**
 * The 27 Jester labels in the exact order of {@code jester-v1-labels.csv}. Indices here are the
 * synthetic world's class ids; a model still carries its own label list (some public code sorts the
 * classes alphabetically, which moves "Doing other things" to index 0).
 */
public final class JesterLabels {
    /** Label names, index = Jester class id. */
    public static final List<String> LABELS = List.of(
            "Swiping Left",
            "Swiping Right",
            "Swiping Down",
            "Swiping Up",
            "Pulling Hand In",
            "Pushing Hand Away",
            "Sliding Two Fingers Left",
            "Sliding Two Fingers Right",
            "Sliding Two Fingers Down",
            "Sliding Two Fingers Up",
            "Pushing Two Fingers Away",
            "Pulling Two Fingers In",
            "Rolling Hand Forward",
            "Rolling Hand Backward",
            "Turning Hand Clockwise",
            "Turning Hand Counterclockwise",
            "Zooming In With Full Hand",
            "Zooming Out With Full Hand",
            "Zooming In With Two Fingers",
            "Zooming Out With Two Fingers",
            "Thumb Up",
            "Thumb Down",
            "Shaking Hand",
            "Stop Sign",
            "Drumming Fingers",
            "No gesture",
            "Doing other things");

    public static final int SWIPING_LEFT = 0;
    public static final int SWIPING_RIGHT = 1;
    public static final int SWIPING_DOWN = 2;
    public static final int SWIPING_UP = 3;
    public static final int PULLING_HAND_IN = 4;
    public static final int PUSHING_HAND_AWAY = 5;
    public static final int SLIDING_TWO_FINGERS_LEFT = 6;
    public static final int SLIDING_TWO_FINGERS_RIGHT = 7;
    public static final int SLIDING_TWO_FINGERS_DOWN = 8;
    public static final int SLIDING_TWO_FINGERS_UP = 9;
    public static final int PUSHING_TWO_FINGERS_AWAY = 10;
    public static final int PULLING_TWO_FINGERS_IN = 11;
    public static final int ROLLING_HAND_FORWARD = 12;
    public static final int ROLLING_HAND_BACKWARD = 13;
    public static final int TURNING_HAND_CLOCKWISE = 14;
    public static final int TURNING_HAND_COUNTERCLOCKWISE = 15;
    public static final int ZOOMING_IN_WITH_FULL_HAND = 16;
    public static final int ZOOMING_OUT_WITH_FULL_HAND = 17;
    public static final int ZOOMING_IN_WITH_TWO_FINGERS = 18;
    public static final int ZOOMING_OUT_WITH_TWO_FINGERS = 19;
    public static final int THUMB_UP = 20;
    public static final int THUMB_DOWN = 21;
    public static final int SHAKING_HAND = 22;
    public static final int STOP_SIGN = 23;
    public static final int DRUMMING_FINGERS = 24;
    public static final int NO_GESTURE = 25;
    public static final int DOING_OTHER_THINGS = 26;

    /** The background (non-gesture) labels, as a model contract lists them. */
    public static final List<String> BACKGROUND = List.of("No gesture", "Doing other things");

    private JesterLabels() {}

    public static int count() {
        return LABELS.size();
    }

    public static String name(int index) {
        if (index < 0 || index >= LABELS.size()) {
            throw new IllegalArgumentException("label index must be in 0.." + (LABELS.size() - 1) + ", was " + index);
        }
        return LABELS.get(index);
    }

    /**
     * The index of a label name, matched exactly first and then ignoring case and surrounding blanks.
     *
     * @throws IllegalArgumentException naming the bad label and listing the valid ones
     */
    public static int index(String label) {
        int i = LABELS.indexOf(label);
        if (i >= 0) return i;
        String want = label == null ? "" : label.strip();
        for (int k = 0; k < LABELS.size(); k++) {
            if (LABELS.get(k).equalsIgnoreCase(want)) return k;
        }
        throw new IllegalArgumentException("unknown Jester label '" + label + "'; valid labels: " + String.join(", ", LABELS));
    }

    public static boolean isBackground(int index) {
        return index == NO_GESTURE || index == DOING_OTHER_THINGS;
    }
}
