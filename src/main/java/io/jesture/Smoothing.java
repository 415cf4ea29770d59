package io.jesture;

import java.time.Duration;

/**
 * How the stream of class probabilities becomes gesture events. Immutable; build with
 * {@link #builder()}. Defaults were tuned with {@code jesture eval-stream} (see README).
 *
 * @param method              {@link Method#EMA} or {@link Method#MEAN} over the last inferences
 * @param window              inferences averaged by {@link Method#MEAN}
 * @param emaAlpha            weight of the newest inference for {@link Method#EMA}, in (0, 1]
 * @param activationThreshold smoothed top-1 probability needed to fire
 * @param margin              required gap between smoothed top-1 and top-2
 * @param releaseThreshold    a fired class must fall below this (hysteresis) before it can fire again
 * @param cooldown            no event fires for this long after an event
 * @param rejection           the gate that holds back events on scenes without a gesture ({@link Rejection})
 */
public record Smoothing(Method method, int window, double emaAlpha, double activationThreshold,
                        double margin, double releaseThreshold, Duration cooldown, Rejection rejection) {

    public enum Method { EMA, MEAN }

    public Smoothing {
        if (method == null) throw new IllegalArgumentException("smoothing method == null");
        if (window < 1 || window > 64) throw new InvalidInputException("smoothing window must be in 1..64, was " + window);
        if (!(emaAlpha > 0 && emaAlpha <= 1)) throw new InvalidInputException("emaAlpha must be in (0, 1], was " + emaAlpha);
        if (!(activationThreshold > 0 && activationThreshold <= 1)) throw new InvalidInputException("activationThreshold must be in (0, 1], was " + activationThreshold);
        if (!(margin >= 0 && margin < 1)) throw new InvalidInputException("margin must be in [0, 1), was " + margin);
        if (!(releaseThreshold >= 0 && releaseThreshold < activationThreshold)) throw new InvalidInputException("releaseThreshold must be in [0, activationThreshold), was " + releaseThreshold);
        if (cooldown == null) throw new IllegalArgumentException("cooldown must be >= 0, was " + cooldown);
        if (cooldown.isNegative()) throw new InvalidInputException("cooldown must be >= 0, was " + cooldown);
        if (rejection == null) throw new IllegalArgumentException("rejection == null (use Rejection.OFF to disable the gate)");
    }

    /** With the default {@link Rejection#standard()} gate. */
    public Smoothing(Method method, int window, double emaAlpha, double activationThreshold,
                     double margin, double releaseThreshold, Duration cooldown) {
        this(method, window, emaAlpha, activationThreshold, margin, releaseThreshold, cooldown, Rejection.standard());
    }

    public static Smoothing defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.method = method; b.window = window; b.emaAlpha = emaAlpha; b.activationThreshold = activationThreshold;
        b.margin = margin; b.releaseThreshold = releaseThreshold; b.cooldown = cooldown; b.rejection = rejection;
        return b;
    }

    /** Defaults live here, and only here. */
    public static final class Builder {
        private Method method = Method.EMA;
        private int window = 3;
        private double emaAlpha = 0.5;
        private double activationThreshold = 0.65;
        private double margin = 0.35;
        private double releaseThreshold = 0.3;
        // Longer than the time one gesture keeps a 2.7 s window busy after firing, shorter than the
        // shortest gap between two gestures' events (eval-stream tuning seeds 201/202, see README).
        private Duration cooldown = Duration.ofMillis(1200);
        private Rejection rejection = Rejection.standard();

        private Builder() {}

        public Builder method(Method v) { this.method = v; return this; }
        public Builder window(int v) { this.window = v; return this; }
        public Builder emaAlpha(double v) { this.emaAlpha = v; return this; }
        public Builder activationThreshold(double v) { this.activationThreshold = v; return this; }
        public Builder margin(double v) { this.margin = v; return this; }
        public Builder releaseThreshold(double v) { this.releaseThreshold = v; return this; }
        public Builder cooldown(Duration v) { this.cooldown = v; return this; }
        public Builder rejection(Rejection v) { this.rejection = v; return this; }

        public Smoothing build() {
            return new Smoothing(method, window, emaAlpha, activationThreshold, margin, releaseThreshold, cooldown, rejection);
        }
    }
}
