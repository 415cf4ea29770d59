package io.jesture.synth;

import java.util.SplittableRandom;

/**
 * Every nuisance parameter of one scene: who performs, where, in which room and light, with which
 * camera, and how fast and wide they move. Drawn from the seed and split only, never from the label,
 * so that nothing but the motion of the hand can predict the class (see {@code NuisanceIndependenceTest}).
 * Lengths are in frame-height units; x is measured from the image centre, y from the top.
 *
 * <p>The framing follows a laptop webcam at arm's length, as measured on real Jester clips: the face
 * (chin to crown) is 0.33-0.45 of the frame height, the head centre sits at 0.30-0.48 from the
 * top, the shoulders are cut by the bottom edge, and a raised hand (palm plus fingers) spans about
 * 0.4-0.6 of the frame height.
 */
record Scene(
        Backdrop backdrop, long backdropSeed, double backdropBlur, double vignette,
        boolean usePhoto, double photoPick, int photoMode,
        int skin, int hair, int hairStyle, int clothing, int clothingStyle, boolean shortSleeves,
        boolean glasses, boolean beard, int eyeColour,
        double bodyX, double headY, double bodyScale, double subjectLight, double lightX, double backlight,
        int side, double palmWidth, double homeDx, double homeDy, boolean restVisible,
        double swayAmp, double swayFreq, double swayPhase, double swayAmpY, double breathFreq,
        double gain, double contrast, double gamma, double wbR, double wbG, double wbB,
        double driftAmp, double driftFreq, double driftPhase,
        double noiseSigma, double chromaNoise, long noiseSeed, double exposure, double softness, int jpegQuality,
        double passerStart, double passerSpeed, int passerColour, double passerScale,
        double onset, double rise, double hold, double fall, double speed, double amplitude, double gestureDy,
        boolean startRaised, boolean stayRaised, double blinkPhase, long motionSeed, double preHold) {

    /** The scene of {@code seed} in {@code split}. The label is deliberately not a parameter. */
    static Scene draw(long seed, Split split) {
        SplittableRandom r = new SplittableRandom(mix(seed, split.salt));
        Backdrop backdrop = Backdrop.pick(split, r);
        long backdropSeed = r.nextLong();
        double blur = 1.3 + r.nextDouble() * 2.2;
        double vignette = r.nextDouble() * 0.35;
        boolean usePhoto = r.nextDouble() < 0.55;
        double photoPick = r.nextDouble();
        int photoMode = r.nextInt(3); // 0 whole wall, 1 seen through a window, 2 framed on the wall
        int skin = skinTone(r);
        int hair = hairColour(r);
        int hairStyle = r.nextInt(5);
        int clothing = clothingColour(r);
        int clothingStyle = r.nextInt(4);
        boolean shortSleeves = r.nextDouble() < 0.35;
        boolean glasses = r.nextDouble() < 0.22;
        boolean beard = r.nextDouble() < 0.15;
        int eyeColour = r.nextInt(3);
        double bodyX = (r.nextDouble() - 0.5) * 0.3;
        double headY = 0.26 + r.nextDouble() * 0.24;
        // people sit at different distances: some fill the frame, some show their chest and the room
        double bodyScale = 1.6 + r.nextDouble() * 0.85;
        double backlight = backdrop == Backdrop.WINDOW ? 0.5 + r.nextDouble() * 0.5 : r.nextDouble() * r.nextDouble() * 0.6;
        double subjectLight = (0.85 + r.nextDouble() * 0.3) * (1 - 0.35 * backlight);
        double lightX = (r.nextDouble() - 0.5) * 1.6;
        int side = r.nextDouble() < 0.75 ? 1 : -1; // most people gesture with their right hand
        double palmWidth = 0.2 + r.nextDouble() * 0.1;
        double homeDx = (r.nextDouble() - 0.5) * 0.16;
        double homeDy = (r.nextDouble() - 0.5) * 0.14;
        boolean restVisible = r.nextDouble() < 0.2;
        double swayAmp = 0.003 + r.nextDouble() * 0.012;
        double swayFreq = 0.15 + r.nextDouble() * 0.45;
        double swayPhase = r.nextDouble() * Math.PI * 2;
        double swayAmpY = 0.002 + r.nextDouble() * 0.005;
        double breathFreq = 0.2 + r.nextDouble() * 0.15;
        // webcam auto exposure and white balance: bright-ish and low-contrast, with colour casts. Real
        // webcams keep deeper darks; those tones (renderer 16) are kept out until a default trained on
        // them reads real video no worse (docs/synthetic-world.md, *Renderer 16*).
        double gain = 0.85 + r.nextDouble() * 0.4;
        double contrast = 0.65 + r.nextDouble() * 0.4;
        double gamma = 0.7 + r.nextDouble() * 0.45;
        double cast = (r.nextDouble() - 0.5) * 0.35; // + warm (tungsten) .. - cool (daylight, screens)
        double wbR = 1 + cast + (r.nextDouble() - 0.5) * 0.1, wbG = 0.95 + r.nextDouble() * 0.1, wbB = 1 - cast + (r.nextDouble() - 0.5) * 0.1;
        double driftAmp = r.nextDouble() * 0.08;
        double driftFreq = 0.05 + r.nextDouble() * 0.3;
        double driftPhase = r.nextDouble() * Math.PI * 2;
        // webcams denoise: real indoor clips show little grain, more smoothing and compression
        double noiseSigma = 1.0 + r.nextDouble() * r.nextDouble() * 6;
        double chromaNoise = 0.2 + r.nextDouble() * 0.6;
        long noiseSeed = r.nextLong();
        double exposure = 0.015 + r.nextDouble() * 0.045; // indoor webcams expose long: fast hands smear
        double softness = r.nextDouble();
        int jpegQuality = 40 + r.nextInt(51);
        boolean passer = r.nextDouble() < 0.12;
        double passerStart = passer ? -0.5 + r.nextDouble() * 3 : Double.NaN;
        double passerSpeed = (0.5 + r.nextDouble() * 0.7) * (r.nextBoolean() ? 1 : -1);
        int passerColour = clothingColour(r);
        double passerScale = 0.8 + r.nextDouble() * 0.5;
        double onset = 0.15 + r.nextDouble() * 0.75;
        // Some people raise the hand briskly, others slowly, extending the fingers on the way, so
        // that the preparation runs into the stroke.
        double rise = 0.2 + r.nextDouble() * 0.7;
        // After the stroke people pause, up to a second, then let the hand drop: no faster than
        // the stroke, so that the retraction is not a second stroke in the opposite direction.
        double hold = 0.1 + r.nextDouble() * 0.9;
        double fall = 0.35 + r.nextDouble() * 0.6;
        double speed = 0.75 + r.nextDouble() * 0.55;
        double amplitude = 0.75 + r.nextDouble() * 0.5;
        // Where this person gestures: half beside the face, half lower, across the chest, as real
        // performers do. Background motion uses the same heights, so height says nothing of the class.
        double gestureDy = r.nextDouble() < 0.5 ? -0.06 + r.nextDouble() * 0.12 : 0.06 + r.nextDouble() * 0.18;
        boolean startRaised = r.nextDouble() < 0.2;
        boolean stayRaised = r.nextDouble() < 0.15;
        double blinkPhase = r.nextDouble() * 4;
        long motionSeed = r.nextLong();
        // Many people raise the hand, wait a moment in the start pose, then perform (the real
        // development clips hold it 0.5..1 s before a swipe). Drawn last, so that every other
        // field of a seed's scene is the same as in renderer 4.
        double preHold = r.nextDouble() < 0.45 ? 0.3 + r.nextDouble() * 0.7 : r.nextDouble() * 0.15;
        return new Scene(backdrop, backdropSeed, blur, vignette, usePhoto, photoPick, photoMode,
                skin, hair, hairStyle, clothing, clothingStyle, shortSleeves, glasses, beard, eyeColour,
                bodyX, headY, bodyScale, subjectLight, lightX, backlight, side, palmWidth, homeDx, homeDy, restVisible,
                swayAmp, swayFreq, swayPhase, swayAmpY, breathFreq, gain, contrast, gamma, wbR, wbG, wbB,
                driftAmp, driftFreq, driftPhase, noiseSigma, chromaNoise, noiseSeed, exposure, softness, jpegQuality,
                passerStart, passerSpeed, passerColour, passerScale,
                onset, rise, hold, fall, speed, amplitude, gestureDy, startRaised, stayRaised, blinkPhase, motionSeed, preHold);
    }

    /**
     * Skin tones along the human range (Fitzpatrick I..VI roughly): interpolate a dark-to-light curve
     * and jitter hue a little (olive, rosy, golden).
     */
    private static int skinTone(SplittableRandom r) {
        double[][] anchors = {
                {70, 45, 33}, {105, 68, 46}, {145, 100, 70}, {185, 135, 100}, {215, 168, 135}, {235, 195, 170}, {245, 215, 195}};
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
        int[] palette = {0x15110E, 0x15110E, 0x2B1D14, 0x2B1D14, 0x4A3022, 0x6E4B2E, 0xA67B4A, 0xD8B878, 0x8A3B1C, 0x9A9A9A, 0xDDDDDD};
        int c = palette[r.nextInt(palette.length)];
        double f = 0.85 + r.nextDouble() * 0.3;
        return (Backdrop.clamp(((c >> 16) & 255) * f) << 16) | (Backdrop.clamp(((c >> 8) & 255) * f) << 8) | Backdrop.clamp((c & 255) * f);
    }

    /** What people wear in front of a webcam: mostly black, white, grey, navy, light blue, some colour. */
    private static int clothingColour(SplittableRandom r) {
        int[] palette = {0x1A1A1C, 0x1A1A1C, 0x2A2F45, 0xEDEDED, 0x8AA6C8, 0x7A7A7A, 0x3A5A9A, 0x8C2A2A, 0x5A6B3A, 0xC8B89A, 0x3050C0};
        if (r.nextDouble() < 0.3) {
            return java.awt.Color.HSBtoRGB((float) r.nextDouble(), (float) (r.nextDouble() * 0.8), (float) (0.15 + r.nextDouble() * 0.8)) & 0xFFFFFF;
        }
        int c = palette[r.nextInt(palette.length)];
        double f = 0.85 + r.nextDouble() * 0.3;
        return (Backdrop.clamp(((c >> 16) & 255) * f) << 16) | (Backdrop.clamp(((c >> 8) & 255) * f) << 8) | Backdrop.clamp((c & 255) * f);
    }

    /** The body's horizontal centre at time {@code t} (seconds): people sway a little. */
    double bodyXAt(double t) {
        return bodyX + swayAmp * Math.sin(2 * Math.PI * swayFreq * t + swayPhase);
    }

    double headYAt(double t) {
        return headY + swayAmpY * Math.sin(2 * Math.PI * swayFreq * 1.7 * t + swayPhase * 0.5)
                + 0.002 * Math.sin(2 * Math.PI * breathFreq * t);
    }

    /** Shoulder line below the head centre; breathing lifts it a little. */
    double shoulderYAt(double t) {
        return headYAt(t) + 0.165 * bodyScale + 0.003 * Math.sin(2 * Math.PI * breathFreq * t + 1);
    }

    /** The gesturing shoulder's x: a right hand (side +1) is on the image's left. */
    double shoulderXAt(double t) {
        return bodyXAt(t) - side * 0.2 * bodyScale;
    }

    /** How far across the body a hand at gesture height {@code dy} below home works, 0..1. */
    double lowness() {
        double u = gestureDy / 0.24;
        return u < 0 ? 0 : u > 1 ? 1 : u;
    }

    /** SplitMix64 finaliser over a combination of two longs: well-spread, cheap, stable across JDKs. */
    static long mix(long a, long b) {
        long z = a * 0x9E3779B97F4A7C15L + b + 0x632BE59BD9B4E019L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
