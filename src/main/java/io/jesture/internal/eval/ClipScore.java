package io.jesture.internal.eval;

import java.util.List;

/**
 * What {@link ClipScorer} found in one whole clip, by both protocols. Probabilities are in the order of
 * {@link #labels()}.
 *
 * @param source     the source's description
 * @param labels     class labels (the first ensemble member's order)
 * @param fps        the frame rate the source declared, as played (after {@code fps=} or the GIF rule)
 * @param frames     source frames read
 * @param spanNanos  time from the first frame to the last
 * @param windows    sliding windows the first member classified (members at the same fps and T see as many)
 * @param windowMean softmax averaged over every window (and over members); null if no frame was read
 * @param best       the most confident single window; null if no frame was read
 * @param centre     softmax of the centre clip (members fused); null if no frame was read, or if
 *                   the clip was too long to keep (see {@code centreNote})
 * @param centreNote why {@code centre} is null, or null
 * @param error      why reading stopped before the end (the scores cover the frames read until then), or null
 */
public record ClipScore(String source, List<String> labels, double fps, int frames, long spanNanos, int windows,
                        float[] windowMean, Window best, float[] centre, String centreNote, String error) {

    /**
     * One sliding window.
     *
     * @param label       its top-1 class index
     * @param probability the top-1 probability
     * @param endNanos    stream time of its newest frame
     */
    public record Window(int label, float probability, long endNanos) {}

    /** Whether the source failed part way (or before any frame). */
    public boolean failed() {
        return error != null;
    }

    /** Frames per second the clip actually had: frames over its span, or {@link #fps} for one frame. */
    public double measuredFps() {
        return frames > 1 && spanNanos > 0 ? (frames - 1) * 1e9 / spanNanos : fps;
    }

    /** Class indices by falling probability. */
    public static int[] ranking(float[] p) {
        Integer[] order = new Integer[p.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> Float.compare(p[b], p[a]) != 0 ? Float.compare(p[b], p[a]) : Integer.compare(a, b));
        int[] out = new int[order.length];
        for (int i = 0; i < out.length; i++) out[i] = order[i];
        return out;
    }
}
