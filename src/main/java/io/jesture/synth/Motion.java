package io.jesture.synth;

import static io.jesture.synth.JesterLabels.*;

/**
 * What each Jester class looks like, as a function of time. {@link #perform} fills a {@link Pose}
 * for progress {@code p} in [0,1] through the performed phase; the {@link Timeline} blends from rest
 * into the pose at p=0 and back out of the pose at p=1.
 *
 * <p>Conventions (Jester's performer view, unmirrored frames): "Swiping Left" moves toward the
 * image's right edge; "Turning Hand Clockwise" is clockwise for the performer, hence counterclockwise
 * in the camera image ({@code angle} decreasing).
 */
final class Motion {
    private Motion() {}

    /** Performed duration at speed 1, seconds. */
    static double baseDuration(int label) {
        return switch (label) {
            // A swipe's stroke is quick: a real hand crosses the frame in three or four frames at
            // 12 fps. The slower retraction that follows must not look like the stroke.
            case SWIPING_LEFT, SWIPING_RIGHT, SWIPING_DOWN, SWIPING_UP -> 0.5;
            case ROLLING_HAND_FORWARD, ROLLING_HAND_BACKWARD -> 1.3;
            case TURNING_HAND_CLOCKWISE, TURNING_HAND_COUNTERCLOCKWISE -> 1.0;
            case THUMB_UP, THUMB_DOWN -> 1.2;
            case SHAKING_HAND, STOP_SIGN -> 1.3;
            case DRUMMING_FINGERS -> 1.5;
            case DOING_OTHER_THINGS -> 1.6;
            default -> 0.9;
        };
    }

    /**
     * The hand at rest: below the bottom edge (a webcam at arm's length does not see hands in the
     * lap), or for some people resting on the desk at the bottom of the frame, drifting a little.
     */
    static void rest(Scene s, double t, Pose out) {
        out.clearExtras();
        out.scale = s.palmWidth();
        if (s.restVisible()) {
            out.x = s.shoulderXAt(t) + s.side() * 0.12 + 0.006 * Math.sin(0.7 * t + s.swayPhase());
            out.y = 0.98 + 0.4 * s.palmWidth() + 0.004 * Math.sin(0.9 * t);
            out.angle = s.side() * 1.2;
            out.roll = 1.3;
        } else {
            out.x = s.shoulderXAt(t) + s.side() * 0.05 + 0.006 * Math.sin(0.7 * t + s.swayPhase());
            out.y = 1.05 + 1.5 * s.palmWidth() + 0.005 * Math.sin(0.9 * t);
            out.angle = s.side() * 0.2;
            out.roll = 0.3;
        }
        out.fingers(Pose.RELAXED);
    }

    /** Home position of a raised hand: beside the face, in front of the hand's own shoulder. */
    static double homeX(Scene s, double t) {
        return s.bodyXAt(t) - s.side() * (0.28 + 0.06 * (s.bodyScale() - 1.85)) + s.homeDx();
    }

    static double homeY(Scene s, double t) {
        return 0.58 + s.homeDy() + (s.headYAt(t) - 0.39) * 0.5;
    }

    /** Where this person gestures: home, or lower and nearer the midline (see {@link Scene#gestureDy}). */
    static double gestureX(Scene s, double t) {
        double hx = homeX(s, t);
        return hx + (s.bodyXAt(t) - hx) * 0.45 * s.lowness();
    }

    static double gestureY(Scene s, double t) {
        return Math.min(0.86, homeY(s, t) + s.gestureDy());
    }

    /** Minimum-jerk profile: how people move a hand from one place to another. */
    static double ease(double p) {
        p = p < 0 ? 0 : p > 1 ? 1 : p;
        return p * p * p * (10 + p * (-15 + p * 6));
    }

    /**
     * Fills {@code out} with the hand of class {@code label} at progress {@code p}.
     *
     * @param tl     seconds since the performed phase began (oscillations run on time, not progress)
     * @param t      absolute scene time (the body sways under the hand)
     * @param act    per-act random values in [0,1): {@code act[0..3]}
     * @param headView seen from the performer's head ({@link #otherKind})
     */
    static void perform(int label, double p, double tl, Scene s, double t, double[] act, boolean headView, Pose out) {
        out.clearExtras();
        double a = s.amplitude() * (0.9 + 0.2 * act[0]);
        double low = s.lowness();
        // A hand that gestures across the chest works nearer the body's midline than one beside the face.
        double hx = gestureX(s, t), hy = gestureY(s, t), s0 = s.palmWidth();
        double e = ease(p);
        int side = s.side();
        out.x = hx;
        out.y = hy;
        out.scale = s0;
        out.angle = side * 0.08 * (act[1] - 0.5);
        out.roll = 0.15;
        out.fingers(Pose.FLAT);
        double cx = hx * 0.7 + s.bodyXAt(t) * 0.3; // gestures happen a little toward the body
        switch (label) {
            case SWIPING_LEFT, SWIPING_RIGHT -> {
                double dir = label == SWIPING_LEFT ? 1 : -1; // performer's left = image right
                out.x = cx + dir * 0.42 * a * (2 * e - 1);
                out.y = hy - 0.04 - 0.05 * Math.sin(Math.PI * e); // a swipe arcs a little
                // the hand leans into the swipe (fingers toward where it goes), more so at speed
                out.angle += dir * (0.25 + 0.5 * act[2]) + dir * 0.35 * (e - 0.5);
                // Low across the chest, many people swipe with the hand lying flat: fingers across
                // the body, the back or the edge of the hand toward the camera.
                double flat = low * act[3];
                out.angle += side * 1.1 * flat;
                out.roll += 0.9 * flat;
            }
            case SWIPING_DOWN, SWIPING_UP -> {
                // The forearm pivots at the elbow: the low end of a vertical swipe has the hand
                // lying across the body (fingers toward the other side, back to the camera), the
                // high end has it upright. Swiping Up sweeps from low and across to high and
                // upright; Swiping Down the reverse.
                double dir = label == SWIPING_DOWN ? 1 : -1;
                double bent = label == SWIPING_DOWN ? e : 1 - e;
                out.y = hy - 0.04 + dir * 0.26 * a * (2 * e - 1);
                out.angle += side * (0.75 + 0.45 * act[2]) * bent;
                out.roll = 0.3 + 0.8 * bent;
                out.x = hx + side * 0.08 * bent;
            }
            case PULLING_HAND_IN, PUSHING_HAND_AWAY -> {
                // Pushing away from the body is toward the camera: the hand grows. Pulling in shrinks.
                double from = label == PUSHING_HAND_AWAY ? 0.72 : 1.45, to = label == PUSHING_HAND_AWAY ? 1.45 : 0.72;
                out.scale = s0 * Math.exp(Math.log(from) + (Math.log(to) - Math.log(from)) * e);
                out.x = cx;
                out.y = hy - 0.02;
            }
            case SLIDING_TWO_FINGERS_LEFT, SLIDING_TWO_FINGERS_RIGHT, SLIDING_TWO_FINGERS_DOWN, SLIDING_TWO_FINGERS_UP -> {
                out.fingers(Pose.TWO_FINGERS);
                out.roll = 0.25;
                double d = 0.2 * a * (2 * e - 1);
                if (label == SLIDING_TWO_FINGERS_LEFT) out.x = cx + d;
                else if (label == SLIDING_TWO_FINGERS_RIGHT) out.x = cx - d;
                else if (label == SLIDING_TWO_FINGERS_DOWN) out.y = hy + d;
                else out.y = hy - d;
            }
            case PUSHING_TWO_FINGERS_AWAY, PULLING_TWO_FINGERS_IN -> {
                out.fingers(Pose.TWO_FINGERS);
                out.roll = 0.2;
                // toward the camera (away from the body) grows, as for the whole hand
                double from = label == PUSHING_TWO_FINGERS_AWAY ? 0.74 : 1.4, to = label == PUSHING_TWO_FINGERS_AWAY ? 1.4 : 0.74;
                out.scale = s0 * Math.exp(Math.log(from) + (Math.log(to) - Math.log(from)) * e);
                out.x = cx;
            }
            case ROLLING_HAND_FORWARD, ROLLING_HAND_BACKWARD -> {
                // The hand circles about an axis across the body, like a wheel, twice: fingers
                // toward the other side, loosely curled. Rolling forward goes over the top toward
                // the camera and comes down near it (big), then back under and up far from it
                // (small); backward runs the circle the other way: it rises while near.
                // The circle is wide, and the hand tumbles with it (a three-quarter-radian roll
                // each way as it goes round): a wheel under half a palm width tall read, to a
                // network trained on real Jester, as a raised hand doing nothing.
                double dir = label == ROLLING_HAND_FORWARD ? 1 : -1;
                double ph = 2 * Math.PI * 2 * p;
                double r = (0.13 + 0.05 * act[2]) * a;
                out.fingers(Pose.RELAXED, Pose.FLAT, 0.4);
                out.angle = side * (0.9 + 0.3 * act[1]);
                out.roll = 0.8 + dir * 0.75 * Math.sin(ph);
                out.scale = s0 * (1 + dir * 0.28 * Math.sin(ph));
                out.y = hy - 0.02 - r * Math.cos(ph);
                out.x = cx + side * 0.05 * Math.cos(ph);
            }
            case TURNING_HAND_CLOCKWISE, TURNING_HAND_COUNTERCLOCKWISE -> {
                // Performer's clockwise appears counterclockwise in the camera image: angle decreases.
                double dir = label == TURNING_HAND_CLOCKWISE ? -1 : 1;
                double sweep = 1.6 * (0.85 + 0.3 * act[2]);
                out.fingers(Pose.OPEN, Pose.FLAT, 0.5);
                out.angle = dir * sweep * (e - 0.35);
                out.roll = 0.1;
            }
            case ZOOMING_IN_WITH_FULL_HAND -> out.fingers(Pose.BUNCHED, Pose.SPREAD, e);
            case ZOOMING_OUT_WITH_FULL_HAND -> out.fingers(Pose.SPREAD, Pose.BUNCHED, e);
            case ZOOMING_IN_WITH_TWO_FINGERS -> {
                out.fingers(Pose.PINCH, Pose.PINCH_OPEN, e);
                out.angle = side * 0.15;
            }
            case ZOOMING_OUT_WITH_TWO_FINGERS -> {
                out.fingers(Pose.PINCH_OPEN, Pose.PINCH, e);
                out.angle = side * 0.15;
            }
            case THUMB_UP, THUMB_DOWN -> {
                // A fist turned on its side so that the thumb points straight up (or down): toward
                // the thumb as drawn, which from the head is on the other side.
                double dir = label == THUMB_UP ? -1 : 1;
                int drawn = HeadCamera.drawnSide(side, headView);
                out.fingers(Pose.THUMB_OUT);
                out.angle = dir * drawn * Math.PI / 2 + 0.1 * (act[1] - 0.5);
                out.roll = 0.1;
                out.y = hy + dir * 0.06 * a * e;
                out.x = cx;
                // and shown to the camera: the fist comes a little toward it (the real clips grow)
                out.scale = s0 * (1 + 0.15 * e);
            }
            case SHAKING_HAND -> {
                double f = 2.4 + act[2] * 1.2;
                double env = Math.sqrt(Math.sin(Math.PI * p));
                out.fingers(Pose.OPEN, Pose.FLAT, 0.4);
                out.angle = 0.5 * a * env * Math.sin(2 * Math.PI * f * tl);
                out.x = hx + 0.05 * a * env * Math.sin(2 * Math.PI * f * tl + 0.6);
            }
            case STOP_SIGN -> {
                out.fingers(Pose.FLAT);
                out.roll = 0;
                out.angle = side * 0.05 * (act[1] - 0.5);
                out.scale = s0 * 1.12;
                out.x = cx + 0.003 * Math.sin(2 * Math.PI * 1.3 * tl);
                out.y = hy - 0.06 + 0.002 * Math.sin(2 * Math.PI * 1.1 * tl);
            }
            case DRUMMING_FINGERS -> {
                // Palm down, fingertips toward the camera, tapping pinky to index in turn, held up
                // in front of the chest where the webcam sees it: drumming on the desk at the bottom
                // edge is what the world's typing looks like, and that is "Doing other things".
                double f = 2.0 + act[2] * 1.0;
                out.roll = 1.75;
                out.angle = side * 0.25;
                out.scale = s0 * 1.1;
                // the hand hangs from the wrist below this
                out.y = Math.min(hy, homeY(s, t) + 0.04) - 0.13;
                out.x = cx;
                out.thumbCurl = 0.3;
                out.thumbAngle = 0.5;
                out.spread = 0.3;
                for (int k = 0; k < 4; k++) {
                    double ph = f * tl - (3 - k) * 0.13;
                    double sw = Math.max(0, Math.sin(2 * Math.PI * ph));
                    out.curl[k] = 0.1 + 0.75 * sw * sw;
                }
            }
            case NO_GESTURE -> rest(s, t, out);
            case DOING_OTHER_THINGS -> other(p, tl, s, t, act, headView, out);
            default -> throw new IllegalArgumentException("label index must be in 0..26, was " + label);
        }
        out.performing = true;
    }

    /** Non-gesture motion, several kinds chosen per act. None is a Jester gesture. */
    static int otherVariant(double[] act) {
        return (int) (act[3] * OTHER_KINDS);
    }

    static final int OTHER_KINDS = 15;

    /** A kind drawn only from the head: a fingertip tracing a path in the air (see {@link #trace}). */
    static final int TRACE = OTHER_KINDS;

    /**
     * The kind performed: {@link #otherVariant}, except that seen from the head the kinds that
     * happen at the face (which that view does not show) trace a path with the fingertip instead.
     */
    static int otherKind(double[] act, boolean headView) {
        int k = otherVariant(act);
        return headView && atTheFace(k) ? TRACE : k;
    }

    /** Scratching the head, the chin, drinking, a phone, glasses, an eye: all at the face. */
    static boolean atTheFace(int kind) {
        return kind == 0 || kind == 1 || kind == 5 || kind == 7 || kind == 8 || kind == 12;
    }

    private static void other(double p, double tl, Scene s, double t, double[] act, boolean headView, Pose out) {
        double b = s.bodyScale();
        int side = s.side();
        double headX = s.bodyXAt(t), headY = s.headYAt(t);
        double bump = Math.sin(Math.PI * Math.min(1, p * 1.1)); // out and back within the act
        switch (otherKind(act, headView)) {
            case TRACE -> trace(p, s, t, act, out);
            case 0 -> { // scratching the head
                out.fingers(Pose.RELAXED, Pose.GRAB, 0.5 + 0.5 * Math.sin(2 * Math.PI * 4 * tl));
                out.x = headX - side * 0.06 * b + 0.012 * Math.sin(2 * Math.PI * 4 * tl);
                out.y = headY - 0.1 * b + 0.015 * Math.sin(2 * Math.PI * 4 * tl + 1);
                out.angle = side * 0.6;
                out.roll = 0.9;
            }
            case 1 -> { // hand to the chin, thinking
                out.fingers(Pose.GRAB);
                out.x = headX - side * 0.03 * b;
                out.y = headY + 0.16 * b + 0.006 * Math.sin(2 * t);
                out.angle = -side * 0.9;
                out.roll = 0.6;
            }
            case 2 -> { // reaching down and out for something
                double e = ease(p);
                out.fingers(Pose.OPEN, Pose.GRAB, e);
                out.x = gestureX(s, t) - side * 0.4 * e;
                out.y = gestureY(s, t) + (0.45 - 0.5 * s.gestureDy()) * e;
                out.angle = -side * 0.6 * e;
                out.roll = 0.5 + 0.6 * e;
            }
            case 3 -> { // moving the head: nods, turns, looking away; hands down
                rest(s, t, out);
                out.headDx = 0.02 * b * Math.sin(2 * Math.PI * 0.7 * tl);
                out.headDy = 0.01 * b * Math.sin(2 * Math.PI * 1.4 * tl);
                out.headTilt = 0.15 * Math.sin(2 * Math.PI * 0.5 * tl + act[2]);
                out.headTurn = (act[1] < 0.5 ? 1 : -1) * 0.8 * bump;
            }
            case 4 -> { // an object passes through the frame, hands down
                rest(s, t, out);
                double dir = act[1] < 0.5 ? 1 : -1;
                out.objKind = 1 + (int) (act[2] * 2);
                out.objR = 0.08 + 0.1 * act[0];
                out.objX = dir * (-1.1 + 2.2 * p);
                out.objY = 0.3 + 0.5 * act[1] + 0.05 * Math.sin(3 * p);
                out.objColor = java.awt.Color.HSBtoRGB((float) act[2], 0.5f, 0.75f);
                out.objFront = act[0] < 0.5;
            }
            case 5 -> { // drinking from a mug
                double lift = bump;
                out.fingers(Pose.GRAB);
                out.x = homeX(s, t) + (headX - side * 0.03 - homeX(s, t)) * lift;
                out.y = homeY(s, t) + 0.15 + (headY + 0.14 * b - homeY(s, t) - 0.15) * lift;
                out.angle = -side * (0.3 + 0.5 * lift);
                out.roll = 0.4;
                out.objKind = 3;
                out.objR = s.palmWidth() * 0.9;
                out.objColor = java.awt.Color.HSBtoRGB((float) act[2], 0.4f, 0.85f);
                out.objFront = true;
            }
            case 6 -> { // fidgeting: slow aimless hand motion, low in the frame or higher
                double w1 = 2 * Math.PI * 0.4, w2 = 2 * Math.PI * 0.65;
                out.fingers(Pose.RELAXED, Pose.GRAB, 0.5 + 0.5 * Math.sin(w1 * tl + act[0] * 6));
                out.x = gestureX(s, t) + 0.06 * Math.sin(w1 * tl + act[1] * 6) + 0.03 * Math.sin(w2 * tl);
                out.y = gestureY(s, t) + 0.04 + 0.18 * act[1] + 0.04 * Math.sin(w2 * tl + act[2] * 6);
                out.angle = side * 0.3 * Math.sin(w1 * tl);
                out.roll = 0.9;
            }
            case 7 -> { // a phone to the ear
                out.fingers(Pose.GRAB);
                out.x = headX - side * 0.085 * b;
                out.y = headY + 0.04 * b + 0.004 * Math.sin(1.3 * t);
                out.angle = side * 0.3;
                out.roll = 1.2;
                out.objKind = 4;
                out.objR = s.palmWidth() * 0.7;
                out.objColor = act[2] < 0.5 ? 0x202024 : 0xD0D0D4;
                out.objFront = true;
            }
            case 8 -> { // adjusting glasses or pushing hair back
                out.fingers(Pose.RELAXED, Pose.TWO_FINGERS, 0.5 * bump);
                out.x = headX - side * 0.02 * b * (1 - p) - side * 0.06 * b * p;
                out.y = headY - 0.03 * b - 0.06 * b * p;
                out.angle = -side * 0.4;
                out.roll = 0.7;
            }
            case 9 -> { // talking with the hands: loose, irregular, at any height
                double w1 = 2 * Math.PI * (1.1 + act[0]), w2 = 2 * Math.PI * (1.7 + act[1]);
                out.fingers(Pose.RELAXED, Pose.OPEN, 0.5 + 0.4 * Math.sin(w2 * tl));
                out.x = gestureX(s, t) * 0.8 + 0.05 * Math.sin(w1 * tl) * bump;
                out.y = gestureY(s, t) + 0.2 * act[2] + 0.05 * Math.sin(w2 * tl + 1) * bump;
                out.angle = side * (0.3 + 0.3 * Math.sin(w1 * tl + 2));
                out.roll = 0.8 + 0.3 * Math.sin(w2 * tl);
            }
            case 10 -> { // leaning or getting up, partly leaving the frame
                rest(s, t, out);
                out.bodyDx = (act[1] < 0.5 ? 1 : -1) * (0.3 + 0.4 * act[0]) * bump;
                out.bodyDy = -0.05 * bump * act[2];
                out.x += out.bodyDx;
            }
            case 12 -> { // rubbing an eye or the nose
                double w = 2 * Math.PI * (2.5 + act[1]);
                out.fingers(Pose.RELAXED, Pose.GRAB, 0.4);
                out.x = headX - side * 0.05 * b + 0.01 * Math.sin(w * tl) * bump;
                out.y = headY + (act[2] < 0.5 ? 0.0 : 0.07) * b + 0.008 * Math.cos(w * tl) * bump;
                out.angle = -side * (0.5 + 0.4 * act[0]);
                out.roll = 1.0;
            }
            case 13 -> { // a raised hand that does nothing in particular: looking at the nails, a ring, a watch
                double w = 2 * Math.PI * (0.3 + 0.3 * act[1]);
                out.fingers(Pose.RELAXED, Pose.GRAB, 0.3 + 0.5 * act[2]);
                out.x = gestureX(s, t) + 0.03 * Math.sin(w * tl + act[0] * 6);
                out.y = gestureY(s, t) + 0.03 * Math.sin(0.7 * w * tl);
                out.angle = side * (0.4 + 0.8 * act[0]) + 0.2 * Math.sin(w * tl);
                out.roll = 1.2 + 0.5 * Math.sin(0.8 * w * tl + act[2] * 6);
            }
            case 14 -> { // pointing at something on the screen with the index finger
                double w = 2 * Math.PI * (0.5 + 0.5 * act[1]);
                out.fingers(Pose.FIST);
                out.curl[0] = 0.03;
                out.thumbCurl = 0.7;
                out.x = gestureX(s, t) + 0.08 * Math.sin(w * tl + act[0] * 6) * bump;
                out.y = gestureY(s, t) - 0.02 + 0.05 * Math.sin(1.3 * w * tl + act[2] * 6) * bump;
                out.angle = side * 0.2 * Math.sin(w * tl);
                out.roll = 0.6 + 0.3 * act[2];
            }
            default -> { // typing at the bottom edge
                rest(s, t, out);
                out.x = s.shoulderXAt(t) + side * 0.15;
                out.y = 0.96 + 0.3 * s.palmWidth() + 0.01 * Math.sin(2 * Math.PI * 3 * tl);
                out.angle = side * 1.3;
                out.roll = 1.4;
                for (int k = 0; k < 4; k++) out.curl[k] = 0.3 + 0.3 * Math.max(0, Math.sin(2 * Math.PI * (4 * tl + k * 0.37 + act[k % 3])));
            }
        }
    }

    /**
     * A pointing fingertip tracing a path in the air, as a wearer of a head camera does to show a
     * shape, a route or an outline: three to six strokes, each shorter than a two-finger slide, every
     * one turning 70 to 150 degrees from the last; or a loop of 0.8 to 1.3 turns. No single stroke
     * carries the motion, so no Jester class describes it, and a model must see the whole path to
     * tell it from a slide. The path is centred where this person gestures. Drawn without allocation
     * (it runs per frame in live synthetic streams): the path's numbers are hashed from the act's.
     */
    private static void trace(double p, Scene s, double t, double[] act, Pose out) {
        long key = Scene.mix(Double.doubleToLongBits(act[0]), Double.doubleToLongBits(act[2]) ^ 0x7EACEL);
        double a = s.amplitude();
        out.fingers(Pose.FIST);
        out.curl[0] = 0.03;
        out.thumbCurl = 0.7;
        out.angle = s.side() * (0.1 + 0.3 * unit(key, 1)) + 0.15 * (act[1] - 0.5);
        out.roll = 0.5 + 0.4 * unit(key, 2);
        double cx = gestureX(s, t), cy = gestureY(s, t) - 0.02;
        if (unit(key, 3) < 0.3) { // a loop
            double r = (0.07 + 0.09 * unit(key, 4)) * a;
            double turns = 0.8 + 0.5 * unit(key, 5);
            double dir = unit(key, 6) < 0.5 ? 1 : -1;
            double phi = 2 * Math.PI * unit(key, 7) + dir * 2 * Math.PI * turns * ease(p);
            out.x = cx + r * Math.cos(phi);
            out.y = cy + 0.8 * r * Math.sin(phi);
            return;
        }
        int strokes = 3 + (int) (unit(key, 4) * 4);
        // first pass: the path's extent, so that it can be centred; second: where the tip is at p
        double x = 0, y = 0, minX = 0, maxX = 0, minY = 0, maxY = 0;
        double theta = 2 * Math.PI * unit(key, 5);
        for (int i = 0; i < strokes; i++) {
            double len = (0.12 + 0.16 * unit(key, 10 + i)) * a;
            x += len * Math.cos(theta);
            y += len * Math.sin(theta);
            minX = Math.min(minX, x); maxX = Math.max(maxX, x);
            minY = Math.min(minY, y); maxY = Math.max(maxY, y);
            theta += turn(key, i);
        }
        double q = Math.max(0, Math.min(1, p)) * strokes;
        int at = Math.min(strokes - 1, (int) q);
        x = 0;
        y = 0;
        theta = 2 * Math.PI * unit(key, 5);
        for (int i = 0; i <= at; i++) {
            double len = (0.12 + 0.16 * unit(key, 10 + i)) * a;
            double f = i < at ? 1 : ease(q - at);
            x += f * len * Math.cos(theta);
            y += f * len * Math.sin(theta);
            theta += turn(key, i);
        }
        out.x = cx + x - 0.5 * (minX + maxX);
        out.y = cy + y - 0.5 * (minY + maxY);
    }

    /** Stroke i's turn into the next: 70 to 150 degrees, to either side (less would read as one curved stroke). */
    private static double turn(long key, int i) {
        double deg = 70 + 80 * unit(key, 20 + i);
        return (unit(key, 30 + i) < 0.5 ? -1 : 1) * Math.toRadians(deg);
    }

    /** The k-th number in [0,1) of the stream {@code key}. */
    private static double unit(long key, int k) {
        return (Scene.mix(key, k) >>> 11) * 0x1.0p-53;
    }
}
