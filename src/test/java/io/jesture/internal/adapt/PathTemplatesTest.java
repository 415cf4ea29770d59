package io.jesture.internal.adapt;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The path templates' warped distance and the classes it ranks, on paths written here point by point. */
class PathTemplatesTest {
    static final int N = MotionTrajectory.POINTS;

    /** A descriptor's points (the rest of it left zero): f(t) for t in [0, 1]. */
    static float[] path(java.util.function.DoubleFunction<double[]> f) {
        float[] d = new float[MotionTrajectory.DIM];
        for (int i = 0; i < N; i++) {
            double[] p = f.apply((double) i / (N - 1));
            d[2 * i] = (float) p[0];
            d[2 * i + 1] = (float) p[1];
        }
        return d;
    }

    static float[] circle(double r, double phase) {
        return path(t -> new double[] {r * Math.cos(2 * Math.PI * t + phase), r * Math.sin(2 * Math.PI * t + phase)});
    }

    /** A line left to right whose speed changes along it: t^power. */
    static float[] line(double power) {
        return path(t -> new double[] {0.4 * Math.pow(t, power) - 0.2, 0});
    }

    @Test
    void aPathIsAtNoDistanceFromItselfAndTheWarpForgivesTiming() {
        PathTemplates m = new PathTemplates(new float[][] {line(1)}, new int[] {0}, 1, 1f);
        assertEquals(0, m.warp(line(1), line(1)), 1e-12);
        // The same stroke drawn slow then fast: point by point it is far from the even one, warped it is close.
        float[] a = line(1), b = line(2);
        double pointwise = 0;
        for (int i = 0; i < N; i++) pointwise += Math.hypot(a[2 * i] - b[2 * i], a[2 * i + 1] - b[2 * i + 1]) / N;
        double warped = m.warp(a, b);
        assertTrue(warped < 0.5 * pointwise, "warped " + warped + " against point by point " + pointwise);
        // A line drawn the other way is not the same gesture, however it is warped.
        float[] back = path(t -> new double[] {0.2 - 0.4 * t, 0});
        assertTrue(m.warp(a, back) > 5 * warped, "reversed " + m.warp(a, back));
    }

    /** Dynamic time warping written the plain way: the whole matrix, cells outside the band infinite. */
    static double reference(float[] a, float[] b) {
        double[][] d = new double[N + 1][N + 1];
        for (double[] r : d) java.util.Arrays.fill(r, Double.POSITIVE_INFINITY);
        d[0][0] = 0;
        for (int i = 1; i <= N; i++) {
            for (int j = 1; j <= N; j++) {
                if (Math.abs(i - j) > PathTemplates.BAND) continue;
                double c = Math.hypot(a[2 * (i - 1)] - b[2 * (j - 1)], a[2 * (i - 1) + 1] - b[2 * (j - 1) + 1]);
                d[i][j] = c + Math.min(d[i - 1][j - 1], Math.min(d[i - 1][j], d[i][j - 1]));
            }
        }
        return d[N][N] / (2 * N);
    }

    @Test
    void theWarpIsTheTextbookOneAllTemplatesAtOnceToo() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        for (int trial = 0; trial < 100; trial++) {
            // Five templates, each its own class: a class's distance is then its one template's warp.
            float[] a = random(rnd);
            float[][] b = {random(rnd), random(rnd), random(rnd), random(rnd), random(rnd)};
            PathTemplates m = new PathTemplates(b, new int[] {0, 1, 2, 3, 4}, 5, 1f);
            double[] d = new double[5];
            assertTrue(m.distances(a, d));
            for (int u = 0; u < 5; u++) {
                double exact = reference(a, b[u]);
                // Each step's distance is taken in single precision (and, all at once, summed in it too).
                assertEquals(exact, m.warp(a, b[u]), 1e-6 * exact);
                assertEquals(exact, d[u], 1e-5 * exact, "template " + u + " warped with the others");
            }
        }
    }

    static float[] random(java.util.SplittableRandom rnd) {
        float[] d = new float[MotionTrajectory.DIM];
        for (int i = 0; i < 2 * N; i++) d[i] = (float) rnd.nextGaussian();
        return d;
    }

    @Test
    void eachClassIsAsFarAsItsNearestTemplatesAndAStillWindowHasNoDistance() {
        float[][] templates = {circle(0.2, 0), circle(0.21, 0.1), line(1), line(1.3), circle(0.19, -0.1)};
        int[] classOf = {0, 0, 1, 1, 0};
        PathTemplates m = new PathTemplates(templates, classOf, 2, PathTemplates.typicalScale(templates));
        double[] d = new double[2];
        assertTrue(m.distances(circle(0.2, 0.05), d));
        assertTrue(d[0] < d[1], "a circle is nearer the circles: " + d[0] + " vs " + d[1]);
        assertTrue(m.distances(line(1.1), d));
        assertTrue(d[1] < d[0], "a line is nearer the lines: " + d[1] + " vs " + d[0]);
        // The mean of the three nearest circles, by hand.
        float[] q = circle(0.2, 0.05);
        double[] all = {m.warp(q, templates[0]), m.warp(q, templates[1]), m.warp(q, templates[4])};
        m.distances(q, d);
        assertEquals((all[0] + all[1] + all[2]) / 3, d[0], 1e-5 * d[0]); // summed in single precision
        // Nothing moved: no path, nothing written.
        d[0] = -1;
        assertFalse(m.distances(new float[MotionTrajectory.DIM], d));
        assertEquals(-1, d[0]);
        assertTrue(PathTemplates.typicalScale(templates) > 0);
    }
}
