package io.jesture;

/**
 * One recognized gesture. Immutable.
 *
 * <p>All timestamps are on the <em>stream clock</em>: the timestamps the {@link FrameSource} gave its
 * frames (a camera's capture time, a file's presentation time, a synthetic stream's frame time). The
 * latency is measured on the JVM's monotonic clock, from the moment the newest frame of the deciding
 * clip entered the pipeline to the moment this event was handed to listeners.
 *
 * @param label         the model's label, e.g. {@code "Swiping Left"}
 * @param classIndex    index of {@code label} in the model's label list
 * @param confidence    smoothed probability of {@code label} when the event fired, in [0, 1]
 * @param startNanos    stream time at which the gesture's activation began
 * @param detectedNanos stream time of the newest frame in the clip that fired the event
 * @param latencyNanos  wall-clock time from that frame's arrival to this event's delivery
 */
public record GestureEvent(String label, int classIndex, float confidence,
                           long startNanos, long detectedNanos, long latencyNanos) {
    public GestureEvent {
        if (label == null) throw new IllegalArgumentException("label == null");
        if (classIndex < 0) throw new IllegalArgumentException("classIndex must be >= 0, was " + classIndex);
    }

    /** Milliseconds, for humans. */
    public double latencyMillis() {
        return latencyNanos / 1e6;
    }
}
