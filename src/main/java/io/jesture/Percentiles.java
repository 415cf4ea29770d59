package io.jesture;

/**
 * A summary of measured durations: how many, and the 50th, 90th and 99th percentiles and the largest,
 * in nanoseconds (to three significant digits). All zero when nothing was measured.
 *
 * @param count    how many durations were measured
 * @param p50Nanos the median
 * @param p90Nanos the 90th percentile
 * @param p99Nanos the 99th percentile
 * @param maxNanos the largest
 */
public record Percentiles(long count, long p50Nanos, long p90Nanos, long p99Nanos, long maxNanos) {

    /** Nothing measured. */
    public static final Percentiles NONE = new Percentiles(0, 0, 0, 0, 0);

    /** The median in milliseconds. */
    public double p50Millis() {
        return p50Nanos / 1e6;
    }
}
