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
 * @param hand           the hand that MediaPipe Hands found in the clip's newest frame, when one of the
 *                       models reads tracked hands (docs/hands.md): {@link #HAND_POINTS} landmarks in
 *                       MediaPipe's order (0 the wrist, 4 the thumb tip, 8 the index tip, ...), as x, y
 *                       in the source frame's pixels, {@code 2 * HAND_POINTS} floats. Empty when no model
 *                       reads hands, or when the tracker found no hand in that frame.
 * @param handVoted      an ensemble's hands model voted on this clip (the tracker followed a hand through
 *                       enough of its frames); false without a hands model. A gate with
 *                       {@link Rejection#untrackedOnly()} lets such a clip fire untested.
 * @see Rejection
 */
public record ScoreUpdate(List<String> labels, float[] raw, float[] smoothed,
                          long clipEndNanos, long inferenceNanos, float logSumExp, float motion, float[] hand,
                          boolean handVoted) {
    /** MediaPipe Hands' landmarks per hand. */
    public static final int HAND_POINTS = 21;
    private static final float[] NO_HAND = new float[0];

    public ScoreUpdate {
        if (hand == null) hand = NO_HAND;
        if (hand.length != 0 && hand.length != 2 * HAND_POINTS) {
            throw new IllegalArgumentException("hand has " + hand.length + " floats; it holds none or " + 2 * HAND_POINTS);
        }
    }

    /** Scores with the newest frame's tracked hand (null: none), on a clip no hands model voted on. */
    public ScoreUpdate(List<String> labels, float[] raw, float[] smoothed, long clipEndNanos, long inferenceNanos,
                       float logSumExp, float motion, float[] hand) {
        this(labels, raw, smoothed, clipEndNanos, inferenceNanos, logSumExp, motion, hand, false);
    }

    /** Scores without a tracked hand. */
    public ScoreUpdate(List<String> labels, float[] raw, float[] smoothed, long clipEndNanos, long inferenceNanos,
                       float logSumExp, float motion) {
        this(labels, raw, smoothed, clipEndNanos, inferenceNanos, logSumExp, motion, NO_HAND, false);
    }

    /** Scores without the rejection evidence (NaN) or a tracked hand. */
    public ScoreUpdate(List<String> labels, float[] raw, float[] smoothed, long clipEndNanos, long inferenceNanos) {
        this(labels, raw, smoothed, clipEndNanos, inferenceNanos, Float.NaN, Float.NaN, NO_HAND, false);
    }

    /** Whether {@link #hand} holds a hand. */
    public boolean hasHand() {
        return hand.length != 0;
    }

    /** A copy whose arrays the caller owns. */
    public ScoreUpdate copy() {
        return new ScoreUpdate(labels, raw.clone(), smoothed.clone(), clipEndNanos, inferenceNanos, logSumExp, motion,
                hand.length == 0 ? NO_HAND : hand.clone(), handVoted);
    }
}
