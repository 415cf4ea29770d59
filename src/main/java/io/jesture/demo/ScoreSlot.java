package io.jesture.demo;

import io.jesture.ScoreUpdate;

import java.util.List;

/** One reusable copy of a {@link ScoreUpdate}; its arrays are reallocated only if the label count changes. */
final class ScoreSlot {
    List<String> labels = List.of();
    float[] raw = new float[0];
    float[] smoothed = new float[0];
    long inferenceNanos;
    long clipEndNanos;
    /** The tracked hand of the clip's newest frame ({@link ScoreUpdate#hand}), when {@link #hasHand}. */
    final float[] hand = new float[2 * ScoreUpdate.HAND_POINTS];
    boolean hasHand;

    void copyFrom(ScoreUpdate u) {
        int n = u.raw().length;
        if (raw.length != n) {
            raw = new float[n];
            smoothed = new float[n];
        }
        System.arraycopy(u.raw(), 0, raw, 0, n);
        System.arraycopy(u.smoothed(), 0, smoothed, 0, Math.min(n, u.smoothed().length));
        labels = u.labels();
        inferenceNanos = u.inferenceNanos();
        clipEndNanos = u.clipEndNanos();
        hasHand = u.hasHand();
        if (hasHand) System.arraycopy(u.hand(), 0, hand, 0, hand.length);
    }
}
