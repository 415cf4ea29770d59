package io.jesture.internal.adapt;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The path templates' cost per window on real takes: the templates of one k = 5 draw (the takes and their
 * four views, as {@code jesture adapt} keeps them) matched against every window of every other clip, as the
 * live classifier matches each window. Run after {@code mvn -o -q test-compile} and one AdaptBench run (which
 * writes the cache):
 * <pre>java -cp target/classes:target/test-classes:target/lib/* io.jesture.internal.adapt.PathCostBench target/adapt/jesture-r2plus1d-motion4</pre>
 * Prints the median of 7 passes, in microseconds of this thread's CPU time per window.
 */
public final class PathCostBench {
    public static void main(String[] args) throws Exception {
        String prefix = args[0];
        List<Take> takes = new ArrayList<>();
        for (Take t : TakeCache.read(Path.of(prefix + "-egogestar.takes"))) if (!t.label().equals(AdaptBench.UNCLASSIFIED)) takes.add(t);
        List<Take> views = TakeCache.read(Path.of(prefix + "-egogestar-views.takes"));
        List<String> classes = AdaptBench.gestureClasses(takes);
        List<List<Take>> sq = AdaptBench.draw(takes, classes, 5, 11);
        List<String> ids = new ArrayList<>();
        for (Take t : sq.get(0)) ids.add(t.id());
        List<float[]> paths = new ArrayList<>();
        List<Integer> classOf = new ArrayList<>();
        List<Take> support = new ArrayList<>(sq.get(0));
        for (Take v : views) if (ids.contains(v.id())) support.add(v);
        for (Take t : support) {
            float[] d = t.motion(t.windows() - 1);
            if (!PathTemplates.moved(d)) continue;
            paths.add(java.util.Arrays.copyOf(d, 2 * MotionTrajectory.POINTS));
            classOf.add(classes.indexOf(t.label()));
        }
        float[][] p = paths.toArray(new float[0][]);
        PathTemplates m = new PathTemplates(p, classOf.stream().mapToInt(Integer::intValue).toArray(), classes.size(), PathTemplates.typicalScale(p));
        List<float[]> windows = new ArrayList<>();
        for (Take q : sq.get(1)) for (int w = 0; w < q.windows(); w++) windows.add(q.motion(w));
        double[] out = new double[classes.size()];
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        double check = 0;
        for (float[] w : windows) if (m.distances(w, out)) check += out[0];
        double[] us = new double[7];
        for (int pass = 0; pass < us.length; pass++) {
            long c0 = mx.getCurrentThreadCpuTime();
            for (float[] w : windows) if (m.distances(w, out)) check += out[0];
            us[pass] = (mx.getCurrentThreadCpuTime() - c0) / 1e3 / windows.size();
        }
        java.util.Arrays.sort(us);
        System.out.printf(Locale.ROOT, "%d templates, %d windows: median %.1f us CPU per window (passes %.1f-%.1f; checksum %.6f)%n", p.length,
                windows.size(), us[3], us[0], us[6], check);
    }
}
