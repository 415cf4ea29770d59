package io.jesture.daemon;

import io.jesture.GestureEvent;
import java.util.List;

/** Scripted gesture events and score updates with explicit stream timestamps, for engine tests. */
final class Scripted {
    static final List<String> LABELS = io.jesture.synth.JesterLabels.LABELS;

    private Scripted() {}

    static long ms(long millis) {
        return millis * 1_000_000L;
    }

    static GestureEvent gesture(String label, double confidence, long atMillis) {
        int i = LABELS.indexOf(label);
        if (i < 0) throw new IllegalArgumentException(label);
        return new GestureEvent(label, i, (float) confidence, ms(atMillis) - ms(500), ms(atMillis), 1_000_000L);
    }

    /** Smoothed scores in which {@code label} has {@code score} and the rest share what is left. */
    static float[] scores(String label, double score) {
        float[] s = new float[LABELS.size()];
        float rest = (float) ((1 - score) / (LABELS.size() - 1));
        java.util.Arrays.fill(s, rest);
        if (label != null) s[LABELS.indexOf(label)] = (float) score;
        return s;
    }
}
