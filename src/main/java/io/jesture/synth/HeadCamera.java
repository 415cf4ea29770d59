package io.jesture.synth;

import java.util.SplittableRandom;

/**
 * A camera worn on the head, looking forward over the performer's own hand, as head-mounted
 * recordings of pointing gestures show it: no face or body in view, the forearm reaching in from a
 * lower corner, the back of the hand toward the lens, and the whole view drifting and trembling as
 * the head moves. The hand's motion in the image keeps its meaning (a hand moving toward the image's
 * right is "Swiping Left" here as in front of a webcam), so the label's semantics do not change.
 *
 * <p>Whether a clip is seen this way, and how the head moves, is drawn from the clip's seed on a
 * random stream of its own: never from the label, and without touching any field of the
 * {@link Scene}, so every clip not seen from the head is pixel for pixel what it would be without
 * this view. A head turn moves near and far things alike in the image (rotation has no parallax),
 * so the offset applies to the room and the hand together. Lengths in frame heights.
 */
record HeadCamera(double ampX, double ampY, double freq, double phaseX, double phaseY,
                  double tremor, double tremorFreq, double tremorPhase, double shoulderX) {

    /**
     * What the head view draws, recorded in an export's manifest beside the share so that a folder
     * rendered by another version is never resumed: 1 drew "Doing other things" at the (unseen) face
     * as from the webcam; 2 traces a path with the fingertip instead ({@link Motion#otherKind}); 3
     * stands the thumbs the right way up (2 drew a Thumb Up pointing down, and the reverse).
     */
    static final int VERSION = 3;

    /** Largest head offset either way, in frame heights: the room is rendered this much larger on every side. */
    static final double MARGIN = 0.09;
    private static final long SALT = 0x4EADCA3L;

    /**
     * The head camera of clip {@code seed} in {@code split}, or null when the clip is filmed by the
     * webcam in front: a {@code share} of clips, chosen from the seed alone.
     */
    static HeadCamera draw(long seed, Split split, double share) {
        if (!(share > 0)) return null;
        SplittableRandom r = new SplittableRandom(Scene.mix(Scene.mix(seed, split.salt), SALT));
        if (r.nextDouble() >= share) return null;
        // A person pointing looks at the hand and the room: slow wandering of a few percent of the
        // view, and the tremor of an unsupported head.
        double ampX = 0.01 + r.nextDouble() * 0.05, ampY = 0.005 + r.nextDouble() * 0.035;
        double freq = 0.15 + r.nextDouble() * 0.6;
        double phaseX = r.nextDouble() * 2 * Math.PI, phaseY = r.nextDouble() * 2 * Math.PI;
        double tremor = r.nextDouble() * 0.006, tremorFreq = 2 + r.nextDouble() * 4, tremorPhase = r.nextDouble() * 2 * Math.PI;
        // the shoulder, below the frame, sits out to the gesturing side
        double shoulderX = 0.25 + r.nextDouble() * 0.45;
        return new HeadCamera(ampX, ampY, freq, phaseX, phaseY, tremor, tremorFreq, tremorPhase, shoulderX);
    }

    /**
     * The side a hand of the performer's {@code side} is drawn as (+1 right, -1 left): seen from
     * behind, from the head, a right hand shows its back with the thumb where a left hand's would be
     * seen from the front. Poses that turn the hand toward its thumb must turn toward this side.
     */
    static int drawnSide(int side, boolean fromHead) {
        return fromHead ? -side : side;
    }

    /** How far the view has moved at time {@code t}, toward the image's right (the head turned left). */
    double dx(double t) {
        return clamp(ampX * Math.sin(2 * Math.PI * freq * t + phaseX) + tremor * Math.sin(2 * Math.PI * tremorFreq * t + tremorPhase));
    }

    /** How far the view has moved down at time {@code t}. */
    double dy(double t) {
        return clamp(ampY * Math.sin(2 * Math.PI * freq * 0.8 * t + phaseY)
                + tremor * 0.7 * Math.sin(2 * Math.PI * tremorFreq * 1.3 * t + tremorPhase + 1));
    }

    private static double clamp(double v) {
        return Math.max(-MARGIN, Math.min(MARGIN, v));
    }
}
