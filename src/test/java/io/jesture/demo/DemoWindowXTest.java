package io.jesture.demo;

import io.jesture.GestureEvent;
import io.jesture.PipelineStatus;
import io.jesture.Provider;
import io.jesture.RecognizerStats;
import io.jesture.ScoreUpdate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.imageio.ImageIO;
import javax.swing.SwingUtilities;
import java.awt.Dimension;
import java.awt.GraphicsEnvironment;
import java.awt.Point;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.Toolkit;
import java.awt.event.KeyEvent;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The demo window on a real X server (run under {@code xvfb-run -a}), driven through its listener with
 * scripted frames, scores and events: no recognizer involved. Screens are captured from the X server
 * with {@link Robot}, so they show what a user would see, and kept under target/demo-test/.
 */
@Timeout(60)
class DemoWindowXTest {
    static final List<String> LABELS = io.jesture.synth.JesterLabels.LABELS;
    static final Path OUT = XScreen.OUT;

    private DemoFeed feed;
    private DemoWindow window;
    private final StringWriter printed = new StringWriter();
    private volatile CountDownLatch pulled = new CountDownLatch(1);

    @BeforeEach
    void open() throws Exception {
        assumeFalse(GraphicsEnvironment.isHeadless(), "needs an X server: run under xvfb-run -a");
        Files.createDirectories(OUT);
        feed = new DemoFeed();
        RecognizerStats stats = new RecognizerStats(900, 0, 440, 3, 437, 30.0, 30.0, 14.9, 11.4, 1, 0, Provider.CPU, "jesture-r2plus1d.onnx");
        SwingUtilities.invokeAndWait(() -> {
            window = new DemoWindow(feed, () -> stats, "synthetic:seed=7,size=640x480,fps=30", 8, false, OUT,
                    new PrintWriter(printed, true));
            // Count every pull the view makes, so the test can wait for data to reach it.
            window.view().threshold(0.6);
            feed.consumer(() -> {
                window.view().pull();
                pulled.countDown();
            });
            window.frame().setSize(1280, 760);
            window.frame().setLocation(0, 0);
            window.show();
        });
    }

    @AfterEach
    void close() throws Exception {
        if (window != null) {
            SwingUtilities.invokeAndWait(window::close);
            assertTrue(window.awaitClosed(5, TimeUnit.SECONDS));
        }
    }

    @Test
    void showsVideoAndThenTheGestureThatFired() throws Exception {
        ScriptedScene scene = new ScriptedScene(640, 480, 30);
        deliver(() -> feed.onFrame(scene.render(12), scene.format, 400_000_000L));
        feed.onStatus(new PipelineStatus(PipelineStatus.Kind.SOURCE_OPENED, "synthetic 640x480@30"));
        deliver(() -> feed.onScores(scores(20, 0.74f)));

        BufferedImage screen = captureWindow("video");
        Rectangle video = onEdt(() -> window.view().videoBounds());
        assertTrue(onEdt(() -> window.frame().isShowing()), "window is showing");
        assertTrue(screen.getWidth() >= 1000 && screen.getHeight() >= 600, "window is sized: " + screen.getWidth() + "x" + screen.getHeight());
        assertFalse(video.isEmpty(), "the view laid out a video rectangle");
        double sd = lumaStdDev(screen, video);
        assertTrue(sd > 10, "video area is not blank (luma std dev " + sd + ")");

        deliver(() -> feed.onGesture(new GestureEvent("Thumb Up", 20, 0.93f, 0, 400_000_000L, 31_000_000L)));
        assertEquals("Thumb Up", onEdt(() -> window.view().visibleEventLabel()));
        assertEquals(1, onEdt(() -> window.view().eventsShown()));
        BufferedImage after = captureWindow("event");
        if ("Thumb Up".equals(onEdt(() -> window.view().visibleEventLabel()))) {
            // Still visible after the capture, so it was on screen: its accent underline must be there.
            Rectangle lower = new Rectangle(video.x, video.y + video.height / 2, video.width, video.height / 2);
            assertTrue(countNear(after, lower, 0x37D7C4) > 200, "accent-coloured label card drawn over the video");
        }
    }

    @Test
    void keysPauseHelpOverlayMirrorScreenshotAndQuit() throws Exception {
        ScriptedScene scene = new ScriptedScene(640, 480, 30);
        deliver(() -> feed.onFrame(scene.render(30), scene.format, 1_000_000_000L));
        deliver(() -> feed.onScores(scores(1, 0.41f)));
        Robot robot = new Robot();
        Rectangle video = onEdt(() -> window.view().videoBounds());
        Point origin = onEdt(() -> window.view().getLocationOnScreen());
        robot.mouseMove(origin.x + video.x + video.width / 2, origin.y + video.y + video.height / 2);
        // A round trip to the X server, not Robot.waitForIdle(), which waits out a 10 s limit whenever the
        // event queue is kept busy (see XScreen.capture). The keys that follow travel on the same
        // connection, so the server sees them after the pointer is there.
        Toolkit.getDefaultToolkit().sync();

        press(robot, KeyEvent.VK_H, "help", true);
        captureWindow("help");
        press(robot, KeyEvent.VK_ESCAPE, "help", false);
        assertTrue(onEdt(() -> window.frame().isShowing()), "Esc with help open closes only the help");

        press(robot, KeyEvent.VK_SPACE, "paused", true);
        BufferedImage frozen = captureWindow("paused");
        deliver(() -> feed.onFrame(scene.render(45), scene.format, 1_500_000_000L));
        deliver(() -> feed.onGesture(new GestureEvent("Thumb Down", 21, 0.9f, 0, 1_500_000_000L, 30_000_000L)));
        assertEquals(0, onEdt(() -> window.view().eventsShown()), "no gesture is handled while paused");
        assertEquals(1, onEdt(() -> window.view().ignoredWhilePaused()));
        assertEquals(0, diffPixels(frozen, captureWindow("paused-2"), video), "the video is frozen while paused");
        press(robot, KeyEvent.VK_SPACE, "paused", false);
        deliver(() -> feed.onGesture(new GestureEvent("Swiping Right", 1, 0.81f, 0, 1_600_000_000L, 28_000_000L)));
        assertEquals(1, onEdt(() -> window.view().eventsShown()), "gestures are handled again after resuming");

        press(robot, KeyEvent.VK_O, "overlay", false);
        BufferedImage clean = captureWindow("no-overlay");
        Rectangle full = onEdt(() -> window.view().videoBounds());
        assertTrue(full.width > video.width, "without the overlay the video takes the whole window");
        assertTrue(lumaStdDev(clean, full) > 10);
        press(robot, KeyEvent.VK_O, "overlay", true);

        press(robot, KeyEvent.VK_M, "mirrored", true);
        BufferedImage mirrored = captureWindow("mirrored");
        BufferedImage plain = captureWindow("unmirrored-check");
        assertTrue(onEdt(() -> window.view().mirrored()));

        CountDownLatch saved = new CountDownLatch(1);
        AtomicReference<Object> path = new AtomicReference<>();
        SwingUtilities.invokeAndWait(() -> window.view().addPropertyChangeListener("screenshot", e -> {
            path.set(e.getNewValue());
            saved.countDown();
        }));
        robot.keyPress(KeyEvent.VK_S);
        robot.keyRelease(KeyEvent.VK_S);
        assertTrue(saved.await(10, TimeUnit.SECONDS), "s saved a screenshot");
        Path png = (Path) path.get();
        assertNotNull(png, "screenshot written without error: " + printed);
        assertTrue(png.startsWith(OUT.toAbsolutePath()) || png.startsWith(OUT), "saved under --screenshot-dir: " + png);
        BufferedImage shot = ImageIO.read(png.toFile());
        assertEquals(onEdt(() -> window.view().getWidth()), shot.getWidth());
        assertTrue(printed.toString().contains(png.toString()), "the path is printed: " + printed);
        Files.delete(png);

        // Pushed inside deliver: pushed before it, the view may pull before the latch is there to count it.
        deliver(() -> feed.onStatus(new PipelineStatus(PipelineStatus.Kind.SOURCE_LOST, "camera /dev/video0 delivered no frame for 3 s.")));
        assertEquals("camera /dev/video0 delivered no frame for 3 s.", onEdt(() -> window.view().problem()));
        captureWindow("source-lost");
        deliver(() -> feed.onStatus(new PipelineStatus(PipelineStatus.Kind.SOURCE_RECOVERED, "camera back")));
        assertEquals(null, onEdt(() -> window.view().problem()));
        deliver(() -> feed.onStatus(new PipelineStatus(PipelineStatus.Kind.END_OF_STREAM, "file:clip.mp4 ended after 312 frames.")));
        assertEquals("file:clip.mp4 ended after 312 frames.", onEdt(() -> window.view().problem()));
        captureWindow("end-of-stream");
        deliver(() -> feed.onError("jesture-infer", new IllegalStateException("ORT session failed\nsecond line")));
        assertEquals("jesture-infer: ORT session failed  (details in the log)", onEdt(() -> window.view().toastText()));

        robot.keyPress(KeyEvent.VK_Q);
        robot.keyRelease(KeyEvent.VK_Q);
        assertTrue(window.awaitClosed(10, TimeUnit.SECONDS), "q closes the window");
        assertFalse(mirrored == plain);
    }

    @Test
    void resizingKeepsTheVideoAspectAndLoadingStateIsShown() throws Exception {
        SwingUtilities.invokeAndWait(() -> window.view().phase("Loading model jesture-r2plus1d.onnx…"));
        BufferedImage loading = captureWindow("loading");
        assertTrue(onEdt(() -> window.view().videoBounds()).isEmpty(), "no video before the first frame");
        assertTrue(lumaStdDev(loading, new Rectangle(0, 0, loading.getWidth(), loading.getHeight())) > 5, "the loading message is drawn");

        ScriptedScene scene = new ScriptedScene(640, 480, 30);
        deliver(() -> feed.onFrame(scene.render(5), scene.format, 0));
        for (Dimension size : List.of(new Dimension(1280, 760), new Dimension(760, 480), new Dimension(1500, 600))) {
            CountDownLatch resized = new CountDownLatch(1);
            SwingUtilities.invokeAndWait(() -> {
                window.view().addComponentListener(new java.awt.event.ComponentAdapter() {
                    @Override
                    public void componentResized(java.awt.event.ComponentEvent e) {
                        window.view().removeComponentListener(this);
                        resized.countDown();
                    }
                });
                window.frame().setSize(size);
                window.frame().validate();
            });
            Dimension before = onEdt(() -> window.view().getSize());
            if (!before.equals(size)) assertTrue(resized.await(10, TimeUnit.SECONDS), "resized to " + size);
            BufferedImage img = captureWindow("size-" + size.width + "x" + size.height);
            Rectangle v = onEdt(() -> window.view().videoBounds());
            Dimension view = onEdt(() -> window.view().getSize());
            assertTrue(new Rectangle(view).contains(v), v + " inside " + view);
            assertEquals(4.0 / 3.0, v.width / (double) v.height, 0.01, "aspect kept at " + size + ": " + v);
            assertTrue(lumaStdDev(img, v) > 10, "video drawn at " + size);
        }
    }

    /** Presses a key and waits for the view to report {@code property} changing to {@code expected}. */
    private void press(Robot robot, int key, String property, boolean expected) throws Exception {
        CountDownLatch changed = new CountDownLatch(1);
        java.beans.PropertyChangeListener l = e -> {
            if (Boolean.valueOf(expected).equals(e.getNewValue())) changed.countDown();
        };
        SwingUtilities.invokeAndWait(() -> window.view().addPropertyChangeListener(property, l));
        try {
            robot.keyPress(key);
            robot.keyRelease(key);
            assertTrue(changed.await(10, TimeUnit.SECONDS), "key " + KeyEvent.getKeyText(key) + " set " + property + "=" + expected);
        } finally {
            SwingUtilities.invokeAndWait(() -> window.view().removePropertyChangeListener(property, l));
        }
    }

    static int diffPixels(BufferedImage a, BufferedImage b, Rectangle r) {
        int n = 0;
        for (int y = r.y; y < r.y + r.height; y++) {
            for (int x = r.x; x < r.x + r.width; x++) if (a.getRGB(x, y) != b.getRGB(x, y)) n++;
        }
        return n;
    }

    /** Runs {@code push} (a listener call, as the pipeline would make it) and waits until the view pulled. */
    private void deliver(Runnable push) throws InterruptedException {
        CountDownLatch l = new CountDownLatch(1);
        pulled = l;
        push.run();
        assertTrue(l.await(10, TimeUnit.SECONDS), "the view pulled the data within 10 s");
    }

    static ScoreUpdate scores(int top, float p) {
        float[] raw = new float[LABELS.size()], smoothed = new float[LABELS.size()];
        float rest = (1 - p) / (LABELS.size() - 1);
        for (int i = 0; i < raw.length; i++) {
            smoothed[i] = rest * (1 + (i * 7 % 5)) / 3f;
            raw[i] = smoothed[i] * (0.6f + (i % 3) * 0.4f);
        }
        smoothed[top] = p;
        raw[top] = Math.min(1, p + 0.08f);
        smoothed[25] = 0.11f;
        raw[25] = 0.06f;
        return new ScoreUpdate(LABELS, raw, smoothed, 400_000_000L, 11_000_000L);
    }

    BufferedImage captureWindow(String name) throws Exception {
        return XScreen.capture(window.view(), getClass().getSimpleName() + "-" + name);
    }

    static <T> T onEdt(Callable<T> c) throws Exception {
        return XScreen.onEdt(c);
    }

    static double lumaStdDev(BufferedImage img, Rectangle r) {
        return XScreen.lumaStdDev(img, r);
    }

    static int countNear(BufferedImage img, Rectangle r, int rgb) {
        return XScreen.countNear(img, r, rgb);
    }
}
