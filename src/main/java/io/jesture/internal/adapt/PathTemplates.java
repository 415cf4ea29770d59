package io.jesture.internal.adapt;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The recorded takes' motion paths kept as templates, and a window's path compared with them by dynamic
 * time warping: the nearest-template matching of stroke recognisers (Wobbrock, Wilson and Li, "Gestures
 * without Libraries, Toolkits or Training: A $1 Recognizer for User Interface Prototypes", UIST 2007),
 * here on the {@link MotionTrajectory} path and with a warp instead of a resampling by arc length.
 *
 * <p>Why beside the logistic head: the head reads the path as 94 fixed coordinates, one weight each, fitted
 * on five takes a class. A drawn shape varies in when each stroke happens more than in where it goes, and a
 * linear head cannot align two takes in time; a warp can. On EgoGestAR the path alone, matched this way,
 * reads as many gestures as the whole head does (docs/adapt.md).
 *
 * <p>Not thread-safe: {@link #distances} reuses its rows. One per {@link ProfileHead}.
 */
public final class PathTemplates {
    /** The warp may pair points this many steps apart (of {@link MotionTrajectory#POINTS}). */
    static final int BAND = 6;
    /** A class's distance is the mean of its this many nearest templates (fewer where it has fewer). */
    static final int NEAREST = 3;

    private final float[][] paths;
    private final int[] classOf;
    private final int classes;
    private final float scale;
    private final double[][] nearest;
    private final double[][] w4 = new double[8][MotionTrajectory.POINTS + 1];
    private final double[] found = new double[4];

    /**
     * @param paths   each template's points: a {@link MotionTrajectory} descriptor, of which only the first
     *                {@code 2 * POINTS} floats (the points) are read
     * @param classOf each template's recorded class, {@code 0 .. classes)}
     * @param scale   the distance that counts as one unit of logit; see {@link #typicalScale}
     */
    public PathTemplates(float[][] paths, int[] classOf, int classes, float scale) {
        if (paths.length != classOf.length) throw new IllegalArgumentException("one class per template");
        if (!(scale > 0)) throw new IllegalArgumentException("scale must be positive: " + scale);
        for (int c : classOf) if (c < 0 || c >= classes) throw new IllegalArgumentException("a template's class is " + c + " of " + classes);
        this.paths = paths;
        this.classOf = classOf;
        this.classes = classes;
        this.scale = scale;
        this.nearest = new double[classes][NEAREST];
    }

    /** The templates a profile keeps, over its recorded classes. */
    public static PathTemplates of(Profile p) {
        Profile.Paths paths = p.paths();
        return new PathTemplates(paths.points(), paths.classOf(), p.classes().size(), paths.scale());
    }

    public int templates() {
        return paths.length;
    }

    public int classes() {
        return classes;
    }

    public float scale() {
        return scale;
    }

    public float[] path(int i) {
        return paths[i];
    }

    public int classOf(int i) {
        return classOf[i];
    }

    /** Whether a descriptor holds a path: {@link MotionTrajectory} writes zeros where fewer than two frames moved. */
    static boolean moved(float[] d) {
        for (int i = 0; i < 2 * MotionTrajectory.POINTS; i++) if (d[i] != 0) return true;
        return false;
    }

    /**
     * Writes each class's distance to {@code out[0 .. classes)}: the mean warped distance (frame heights per
     * point) to its nearest templates. Returns false, and writes nothing, for a window without a path.
     */
    public boolean distances(float[] motion, double[] out) {
        if (motion == null || !moved(motion)) return false;
        for (double[] n : nearest) Arrays.fill(n, Double.POSITIVE_INFINITY);
        // Four templates at a time: each warp is a chain of dependent steps, and four independent chains
        // keep the core busy where one leaves it waiting (measured: bench PathCostBench).
        int t = 0;
        for (; t + 4 <= paths.length; t += 4) {
            warp4(motion, paths[t], paths[t + 1], paths[t + 2], paths[t + 3], found);
            for (int u = 0; u < 4; u++) insert(nearest[classOf[t + u]], found[u]);
        }
        for (; t < paths.length; t++) insert(nearest[classOf[t]], warp(motion, paths[t]));
        for (int c = 0; c < classes; c++) {
            double sum = 0;
            int used = 0;
            for (double v : nearest[c]) {
                if (v == Double.POSITIVE_INFINITY) break;
                sum += v;
                used++;
            }
            out[c] = used == 0 ? Double.POSITIVE_INFINITY : sum / used;
        }
        return true;
    }

    /** Keeps {@code dist} among a class's few smallest distances, in increasing order. */
    private static void insert(double[] n, double dist) {
        for (int q = 0; q < NEAREST; q++) {
            if (dist < n[q]) {
                System.arraycopy(n, q, n, q + 1, NEAREST - 1 - q);
                n[q] = dist;
                return;
            }
        }
    }

    /** {@link #warp(float[], float[])} of {@code a} against four templates at once, into {@code out[0 .. 4)}. */
    void warp4(float[] a, float[] b0, float[] b1, float[] b2, float[] b3, double[] out) {
        int m = MotionTrajectory.POINTS;
        double inf = Double.POSITIVE_INFINITY;
        double[] u0 = w4[0], u1 = w4[1], u2 = w4[2], u3 = w4[3], c0 = w4[4], c1 = w4[5], c2 = w4[6], c3 = w4[7];
        u0[0] = u1[0] = u2[0] = u3[0] = 0;
        for (int j = 1; j <= Math.min(m, BAND + 1); j++) u0[j] = u1[j] = u2[j] = u3[j] = inf;
        for (int i = 1; i <= m; i++) {
            int lo = Math.max(1, i - BAND), hi = Math.min(m, i + BAND);
            float ax = a[2 * (i - 1)], ay = a[2 * (i - 1) + 1];
            c0[lo - 1] = c1[lo - 1] = c2[lo - 1] = c3[lo - 1] = inf;
            if (i + BAND <= m) u0[i + BAND] = u1[i + BAND] = u2[i + BAND] = u3[i + BAND] = inf;
            double l0 = inf, l1 = inf, l2 = inf, l3 = inf;
            for (int j = lo; j <= hi; j++) {
                double d0 = cost(ax, ay, b0, j - 1);
                double d1 = cost(ax, ay, b1, j - 1);
                double d2 = cost(ax, ay, b2, j - 1);
                double d3 = cost(ax, ay, b3, j - 1);
                l0 = c0[j] = d0 + Math.min(Math.min(u0[j - 1], u0[j]), l0);
                l1 = c1[j] = d1 + Math.min(Math.min(u1[j - 1], u1[j]), l1);
                l2 = c2[j] = d2 + Math.min(Math.min(u2[j - 1], u2[j]), l2);
                l3 = c3[j] = d3 + Math.min(Math.min(u3[j - 1], u3[j]), l3);
            }
            double[] s0 = u0, s1 = u1, s2 = u2, s3 = u3;
            u0 = c0; u1 = c1; u2 = c2; u3 = c3;
            c0 = s0; c1 = s1; c2 = s2; c3 = s3;
        }
        out[0] = u0[m] / (2 * m);
        out[1] = u1[m] / (2 * m);
        out[2] = u2[m] / (2 * m);
        out[3] = u3[m] / (2 * m);
    }

    /**
     * Dynamic time warping of two paths' points within {@link #BAND}, per step of the warp: the same sums,
     * step for step, as {@link #warp4} gives each of its templates.
     */
    double warp(float[] a, float[] b) {
        int m = MotionTrajectory.POINTS;
        double inf = Double.POSITIVE_INFINITY;
        double[] up = w4[0], cur = w4[4];
        // Row 0: only the corner is reachable. Cells outside a row's band are never written; the one
        // cell on each side of it that the next row reads is set to infinity instead of filling rows.
        up[0] = 0;
        for (int j = 1; j <= Math.min(m, BAND + 1); j++) up[j] = inf;
        for (int i = 1; i <= m; i++) {
            int lo = Math.max(1, i - BAND), hi = Math.min(m, i + BAND);
            float ax = a[2 * (i - 1)], ay = a[2 * (i - 1) + 1];
            cur[lo - 1] = inf;
            if (i + BAND <= m) up[i + BAND] = inf; // beyond the previous row's band
            double left = inf;
            for (int j = lo; j <= hi; j++) {
                left = cur[j] = cost(ax, ay, b, j - 1) + Math.min(Math.min(up[j - 1], up[j]), left);
            }
            double[] t = up;
            up = cur;
            cur = t;
        }
        return up[m] / (2 * m);
    }

    /**
     * The distance of point (x, y) to point j of path b, in float: the square root in single precision is
     * the costliest step of a warp, and a path is known to far less than its precision.
     */
    private static double cost(float x, float y, float[] b, int j) {
        float dx = x - b[2 * j], dy = y - b[2 * j + 1];
        return (float) Math.sqrt(dx * dx + dy * dy);
    }

    /**
     * The median over templates of the distance to the nearest other template: how far apart two takes
     * are on this user's camera, so that one unit of the head's logit means the same whatever the size of
     * the paths (and with k = 1, where no class has a second take, it is still defined).
     */
    public static float typicalScale(float[][] paths) {
        PathTemplates probe = new PathTemplates(paths, new int[paths.length], 1, 1f);
        List<Double> nearest = new ArrayList<>();
        for (int i = 0; i < paths.length; i++) {
            if (!moved(paths[i])) continue;
            double best = Double.POSITIVE_INFINITY;
            for (int j = 0; j < paths.length; j++) if (j != i && moved(paths[j])) best = Math.min(best, probe.warp(paths[i], paths[j]));
            if (best < Double.POSITIVE_INFINITY) nearest.add(best);
        }
        if (nearest.isEmpty()) return 1f;
        nearest.sort(null);
        return (float) Math.max(1e-3, nearest.get(nearest.size() / 2));
    }
}
