package io.jesture.demo;

import io.jesture.GestureEvent;
import io.jesture.Provider;
import io.jesture.RecognizerStats;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.concurrent.TimeUnit;

/**
 * What one repaint of the demo costs the EDT (software Java2D into an offscreen image, no X server):
 * the scaled video, the bars, the history and the status bar, with a gesture label on screen. Run with
 * {@code java -Djava.awt.headless=true -cp "target/test-classes:target/classes:$(cat target/cp.txt)" org.openjdk.jmh.Main DemoViewPaintBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DemoViewPaintBenchmark {
    @Param({"1280x760", "1920x1080"})
    public String window;

    /** What a repaint covers: everything (an event, a key), the video (a new frame), the side panel (new scores). */
    @Param({"all", "video", "side"})
    public String region;

    private DemoView view;
    private BufferedImage target;
    private Graphics2D g;

    @Setup
    public void setup() {
        String[] wh = window.split("x");
        int w = Integer.parseInt(wh[0]), h = Integer.parseInt(wh[1]);
        DemoFeed feed = new DemoFeed();
        RecognizerStats stats = new RecognizerStats(1, 0, 1, 0, 1, 30, 30, 15, 11, 1, 0, Provider.CPU, "jesture-r2plus1d.onnx");
        view = new DemoView(feed, () -> stats, "synthetic:seed=7", 8, true);
        view.setSize(w, h);
        ScriptedScene scene = new ScriptedScene(640, 480, 30);
        feed.consumer(() -> {});
        feed.onFrame(scene.render(10), scene.format, 0);
        feed.onScores(DemoWindowXTest.scores(20, 0.8f));
        feed.onGesture(new GestureEvent("Thumb Up", 20, 0.9f, 0, 0, 0));
        view.pull();
        target = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        g = target.createGraphics();
        int sw = Math.max(270, Math.min(380, w * 28 / 100));
        if (region.equals("video")) g.setClip(0, 0, w - sw, h - 36);
        if (region.equals("side")) g.setClip(w - sw, 0, sw, h);
    }

    @TearDown
    public void tearDown() {
        g.dispose();
    }

    @Benchmark
    public BufferedImage paint() {
        view.paintComponent(g);
        return target;
    }
}
