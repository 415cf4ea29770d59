package io.jesture;

import java.util.List;

/**
 * Class probabilities after one inference, for UIs that draw live scores.
 *
 * <p>The arrays are owned by the pipeline and reused for the next inference: they are valid only
 * during the {@link GestureListener#onScores} call. Copy them ({@link #copy()}) to keep them. This
 * keeps the per-inference path free of allocation.
 *
 * @param labels         the model's labels, in model order (immutable, shared)
 * @param raw            probabilities from the latest clip (softmax; an ensemble's fused by their normalised product)
 * @param smoothed       probabilities after the smoothing stage
 * @param clipEndNanos   stream time of the newest frame in the clip
 * @param inferenceNanos how long the model run took
 * @param logSumExp      {@code log(sum(exp(logits)))} of the clip (an ensemble's averaged): low on input
 *                       unlike anything the model saw in training; NaN when unknown
 * @param motion         the clip's largest mean absolute difference between neighbouring model
 *                       frames, in 8-bit grey levels; NaN when unknown
 * @see Rejection
 */
public record ScoreUpdate(List<String> labels, float[] raw, float[] smoothed,
                          long clipEndNanos, long inferenceNanos, float logSumExp, float motion) {

    /** Scores without the rejection evidence (NaN). */
    public ScoreUpdate(List<String> labels, float[] raw, float[] smoothed, long clipEndNanos, long inferenceNanos) {
        this(labels, raw, smoothed, clipEndNanos, inferenceNanos, Float.NaN, Float.NaN);
    }

    /** A copy whose arrays the caller owns. */
    public ScoreUpdate copy() {
        return new ScoreUpdate(labels, raw.clone(), smoothed.clone(), clipEndNanos, inferenceNanos, logSumExp, motion);
    }
}
