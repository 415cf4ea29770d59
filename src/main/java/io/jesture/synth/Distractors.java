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
 * @param passerPeriod seconds between two people walking past behind; 0: the scene's own passer only
 * @param seed         for the screen's shots and each crossing
 */
record Distractors(boolean nobody, boolean screen, double screenX, double screenY, double screenW,
                   boolean pet, double petScale, double passerPeriod, long seed) {

    /** The world's own scenes: nothing added. */
    static final Distractors NONE = new Distractors(false, false, 0, 0, 0, false, 0, 0, 0);

    static Distractors of(QuietScenario q, long seed) {
        SplittableRandom r = new SplittableRandom(Scene.mix(seed, 0xD157L));
        double side = r.nextBoolean() ? 1 : -1;
        // a television or a second monitor on the wall, in an upper corner, partly behind the head
        double screenW = 0.35 + r.nextDouble() * 0.2;
        double screenX = side * (0.64 - screenW / 2 - r.nextDouble() * 0.12), screenY = 0.1 + r.nextDouble() * 0.15;
        double petScale = 0.45 + r.nextDouble() * 0.35;
        r.nextDouble(); // once the pet's period, now PetPainter's own; still drawn, so each scene renders as it was measured
        double passerPeriod = 5 + r.nextDouble() * 4;
        long s = r.nextLong();
        return switch (q) {
            case EMPTY_ROOM -> new Distractors(true, false, 0, 0, 0, false, 0, 0, s);
            case SCREEN -> new Distractors(false, true, screenX, screenY, screenW, false, 0, 0, s);
            case PET -> new Distractors(false, false, 0, 0, 0, true, petScale, 0, s);
            case PASSER_BY -> new Distractors(false, false, 0, 0, 0, false, 0, passerPeriod, s);
            default -> NONE;
        };
    }
}
