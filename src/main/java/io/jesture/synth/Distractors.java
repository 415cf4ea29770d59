package io.jesture.synth;

import java.util.SplittableRandom;

/**
 * What moves in a quiet scene besides the performer ({@link QuietScenario}): whether the performer is
 * there at all, a screen on the wall playing video, a pet crossing in front of the camera, and how
 * often someone walks past behind. Lengths in frame heights, x from the image centre, y from the top.
 * Drawn from the seed, so a scene repeats exactly.
 *
 * @param nobody       the room is empty: no performer is drawn
 * @param screen       a screen plays video behind the performer
 * @param screenX      the screen's centre x
 * @param screenY      the screen's centre y
 * @param screenW      its width (16:9)
 * @param pet          a pet crosses, stops and sits, then leaves, again and again
 * @param petScale     the pet's body length
 * @param petOffset    seconds into the pet's round of crossings at which the scene starts
 * @param passerPeriod seconds between two people walking past behind; 0: the scene's own passer only
 * @param seed         for the screen's shots and each crossing
 */
record Distractors(boolean nobody, boolean screen, double screenX, double screenY, double screenW,
                   boolean pet, double petScale, double petOffset, double passerPeriod, long seed) {

    /** Nothing added. */
    static final Distractors NONE = new Distractors(false, false, 0, 0, 0, false, 0, 0, 0, 0);

    /** Share of the world's scenes with a screen playing on the wall, whatever the label. */
    static final double SCREEN_SHARE = 0.12;
    /** Share of the world's scenes with a pet crossing, whatever the label. */
    static final double PET_SHARE = 0.08;
    /** Share of "No gesture" clips in an empty room. */
    static final double EMPTY_SHARE = 0.06;

    /**
     * The distractors of a training clip: a screen or a pet in a share of scenes, drawn from the seed
     * alone (like every other nuisance, they say nothing of the label), and an empty room for some
     * "No gesture" clips (nobody there, nothing to perform). From a random stream of their own, so
     * that every other parameter of a seed's scene is what it was before they existed.
     */
    static Distractors forClip(long seed, Split split, boolean noGesture) {
        SplittableRandom r = new SplittableRandom(Scene.mix(Scene.mix(seed, split.salt), 0xD15EL));
        boolean screen = r.nextDouble() < SCREEN_SHARE, pet = r.nextDouble() < PET_SHARE, empty = r.nextDouble() < EMPTY_SHARE;
        double screenW = 0.35 + r.nextDouble() * 0.2;
        double screenX = (r.nextBoolean() ? 1 : -1) * (0.64 - screenW / 2 - r.nextDouble() * 0.12), screenY = 0.1 + r.nextDouble() * 0.15;
        double petScale = 0.45 + r.nextDouble() * 0.35;
        // a clip is 3 s: start it anywhere in the cat's first crossing or two
        double petOffset = r.nextDouble() * 9;
        long s = r.nextLong();
        if (!screen && !pet && !(empty && noGesture)) return NONE;
        return new Distractors(empty && noGesture, screen, screenX, screenY, screenW, pet, petScale, petOffset, 0, s);
    }

    static Distractors of(QuietScenario q, long seed) {
        SplittableRandom r = new SplittableRandom(Scene.mix(seed, 0xD157L));
        double side = r.nextBoolean() ? 1 : -1;
        // a television or a second monitor on the wall, in an upper corner, partly behind the head
        double screenW = 0.35 + r.nextDouble() * 0.2;
        double screenX = side * (0.64 - screenW / 2 - r.nextDouble() * 0.12), screenY = 0.1 + r.nextDouble() * 0.15;
        double petScale = 0.45 + r.nextDouble() * 0.35;
        double passerPeriod = 5 + r.nextDouble() * 4;
        long s = r.nextLong();
        return switch (q) {
            case EMPTY_ROOM -> new Distractors(true, false, 0, 0, 0, false, 0, 0, 0, s);
            case SCREEN -> new Distractors(false, true, screenX, screenY, screenW, false, 0, 0, 0, s);
            case PET -> new Distractors(false, false, 0, 0, 0, true, petScale, 0, 0, s);
            case PASSER_BY -> new Distractors(false, false, 0, 0, 0, false, 0, 0, passerPeriod, s);
            default -> NONE;
        };
    }
}
