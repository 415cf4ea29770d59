package io.jesture.demo;

import io.jesture.ScoreUpdate;

import java.util.List;

/** One reusable copy of a {@link ScoreUpdate}; its arrays are reallocated only if the label count changes. */
final class ScoreSlot {
    List<String> labels = List.of();
    float[] raw = new float[0];
    float[] smoothed = new float[0];
    long inferenceNanos;

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
    }
}
