package io.jesture.synth;

import java.util.SplittableRandom;

/**
 * Every nuisance parameter of one scene: who performs, where, in which room and light, with which
 * camera, and how fast and wide they move. Drawn from the seed and split only, never from the label,
 * so that nothing but the motion of the hand can predict the class (see {@code NuisanceIndependenceTest}).
 * Lengths are in frame-height units; x is measured from the image centre, y from the top.
 */
record Scene(
        Backdrop backdrop, long backdropSeed, double backdropBlur, double vignette,
        int skin, int hair, int hairStyle, int clothing, boolean shortSleeves,
        double bodyX, double headY, double bodyScale, double subjectLight,
        int side, double palmWidth, double homeDx, double homeDy,
        double swayAmp, double swayFreq, double swayPhase, double swayAmpY,
        double gain, double contrast, double gamma, double wbR, double wbG, double wbB,
        double driftAmp, double driftFreq, double driftPhase,
        double noiseSigma, double chromaNoise, long noiseSeed, double exposure, int jpegQuality,
        double onset, double rise, double fall, double speed, double amplitude,
        boolean startRaised, boolean stayRaised, double blinkPhase, long motionSeed) {

    /** The scene of {@code seed} in {@code split}. The label is deliberately not a parameter. */
    static Scene draw(long seed, Split split) {
        SplittableRandom r = new SplittableRandom(mix(seed, split.salt));
        Backdrop backdrop = Backdrop.pick(split, r);
        long backdropSeed = r.nextLong();
        double blur = 1.5 + r.nextDouble() * 3.5;
        double vignette = r.nextDouble() * 0.45;
        int skin = skinTone(r);
        int hair = hairColour(r);
        int hairStyle = r.nextInt(4);
        int clothing = java.awt.Color.HSBtoRGB((float) r.nextDouble(), (float) (r.nextDouble() * 0.8),
                (float) (0.12 + r.nextDouble() * 0.85)) & 0xFFFFFF;
        boolean shortSleeves = r.nextDouble() < 0.35;
        double bodyX = (r.nextDouble() - 0.5) * 0.36;
        double headY = 0.2 + r.nextDouble() * 0.18;
        double bodyScale = 0.95 + r.nextDouble() * 0.55;
        double subjectLight = backdrop == Backdrop.WINDOW ? 0.55 + r.nextDouble() * 0.35 : 0.8 + r.nextDouble() * 0.35;
        int side = r.nextDouble() < 0.75 ? 1 : -1; // most people gesture with their right hand
        double palmWidth = 0.085 * bodyScale * (0.85 + r.nextDouble() * 0.35);
        double homeDx = (r.nextDouble() - 0.5) * 0.12;
        double homeDy = (r.nextDouble() - 0.4) * 0.14;
        double swayAmp = 0.003 + r.nextDouble() * 0.015;
        double swayFreq = 0.15 + r.nextDouble() * 0.45;
        double swayPhase = r.nextDouble() * Math.PI * 2;
        double swayAmpY = 0.002 + r.nextDouble() * 0.006;
        double gain = 0.7 + r.nextDouble() * 0.55;
        double contrast = 0.7 + r.nextDouble() * 0.5;
        double gamma = 0.75 + r.nextDouble() * 0.55;
        double wbR = 0.85 + r.nextDouble() * 0.3, wbG = 0.9 + r.nextDouble() * 0.2, wbB = 0.85 + r.nextDouble() * 0.3;
        double driftAmp = r.nextDouble() * 0.12;
        double driftFreq = 0.05 + r.nextDouble() * 0.3;
        double driftPhase = r.nextDouble() * Math.PI * 2;
        double noiseSigma = 1 + r.nextDouble() * r.nextDouble() * 12;
        double chromaNoise = r.nextDouble() * 0.6;
        long noiseSeed = r.nextLong();
        double exposure = r.nextDouble() < 0.3 ? 0 : 0.005 + r.nextDouble() * 0.035;
        int jpegQuality = 45 + r.nextInt(51);
        double onset = 0.15 + r.nextDouble() * 0.75;
        double rise = 0.25 + r.nextDouble() * 0.3;
        double fall = 0.25 + r.nextDouble() * 0.3;
        double speed = 0.75 + r.nextDouble() * 0.55;
        double amplitude = 0.75 + r.nextDouble() * 0.5;
        boolean startRaised = r.nextDouble() < 0.35; // Jester performers often start with the hand up
        boolean stayRaised = r.nextDouble() < 0.3;
        double blinkPhase = r.nextDouble() * 4;
        long motionSeed = r.nextLong();
        return new Scene(backdrop, backdropSeed, blur, vignette, skin, hair, hairStyle, clothing, shortSleeves,
                bodyX, headY, bodyScale, subjectLight, side, palmWidth, homeDx, homeDy,
                swayAmp, swayFreq, swayPhase, swayAmpY, gain, contrast, gamma, wbR, wbG, wbB,
                driftAmp, driftFreq, driftPhase, noiseSigma, chromaNoise, noiseSeed, exposure, jpegQuality,
                onset, rise, fall, speed, amplitude, startRaised, stayRaised, blinkPhase, motionSeed);
    }

    /**
     * Skin tones along the human range (Fitzpatrick I..VI roughly): interpolate a dark-to-light curve
     * and jitter hue a little (olive, rosy, golden).
     */
    private static int skinTone(SplittableRandom r) {
        double[][] anchors = {
                {60, 38, 28}, {95, 60, 40}, {140, 95, 65}, {180, 130, 95}, {215, 170, 135}, {240, 205, 180}, {250, 225, 205}};
        double u = r.nextDouble() * (anchors.length - 1);
        int i = Math.min(anchors.length - 2, (int) u);
        double f = u - i;
        double red = anchors[i][0] + (anchors[i + 1][0] - anchors[i][0]) * f;
        double grn = anchors[i][1] + (anchors[i + 1][1] - anchors[i][1]) * f;
        double blu = anchors[i][2] + (anchors[i + 1][2] - anchors[i][2]) * f;
        red *= 0.95 + r.nextDouble() * 0.1;
        grn *= 0.95 + r.nextDouble() * 0.1;
        blu *= 0.92 + r.nextDouble() * 0.12;
        return (Backdrop.clamp(red) << 16) | (Backdrop.clamp(grn) << 8) | Backdrop.clamp(blu);
    }

    private static int hairColour(SplittableRandom r) {
        int[] palette = {0x15110E, 0x2B1D14, 0x4A3022, 0x6E4B2E, 0xA67B4A, 0xD8B878, 0x8A3B1C, 0x9A9A9A, 0xDDDDDD};
        int c = palette[r.nextInt(palette.length)];
        double f = 0.85 + r.nextDouble() * 0.3;
        return (Backdrop.clamp(((c >> 16) & 255) * f) << 16) | (Backdrop.clamp(((c >> 8) & 255) * f) << 8) | Backdrop.clamp((c & 255) * f);
    }

    /** The body's horizontal centre at time {@code t} (seconds): people sway a little. */
    double bodyXAt(double t) {
        return bodyX + swayAmp * Math.sin(2 * Math.PI * swayFreq * t + swayPhase);
    }

    double headYAt(double t) {
        return headY + swayAmpY * Math.sin(2 * Math.PI * swayFreq * 1.7 * t + swayPhase * 0.5);
    }

    /** Shoulder line below the head centre. */
    double shoulderYAt(double t) {
        return headYAt(t) + 0.17 * bodyScale;
    }

    /** The gesturing shoulder's x: a right hand (side +1) hangs on the image's left. */
    double shoulderXAt(double t) {
        return bodyXAt(t) - side * 0.17 * bodyScale;
    }

    /** SplitMix64 finaliser over a combination of two longs: well-spread, cheap, stable across JDKs. */
    static long mix(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
