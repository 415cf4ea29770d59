package io.jesture;

import io.jesture.internal.pipeline.RejectionCalibration;

import java.time.Duration;
import java.util.Locale;

/**
 * The rejection gate: evidence, besides the smoothed top-1 probability, that a gesture is there at
 * all. A softmax always sums to one, so a model shown a scene unlike anything it was trained on (a
 * test pattern, a street, a head-worn camera) still names one of its gestures, often confidently;
 * the gate holds such events back. Each test is off at its neutral value; all that are on must pass
 * for an event to fire. A gesture held back stays a candidate: it fires at a later inference once
 * the evidence passes.
 *
 * <p>Good thresholds depend on the model (its logit scale, how it spreads probability over its
 * background classes), so the two operating points {@link #standard()} (the default) and
 * {@link #strict()} are read from the model itself, from its {@code jesture.rejection} metadata entry:
 * {@code jesture eval-quiet --calibrate} measures them and {@code jesture_train.stamp} writes them into
 * the model (docs/quiet.md). With a model that carries no calibration, both presets leave the gate
 * off. {@link #builder()} sets thresholds by hand.
 *
 * @param preset         {@link Preset#STANDARD} or {@link Preset#STRICT}: the thresholds come from
 *                       the model ({@link #forModel}) and the numbers here are placeholders (NaN);
 *                       {@link Preset#CUSTOM}: the numbers here
 * @param maxBackground  the probabilities of the background classes ("No gesture", "Doing other
 *                       things") in the clip that would fire may sum to at most this; 1 = off. A model
 *                       that keeps some belief in "nothing" is not sure there is a gesture.
 * @param minLogSumExp   the smoothed {@code log(sum(exp(logits)))} must reach this; negative infinity =
 *                       off. The energy score of "Energy-based Out-of-distribution Detection" (Liu,
 *                       Wang, Owens and Li, NeurIPS 2020): lower on input unlike the training data.
 * @param minMotion      the clip's largest mean absolute difference between neighbouring model frames
 *                       must reach this many 8-bit grey levels; 0 = off. Nothing moves, no gesture:
 *                       the static gestures are a pose raised within the clip, so they pass.
 * @param minHand        MediaPipe's palm detector, run on the frames of the clip that would fire (as the
 *                       model sees them, newest first, only once every other test passed), must find a
 *                       palm scoring at least this in one of them; 0 = off. No hand in view, no gesture:
 *                       it holds back scenes without a hand (a pet, a screen, a test pattern), not a
 *                       hand doing something else (docs/quiet.md).
 * @param maxHold        how long (stream time) a gesture held back by the tests above stays a candidate;
 *                       after that it is dropped without an event, as if it had fired. Null = no limit.
 *                       The evidence lags a real gesture by an inference or two, so a short hold keeps
 *                       its event; an unfamiliar scene tends to pass a test only by chance, later.
 * @param untrackedOnly  the tests apply only to clips on which an ensemble's hands model did not vote
 *                       (the hand tracker followed no hand through enough of the clip); a clip on which
 *                       it voted fires on the ensemble's answer alone. Where the tracker, trained on real
 *                       hands, sees a hand, the hands model can itself say "no gesture"; where it sees
 *                       none, the ensemble is the pixel model alone, and the pixel model's gate applies.
 *                       No effect without a hands model (docs/quiet.md).
 */
public record Rejection(Preset preset, double maxBackground, double minLogSumExp, double minMotion, double minHand,
                        Duration maxHold, boolean untrackedOnly) {

    /** Where the thresholds come from. */
    public enum Preset { STANDARD, STRICT, CUSTOM }

    /** Every test off: events depend on the smoothed probabilities alone. */
    public static final Rejection OFF = new Rejection(Preset.CUSTOM, 1, Double.NEGATIVE_INFINITY, 0, 0, null, false);

    public Rejection {
        if (preset == null) throw new IllegalArgumentException("rejection preset == null");
        if (preset == Preset.CUSTOM) {
            if (!(maxBackground > 0 && maxBackground <= 1)) throw new InvalidInputException("maxBackground must be in (0, 1] (1 = off), was " + maxBackground);
            if (Double.isNaN(minLogSumExp) || minLogSumExp == Double.POSITIVE_INFINITY) throw new InvalidInputException("minLogSumExp must be a number (-Infinity = off), was " + minLogSumExp);
            if (!(minMotion >= 0 && minMotion < 255)) throw new InvalidInputException("minMotion must be in [0, 255) grey levels (0 = off), was " + minMotion);
            if (!(minHand >= 0 && minHand < 1)) throw new InvalidInputException("minHand must be in [0, 1) (0 = off), was " + minHand);
            if (maxHold != null && maxHold.isNegative()) throw new InvalidInputException("maxHold must be >= 0 (null = no limit), was " + maxHold);
        }
    }

    /**
     * The default: the model's calibrated standard operating point, which holds back the most events
     * on scenes without a gesture while costing no recall on the streams it was tuned on; off for a
     * model without calibration.
     */
    public static Rejection standard() {
        return new Rejection(Preset.STANDARD, Double.NaN, Double.NaN, Double.NaN, Double.NaN, null, false);
    }

    /**
     * The model's calibrated strict operating point, for uses where a false event costs more than a
     * missed or late one, such as the desktop daemon; off for a model without calibration.
     */
    public static Rejection strict() {
        return new Rejection(Preset.STRICT, Double.NaN, Double.NaN, Double.NaN, Double.NaN, null, false);
    }

    /**
     * {@code off}, {@code standard} or {@code strict}.
     *
     * @throws InvalidInputException naming the valid names
     */
    public static Rejection named(String name) {
        switch (name == null ? "" : name.strip().toLowerCase(Locale.ROOT)) {
            case "off": return OFF;
            case "standard": return standard();
            case "strict": return strict();
            default: throw new InvalidInputException("unknown rejection '" + name + "': use off, standard or strict");
        }
    }

    /**
     * The thresholds that apply with {@code model}: a preset is looked up in the model's
     * {@code jesture.rejection} metadata ({@link #OFF} when the model has none); custom thresholds are
     * returned as they are.
     *
     * @throws IllegalArgumentException if the model's calibration entry is malformed (a model loaded
     *     by the recognizer was already checked)
     */
    public Rejection forModel(ModelInfo model) {
        if (preset == Preset.CUSTOM) return this;
        Rejection r = RejectionCalibration.read(model).get(preset);
        return r == null ? OFF : r;
    }

    /** Whether every test is off (a preset is not: it depends on the model). The hold limit alone holds nothing back. */
    public boolean isOff() {
        return preset == Preset.CUSTOM && maxBackground >= 1 && minLogSumExp == Double.NEGATIVE_INFINITY && minMotion <= 0
                && minHand <= 0;
    }

    /** Custom thresholds, every test off until set. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String toString() {
        if (preset != Preset.CUSTOM) return preset.name().toLowerCase(Locale.ROOT) + " (from the model)";
        if (isOff()) return "off";
        return String.format(Locale.ROOT, "max-background %s, min-log-sum-exp %s, min-motion %s, min-hand %s, max-hold %s%s",
                maxBackground >= 1 ? "off" : maxBackground,
                minLogSumExp == Double.NEGATIVE_INFINITY ? "off" : minLogSumExp,
                minMotion <= 0 ? "off" : minMotion,
                minHand <= 0 ? "off" : minHand,
                maxHold == null ? "off" : maxHold.toMillis() + "ms",
                untrackedOnly ? ", untracked-only" : "");
    }

    /** Custom thresholds. Every test is off until set. */
    public static final class Builder {
        private double maxBackground = 1;
        private double minLogSumExp = Double.NEGATIVE_INFINITY;
        private double minMotion = 0;
        private double minHand = 0;
        private Duration maxHold;
        private boolean untrackedOnly;

        private Builder() {}

        public Builder maxBackground(double v) { this.maxBackground = v; return this; }
        public Builder minLogSumExp(double v) { this.minLogSumExp = v; return this; }
        public Builder minMotion(double v) { this.minMotion = v; return this; }
        public Builder minHand(double v) { this.minHand = v; return this; }
        /** Null: no limit. */
        public Builder maxHold(Duration v) { this.maxHold = v; return this; }
        /** True: the tests pass every clip on which a hands model in the ensemble voted. */
        public Builder untrackedOnly(boolean v) { this.untrackedOnly = v; return this; }

        public Rejection build() {
            return new Rejection(Preset.CUSTOM, maxBackground, minLogSumExp, minMotion, minHand, maxHold, untrackedOnly);
        }
    }
}
