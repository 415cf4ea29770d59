package io.jesture.demo;

import io.jesture.FrameSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * What the demo costs the pipeline thread per frame: {@link DemoFeed#onFrame} (one copy into a
 * latest-wins slot plus a coalesced EDT wake-up). Run with
 * {@code java -cp "target/test-classes:target/classes:$(cat target/cp.txt)" org.openjdk.jmh.Main DemoFeedBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DemoFeedBenchmark {
    @Param({"640x480", "1280x720"})
    public String size;

    private DemoFeed feed;
    private FrameSource.Format format;
    private byte[] bgr;
    private long ts;

    @Setup
    public void setup() {
        String[] wh = size.split("x");
        format = new FrameSource.Format(Integer.parseInt(wh[0]), Integer.parseInt(wh[1]), 30);
        bgr = new byte[format.frameBytes()];
        for (int i = 0; i < bgr.length; i++) bgr[i] = (byte) (i * 31);
        feed = new DemoFeed();
        feed.consumer(() -> feed.frames.acquire()); // a consumer that keeps up, as the EDT does
    }

    @Benchmark
    public void onFrame() {
        feed.onFrame(bgr, format, ts += 33_333_333L);
    }
}
