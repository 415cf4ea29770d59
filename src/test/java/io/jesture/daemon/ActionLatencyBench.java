package io.jesture.daemon;

import java.awt.Frame;
import java.awt.Robot;
import java.awt.event.KeyAdapter;
import java.awt.event.KeyEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * How long the daemon adds: from {@code GestureListener.onGesture} to the KEY_PRESSED event in a real
 * AWT window, through the action thread, the engine and java.awt.Robot (XTest). Needs an X server:
 * {@code xvfb-run -a java -cp target/test-classes:target/classes:$(cat cp.txt) io.jesture.daemon.ActionLatencyBench [n]}.
 * A benchmark, not a test: it prints percentiles and asserts nothing.
 */
public final class ActionLatencyBench {
    private ActionLatencyBench() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        BlockingQueue<Long> pressedAt = new ArrayBlockingQueue<>(16);
        Frame f = new Frame("jesture latency bench");
        f.setBounds(100, 100, 300, 200);
        f.addKeyListener(new KeyAdapter() {
            @Override public void keyPressed(KeyEvent e) {
                if (e.getKeyCode() == KeyEvent.VK_RIGHT) pressedAt.add(System.nanoTime());
            }
        });
        Robot robot = new Robot();
        java.awt.EventQueue.invokeAndWait(() -> f.setVisible(true));
        robot.waitForIdle();
        robot.mouseMove(250, 200);
        robot.mousePress(java.awt.event.InputEvent.BUTTON1_DOWN_MASK);
        robot.mouseRelease(java.awt.event.InputEvent.BUTTON1_DOWN_MASK);
        java.awt.EventQueue.invokeAndWait(f::requestFocus);
        robot.waitForIdle();

        Path config = Files.createTempFile("bench", ".yaml");
        Files.writeString(config, "defaults: {cooldown: 0}\nrateLimit: {actions: 1000, per: 1s}\ngestures:\n  Swiping Left: Right\n");
        Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        try (RobotBackend backend = RobotBackend.open();
             Daemon d = Daemon.start(config, io.jesture.synth.JesterLabels.LABELS, backend, FocusProbe.NONE, false, false, Daemon.ReloadListener.NONE)) {
            var listener = d.listener();
            for (int i = 0; i < n + 200; i++) {
                long t0 = System.nanoTime();
                listener.onGesture(Scripted.gesture("Swiping Left", 0.9, 10L * i)); // 10 ms of stream time apart
                Long t1 = pressedAt.poll(5, TimeUnit.SECONDS);
                if (t1 == null) throw new IllegalStateException("no key event for gesture " + i);
                if (i >= 200) h.recordValue(t1 - t0); // the first 200 warm up
            }
        }
        Files.deleteIfExists(config);
        java.awt.EventQueue.invokeAndWait(f::dispose);
        System.out.printf("onGesture -> KEY_PRESSED in an AWT window (Robot/XTest), n=%d: p50 %.3f ms, p90 %.3f ms, p99 %.3f ms, max %.3f ms%n",
                h.getTotalCount(), h.getValueAtPercentile(50) / 1e6, h.getValueAtPercentile(90) / 1e6,
                h.getValueAtPercentile(99) / 1e6, h.getMaxValue() / 1e6);
        System.exit(0);
    }
}
