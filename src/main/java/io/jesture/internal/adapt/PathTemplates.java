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
    private final double[] prev = new double[MotionTrajectory.POINTS + 1];
    private final double[] row = new double[MotionTrajectory.POINTS + 1];
    private final double[][] nearest;

    /**
     * @param paths   each template's points: a {@link MotionTrajectory} descriptor, of which only the first
     *                {@code 2 * POINTS} floats (the points) are read
     * @param classOf each template's recorded class, {@code 0 .. classes)}
     * @param scale   the distance that counts as one unit of logit; see {@link #typicalScale}
     */
    public PathTemplates(float[][] paths, int[] classOf, int classes, float scale) {
        if (paths.length != classOf.length) throw new IllegalArgumentException("one class per template");
        if (!(scale > 0)) throw new IllegalArgumentException("scale must be positive: " + scale);
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
        for (int t = 0; t < paths.length; t++) {
            double dist = warp(motion, paths[t]);
            double[] n = nearest[classOf[t]];
            // Insertion into the class's few smallest distances.
            for (int i = 0; i < NEAREST; i++) {
                if (dist < n[i]) {
                    System.arraycopy(n, i, n, i + 1, NEAREST - 1 - i);
                    n[i] = dist;
                    break;
                }
            }
        }
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

    /** Dynamic time warping of two paths' points within {@link #BAND}, per step of the warp. */
    double warp(float[] a, float[] b) {
        int m = MotionTrajectory.POINTS;
        double inf = Double.POSITIVE_INFINITY;
        Arrays.fill(prev, inf);
        prev[0] = 0;
        for (int i = 1; i <= m; i++) {
            Arrays.fill(row, inf);
            float ax = a[2 * (i - 1)], ay = a[2 * (i - 1) + 1];
            for (int j = Math.max(1, i - BAND); j <= Math.min(m, i + BAND); j++) {
                double dx = ax - b[2 * (j - 1)], dy = ay - b[2 * (j - 1) + 1];
                double best = Math.min(prev[j - 1], Math.min(prev[j], row[j - 1]));
                row[j] = Math.sqrt(dx * dx + dy * dy) + best;
            }
            System.arraycopy(row, 0, prev, 0, m + 1);
        }
        return prev[m] / (2 * m);
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
