package io.jesture.synth;

/**
 * The hand's geometry and its projection to pixels: a palm outline, four three-joint fingers and a
 * thumb in local units of palm widths (right hand, thumb toward +x; a left hand mirrors x), posed by
 * finger curls, thumb angle and spread, rolled about the hand's own horizontal axis with
 * perspective, rotated in the image plane and scaled. Joint points land in {@link #px}, {@link #py},
 * with the perspective factor in {@link #pz}. Reused per frame; not thread-safe.
 */
final class HandModel {
    /** How strongly depth toward the camera enlarges hand parts (perspective during rolls). */
    static final double PERSPECTIVE = 0.22;
    static final double[][] PALM = {
            {-0.47, -0.44}, {-0.3, -0.5}, {0.0, -0.55}, {0.28, -0.53}, {0.47, -0.46},
            {0.5, 0.12}, {0.36, 0.55}, {-0.28, 0.6}, {-0.45, 0.3}};
    static final double[][] FINGER_BASE = {{0.35, -0.5}, {0.12, -0.55}, {-0.11, -0.53}, {-0.34, -0.46}};
    static final double[][] FINGER_LEN = {{0.42, 0.26, 0.2}, {0.47, 0.3, 0.22}, {0.44, 0.28, 0.2}, {0.34, 0.21, 0.17}};
    static final double[] FINGER_WIDTH = {0.2, 0.21, 0.2, 0.17};
    static final double[] FINGER_FAN = {0.22, 0.06, -0.1, -0.28};
    static final double[] FLEX = {Math.toRadians(85), Math.toRadians(105), Math.toRadians(65)};
    static final double[] THUMB_BASE = {0.42, 0.16};
    static final double[] THUMB_LEN = {0.36, 0.28, 0.22};
    static final double THUMB_WIDTH = 0.22;
    static final double[] THUMB_FLEX = {Math.toRadians(30), Math.toRadians(50), Math.toRadians(40)};
    static final int WRIST = 9;
    static final double WRIST_Y = 0.75;
    /** First digit point; digit d (4 = thumb), joint j at DIGITS + d * 4 + j. */
    static final int DIGITS = 10;

    final double[] px = new double[32], py = new double[32], pz = new double[32];
    /** Depth of each point after the roll, in pixels, positive toward the camera (for landmarks). */
    final double[] depth = new double[32];
    /** Palm width in pixels of the last projection. */
    double size;
    /** Mean perspective enlargement of the last projection. */
    double persp;

    /**
     * Projects the local model to pixels for pose {@code p}: fills px, py, pz, {@link #size} and
     * {@link #persp}.
     *
     * @param side    +1 right hand, -1 left hand
     * @param centreX the unrolled palm centre in pixels
     * @param S       the palm width in pixels
     */
    void project(Pose p, int side, double centreX, double centreY, double S) {
        size = S;
        pjCr = Math.cos(p.roll);
        pjSr = Math.sin(p.roll);
        pjCa = Math.cos(p.angle);
        pjSa = Math.sin(p.angle);
        pjCx = centreX;
        pjCy = centreY;
        pjS = S;
        perspSum = 0;
        // A roll is wrist flexion: the hand pivots about the wrist, which stays where it would be
        // unrolled, so the forearm does not jump. (x, y) is the palm centre of the unrolled hand.
        double wy = WRIST_Y * pjCr, wz = -WRIST_Y * pjSr;
        double wden = 1 - PERSPECTIVE * wz;
        double wv = wy / (wden < 0.35 ? 0.35 : wden) * S;
        pjCx += (WRIST_Y * S - wv) * -pjSa;
        pjCy += (WRIST_Y * S - wv) * pjCa;
        for (int i = 0; i < PALM.length; i++) put(i, side * PALM[i][0], PALM[i][1], 0);
        put(WRIST, 0, WRIST_Y, 0);
        double fan = 1.3 * p.spread;
        for (int d = 0; d < 4; d++) {
            double dir = side * FINGER_FAN[d] * fan;
            double sd = Math.sin(dir), cd = Math.cos(dir);
            double x = side * FINGER_BASE[d][0], y = FINGER_BASE[d][1], z = 0, phi = 0;
            int k = DIGITS + d * 4;
            put(k, x, y, z);
            for (int j = 0; j < 3; j++) {
                phi += FLEX[j] * p.curl[d];
                double l = FINGER_LEN[d][j];
                x += sd * l * Math.cos(phi);
                y -= cd * l * Math.cos(phi);
                z += l * Math.sin(phi);
                put(k + j + 1, x, y, z);
            }
        }
        double dir = side * (p.thumbAngle - p.thumbCurl * 0.9);
        double sd = Math.sin(dir), cd = Math.cos(dir);
        double x = side * THUMB_BASE[0], y = THUMB_BASE[1], z = 0, phi = 0;
        int k = DIGITS + 16;
        put(k, x, y, z);
        for (int j = 0; j < 3; j++) {
            phi += THUMB_FLEX[j] * p.thumbCurl;
            double l = THUMB_LEN[j];
            x += sd * l * Math.cos(phi);
            y -= cd * l * Math.cos(phi);
            z += l * Math.sin(phi);
            put(k + j + 1, x, y, z);
        }
        persp = perspSum / (DIGITS + 20);
    }

    // Projection state of the hand being projected (set at the top of project()).
    private double pjCr, pjSr, pjCa, pjSa, pjCx, pjCy, pjS, perspSum;

    /**
     * Projects one local hand point straight away: roll about the hand's x axis, perspective,
     * in-plane rotation, pixels. Done per point rather than in a loop over the arrays because C2 in
     * JDK 17.0.15 crashed (TypeVect::xmeet) vectorizing that loop.
     */
    private void put(int i, double x, double y, double z) {
        double yr = y * pjCr + z * pjSr;
        double zr = -y * pjSr + z * pjCr;
        double den = 1 - PERSPECTIVE * zr;
        double f = 1 / (den < 0.35 ? 0.35 : den);
        double u = x * f * pjS, v = yr * f * pjS;
        px[i] = pjCx + u * pjCa - v * pjSa;
        py[i] = pjCy + u * pjSa + v * pjCa;
        pz[i] = f;
        depth[i] = zr * pjS;
        perspSum += f;
    }
}
