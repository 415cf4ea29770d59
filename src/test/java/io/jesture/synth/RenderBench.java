package io.jesture.synth;

import java.util.Arrays;
import java.util.Locale;

/**
 * Live-path render benchmark: one thread renders a 640x480@30 scripted stream into one reused buffer
 * and prints per-frame latency percentiles. Run (after {@code mvn -o -q test-compile}):
 * <pre>java -cp target/classes:target/test-classes io.jesture.synth.RenderBench [width height frames seed]</pre>
 * Not a unit test: timings belong in benchmarks, not assertions.
 */
public final class RenderBench {
    private static final java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();

    private static void print(String what, int w, int h, long seed, long[] ns) {
        int n = ns.length;
        Arrays.sort(ns);
        System.out.printf(Locale.ROOT, "render %s %dx%d seed %d, %d frames: p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  max %.2f ms%n",
                what, w, h, seed, n, ns[n / 2] / 1e6, ns[n * 9 / 10] / 1e6, ns[n * 99 / 100] / 1e6, ns[n - 1] / 1e6);
    }

    public static void main(String[] args) {
        int w = args.length > 1 ? Integer.parseInt(args[0]) : 640, h = args.length > 1 ? Integer.parseInt(args[1]) : 480;
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 1500;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 7;
        for (int round = 0; round < 2; round++) {
            ScriptedStream s = ScriptedStream.random(seed + round, Split.TEST, w, h, 30, 40);
            byte[] bgr = new byte[w * h * 3];
            for (int i = 0; i < 300; i++) s.render(i, bgr); // warm-up
            long[] ns = new long[n], cpu = new long[n];
            for (int i = 0; i < n; i++) {
                long c0 = threads.getCurrentThreadCpuTime();
                long t0 = System.nanoTime();
                s.render(i % s.frameCount(), bgr);
                ns[i] = System.nanoTime() - t0;
                cpu[i] = threads.getCurrentThreadCpuTime() - c0;
            }
            com.sun.management.ThreadMXBean tm = (com.sun.management.ThreadMXBean) threads;
            long a0 = tm.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 300; i++) s.render(i, bgr);
            System.out.printf(Locale.ROOT, "allocated %.0f bytes/frame (Java2D's own temporaries; no buffers)%n",
                    (tm.getCurrentThreadAllocatedBytes() - a0) / 300.0);
            print("wall", w, h, seed + round, ns);
            // CPU time of the rendering thread: what one core pays, even on a loaded machine
            print("cpu ", w, h, seed + round, cpu);
        }
    }
}
