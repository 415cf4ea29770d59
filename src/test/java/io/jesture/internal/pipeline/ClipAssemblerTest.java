package io.jesture.internal.pipeline;

import io.jesture.ModelInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(30)
class ClipAssemblerTest {
    static final int T = 4;

    static ModelInfo model(int t, int h, int w, double fps) {
        return new ModelInfo(Path.of("test.onnx"), "1", List.of("a", "b"), List.of("b"), t, h, w, fps, "RGB",
                new float[] {0, 0, 0}, new float[] {1, 1, 1}, "cover_center_crop", "test", "test", "{}", 0, 0, Map.of());
    }

    /** The oracle: for each model tick, the source frame with the nearest timestamp, the older one on a tie. */
    static List<Integer> nearest(long[] sourceNanos, double modelFps, int ticks) {
        List<Integer> out = new ArrayList<>();
        long period = Math.round(1e9 / modelFps);
        for (int k = 0; k < ticks; k++) {
            long tick = sourceNanos[0] + k * period;
            int best = 0;
            for (int j = 1; j < sourceNanos.length; j++) {
                if (Math.abs(sourceNanos[j] - tick) < Math.abs(sourceNanos[best] - tick)) best = j;
            }
            out.add(best);
        }
        return out;
    }

    /** Feeds frames whose grey level encodes their number, and records every clip's frame numbers. */
    static List<long[]> run(long[] sourceNanos, double modelFps, int stride) throws Exception {
        ModelInfo m = model(T, 2, 2, modelFps);
        ClipExchange x = new ClipExchange(T, 12, true);
        List<long[]> clips = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        ClipAssembler a = new ClipAssembler(m, stride, x);
        byte[] frame = new byte[2 * 2 * 3];
        Thread reader = new Thread(() -> {
            try {
                Clip c;
                while ((c = x.take(10_000_000_000L)) != ClipExchange.END_OF_STREAM && c != null) {
                    // Each frame's pixels are its number, so the data must agree with frameIndex.
                    for (int t = 0; t < T; t++) {
                        assertEquals(c.frameIndex[t] % 256, Math.round(c.data[t * 4] * 255), "clip " + c.sequence + " frame " + t);
                    }
                    clips.add(c.frameIndex.clone());
                }
            } catch (Throwable e) {
                failures.add(e);
            }
        });
        reader.start();
        for (int i = 0; i < sourceNanos.length; i++) {
            java.util.Arrays.fill(frame, (byte) i);
            assertTrue(a.onFrame(frame, 2, 2, sourceNanos[i], 0));
        }
        a.onEndOfStream();
        reader.join(10_000);
        a.close();
        if (!failures.isEmpty()) throw new AssertionError(failures.get(0));
        return clips;
    }

    static long[] uniform(double fps, int n, long jitterNanos) {
        long[] ts = new long[n];
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        for (int i = 0; i < n; i++) ts[i] = 5_000_000_000L + Math.round(i * 1e9 / fps) + (i == 0 ? 0 : r.nextLong(-jitterNanos, jitterNanos + 1));
        return ts;
    }

    static List<Integer> flattenModelFrames(List<long[]> clips, int stride) {
        // clip 0 holds model frames 0..T-1; each later clip adds `stride` new ones at the end.
        List<Integer> frames = new ArrayList<>();
        for (long f : clips.get(0)) frames.add((int) f);
        for (int c = 1; c < clips.size(); c++) {
            long[] cl = clips.get(c);
            for (int i = T - stride; i < T; i++) frames.add((int) cl[i]);
        }
        return frames;
    }

    @Test
    void thirtyFpsSourceFeedsTwelveFpsModelTheNearestFrames() throws Exception {
        long[] ts = uniform(30, 90, 0); // 3 s
        List<long[]> clips = run(ts, 12, 1);
        List<Integer> frames = flattenModelFrames(clips, 1);
        // 30/12 = 2.5 source frames per model frame.
        assertEquals(List.of(0, 2, 5, 7, 10, 12, 15, 17, 20), frames.subList(0, 9));
        assertEquals(nearest(ts, 12, frames.size()), frames);
        // 3 s at 12 fps: ticks 0..35 inside the stream, and tick 36 (3.000 s) whose nearest frame is the last (2.967 s).
        assertEquals(37, frames.size());
        assertArrayEquals(new long[] {0, 2, 5, 7}, clips.get(0));
        assertArrayEquals(new long[] {2, 5, 7, 10}, clips.get(1));
    }

    @Test
    void fifteenFpsSourceFeedsTwelveFpsModelTheNearestFrames() throws Exception {
        long[] ts = uniform(15, 45, 0); // 3 s
        List<long[]> clips = run(ts, 12, 1);
        List<Integer> frames = flattenModelFrames(clips, 1);
        assertEquals(List.of(0, 1, 2, 4, 5, 6, 7, 9, 10), frames.subList(0, 9));
        assertEquals(nearest(ts, 12, frames.size()), frames);
    }

    @Test
    void jitteredTimestampsStillPickTheNearestFrame() throws Exception {
        long[] ts = uniform(30, 150, 6_000_000L);
        List<Integer> frames = flattenModelFrames(run(ts, 12, 1), 1);
        assertEquals(nearest(ts, 12, frames.size()), frames);
    }

    @Test
    void aClipIsEmittedEveryStrideModelFrames() throws Exception {
        long[] ts = uniform(12, 20, 0); // one source frame per model frame
        List<long[]> clips = run(ts, 12, 3);
        // frames 0..3 -> first clip; then every 3 more: ends at 6, 9, 12, 15, 18; the last 19 is flushed at the end.
        List<Long> ends = new ArrayList<>();
        for (long[] c : clips) ends.add(c[T - 1]);
        assertEquals(List.of(3L, 6L, 9L, 12L, 15L, 18L, 19L), ends);
    }

    @Test
    void aStreamShorterThanOneClipIsPaddedWithItsLastFrame() throws Exception {
        long[] ts = uniform(12, 2, 0);
        List<long[]> clips = run(ts, 12, 1);
        assertEquals(1, clips.size());
        assertArrayEquals(new long[] {0, 1, 1, 1}, clips.get(0));
    }

    @Test
    void aTimestampGapStartsANewWindowInsteadOfRepeatingFramesAcrossIt() throws Exception {
        long[] ts = uniform(12, 10, 0);
        long[] gapped = java.util.Arrays.copyOf(ts, 20);
        for (int i = 10; i < 20; i++) gapped[i] = ts[9] + 10_000_000_000L + (i - 10) * 83_333_333L;
        List<long[]> clips = run(gapped, 12, 1);
        for (long[] c : clips) {
            boolean before = c[0] < 10;
            for (long f : c) assertEquals(before, f < 10, "clip mixes frames across the gap: " + java.util.Arrays.toString(c));
        }
    }
}
