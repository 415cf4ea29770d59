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
    private final double[][] w4 = new double[2][MotionTrajectory.POINTS + 1];
    /** The templates' points transposed, point by point: {@code xs[j][t]} is template t's j-th x. */
    private final float[][] xs;
    private final float[][] ys;
    /** Two rows of every template's warp, {@code [POINTS + 1][templates]}. */
    private final float[][] upRow;
    private final float[][] curRow;

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
        int m = MotionTrajectory.POINTS;
        this.xs = new float[m][paths.length];
        this.ys = new float[m][paths.length];
        for (int t = 0; t < paths.length; t++) {
            for (int j = 0; j < m; j++) {
                xs[j][t] = paths[t][2 * j];
                ys[j][t] = paths[t][2 * j + 1];
            }
        }
        this.upRow = new float[m + 1][paths.length];
        this.curRow = new float[m + 1][paths.length];
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
        warpAll(motion);
        for (int t = 0; t < paths.length; t++) insert(nearest[classOf[t]], upRow[MotionTrajectory.POINTS][t] / (2.0 * MotionTrajectory.POINTS));
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

    /**
     * Warps {@code a} against every template at once, into {@code upRow[POINTS]} (sums, not yet divided by
     * the steps). The templates are the innermost loop: a warp is a chain of dependent steps, but the
     * same step of 250 templates is 250 independent ones, which the JIT runs as vector instructions.
     */
    private void warpAll(float[] a) {
        int m = MotionTrajectory.POINTS, n = paths.length;
        float inf = Float.POSITIVE_INFINITY;
        float[][] up = upRow, cur = curRow;
        Arrays.fill(up[0], 0, n, 0f);
        for (int j = 1; j <= Math.min(m, BAND + 1); j++) Arrays.fill(up[j], 0, n, inf);
        for (int i = 1; i <= m; i++) {
            int lo = Math.max(1, i - BAND), hi = Math.min(m, i + BAND);
            float ax = a[2 * (i - 1)], ay = a[2 * (i - 1) + 1];
            // The cells on each side of the band that the next row reads; nothing else outside it is read.
            Arrays.fill(cur[lo - 1], 0, n, inf);
            if (i + BAND <= m) Arrays.fill(up[i + BAND], 0, n, inf);
            for (int j = lo; j <= hi; j++) {
                float[] x = xs[j - 1], y = ys[j - 1], diag = up[j - 1], above = up[j], left = cur[j - 1], out = cur[j];
                for (int t = 0; t < n; t++) {
                    float dx = ax - x[t], dy = ay - y[t];
                    out[t] = (float) Math.sqrt(dx * dx + dy * dy) + Math.min(Math.min(diag[t], above[t]), left[t]);
                }
            }
            float[][] swap = up;
            up = cur;
            cur = swap;
        }
        if (up != upRow) {
            // An odd number of rows leaves the last one in the other buffer.
            for (int j = 0; j <= m; j++) System.arraycopy(up[j], 0, upRow[j], 0, n);
        }
    }

    /**
     * Dynamic time warping of two paths' points within {@link #BAND}, per step of the warp, one template
     * at a time, its sums in double precision: the reference of {@link #distances}, which warps them all at once in
     * single precision, and the scale's measure.
     */
    double warp(float[] a, float[] b) {
        int m = MotionTrajectory.POINTS;
        double inf = Double.POSITIVE_INFINITY;
        double[] up = w4[0], cur = w4[1];
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
