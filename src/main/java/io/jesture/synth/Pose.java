package io.jesture.synth;

/**
 * The mutable state of the performer at one instant: the articulated hand plus head motion and a
 * passing object. Reused across frames (no per-frame allocation). Units: frame heights; x from the
 * image centre, y from the top; angles in radians, in-plane {@code angle} positive = clockwise as
 * seen in the (unmirrored) image; {@code roll} rotates the hand about its own horizontal axis,
 * positive = fingertips toward the camera.
 */
final class Pose {
    double x, y, scale, angle, roll;
    /** Flexion of index, middle, ring, pinky: 0 straight, 1 fully curled into the palm. */
    final double[] curl = new double[4];
    double thumbCurl;
    /** Thumb abduction from the index side, radians: 0 along the fingers, ~1.5 perpendicular. */
    double thumbAngle;
    /** Finger fan-out, 0 together, 1 spread. */
    double spread;
    /** Whether the hand is in a performed gesture (as opposed to rest or transition). */
    boolean performing;
    double headDx, headDy, headTilt;
    /** Head turn (yaw), -1..1 of a quarter turn: the face features slide sideways. */
    double headTurn;
    /** The whole body leaning or moving sideways / up (frame heights). */
    double bodyDx, bodyDy;
    /** 0 none, 1 ball, 2 box, 3 mug held in the hand, 4 phone held in the hand. */
    int objKind;
    double objX, objY, objR;
    int objColor;
    boolean objFront;

    void copyFrom(Pose o) {
        x = o.x; y = o.y; scale = o.scale; angle = o.angle; roll = o.roll;
        System.arraycopy(o.curl, 0, curl, 0, 4);
        thumbCurl = o.thumbCurl; thumbAngle = o.thumbAngle; spread = o.spread; performing = o.performing;
        headDx = o.headDx; headDy = o.headDy; headTilt = o.headTilt; headTurn = o.headTurn; bodyDx = o.bodyDx; bodyDy = o.bodyDy;
        objKind = o.objKind; objX = o.objX; objY = o.objY; objR = o.objR; objColor = o.objColor; objFront = o.objFront;
    }

    /** this = a + (b - a) * w, field by field; discrete fields come from the nearer end. */
    void lerp(Pose a, Pose b, double w) {
        x = a.x + (b.x - a.x) * w;
        y = a.y + (b.y - a.y) * w;
        scale = a.scale + (b.scale - a.scale) * w;
        lerpShape(a, b, w);
        headDx = a.headDx + (b.headDx - a.headDx) * w;
        headDy = a.headDy + (b.headDy - a.headDy) * w;
        headTilt = a.headTilt + (b.headTilt - a.headTilt) * w;
        headTurn = a.headTurn + (b.headTurn - a.headTurn) * w;
        bodyDx = a.bodyDx + (b.bodyDx - a.bodyDx) * w;
        bodyDy = a.bodyDy + (b.bodyDy - a.bodyDy) * w;
        Pose near = w < 0.5 ? a : b;
        performing = false;
        objKind = near.objKind; objX = near.objX; objY = near.objY; objR = near.objR; objColor = near.objColor; objFront = near.objFront;
    }

    /**
     * The hand's shape and orientation only (fingers, thumb, spread, in-plane angle and roll): this =
     * a + (b - a) * w for those fields, the others untouched.
     */
    void lerpShape(Pose a, Pose b, double w) {
        angle = a.angle + (b.angle - a.angle) * w;
        roll = a.roll + (b.roll - a.roll) * w;
        for (int i = 0; i < 4; i++) curl[i] = a.curl[i] + (b.curl[i] - a.curl[i]) * w;
        thumbCurl = a.thumbCurl + (b.thumbCurl - a.thumbCurl) * w;
        thumbAngle = a.thumbAngle + (b.thumbAngle - a.thumbAngle) * w;
        spread = a.spread + (b.spread - a.spread) * w;
    }

    // Finger presets: index, middle, ring, pinky curl, thumb curl, thumb angle, spread.
    static final double[] OPEN = {0.04, 0.03, 0.05, 0.06, 0.05, 0.75, 0.55};
    static final double[] FLAT = {0.02, 0.02, 0.03, 0.04, 0.05, 0.65, 0.12};
    static final double[] RELAXED = {0.3, 0.35, 0.4, 0.45, 0.25, 0.55, 0.3};
    static final double[] FIST = {1, 1, 1, 1, 0.75, 0.2, 0};
    static final double[] TWO_FINGERS = {0.02, 0.02, 1, 1, 0.7, 0.25, 0.45};
    static final double[] THUMB_OUT = {1, 1, 1, 1, 0.0, 1.45, 0};
    /** Fingertips gathered together, the closed end of a full-hand zoom. */
    static final double[] BUNCHED = {0.62, 0.6, 0.62, 0.66, 0.45, 0.1, 0};
    /** Fingers wide, the open end of a full-hand zoom. */
    static final double[] SPREAD = {0.0, 0.0, 0.0, 0.02, 0.0, 1.0, 1.0};
    /** Index and thumb tips together, other fingers folded: the closed end of a two-finger zoom. */
    static final double[] PINCH = {0.5, 0.95, 1, 1, 0.35, 0.05, 0.1};
    /** Index and thumb wide apart, other fingers folded: the open end of a two-finger zoom. */
    static final double[] PINCH_OPEN = {0.02, 0.9, 1, 1, 0.0, 1.05, 0.2};
    static final double[] GRAB = {0.55, 0.6, 0.62, 0.65, 0.45, 0.6, 0.2};

    void fingers(double[] p) {
        fingers(p, p, 0);
    }

    /** Finger state between two presets. */
    void fingers(double[] a, double[] b, double w) {
        for (int i = 0; i < 4; i++) curl[i] = a[i] + (b[i] - a[i]) * w;
        thumbCurl = a[4] + (b[4] - a[4]) * w;
        thumbAngle = a[5] + (b[5] - a[5]) * w;
        spread = a[6] + (b[6] - a[6]) * w;
    }

    void clearExtras() {
        headDx = headDy = headTilt = headTurn = bodyDx = bodyDy = 0;
        objKind = 0;
        performing = false;
    }
}
