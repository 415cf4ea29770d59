package io.jesture.demo;

import io.jesture.FrameSource;
import io.jesture.internal.adapt.Recorder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.swing.JComponent;
import java.awt.GraphicsEnvironment;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The window of {@code jesture record} on a real X server: the frames the recorder reads, the
 * countdown and GO over them, and the looping rendered example of a Jester gesture.
 */
@Timeout(120)
class CueWindowXTest {
    private CueWindow window;

    @AfterEach
    void close() {
        if (window != null) window.close();
    }

    @Test
    void showsTheFramesTheCuesAndTheRenderedExample() throws Exception {
        assumeFalse(GraphicsEnvironment.isHeadless(), "needs an X server: run under xvfb-run -a");
        window = CueWindow.open("Thumb Up", "test frames", false, 3.5);
        JComponent c = window.component();
        CountDownLatch example = XScreen.when(c, "example", Boolean.TRUE::equals, () -> window.cueCard().example() != null);
        assertTrue(window.hasExample());

        // Frames read through the tee reach the window.
        ScriptedScene scene = new ScriptedScene(640, 480, 30);
        FrameSource tee = window.tee(new FrameSource() {
            int n;

            @Override
            public Format open() {
                return scene.format;
            }

            @Override
            public long read(byte[] bgr) {
                System.arraycopy(scene.render(n), 0, bgr, 0, bgr.length);
                return n++ * 33_333_333L;
            }

            @Override
            public String description() {
                return "scripted scene";
            }

            @Override
            public void close() { }
        });
        byte[] buf = new byte[scene.format.frameBytes()];
        tee.open();
        tee.read(buf);

        List<String> printed = new ArrayList<>();
        Recorder.Cues cues = window.cues(new Recorder.Cues() {
            @Override
            public void countdown(int take, int of, int left) {
                printed.add("countdown " + take + "/" + of + " " + left);
            }

            @Override
            public void go(int take, int of) {
                printed.add("go " + take + "/" + of);
            }

            @Override
            public void saved(int take, int of, Path folder, int frames) {
                printed.add("saved " + take);
            }
        });
        CountDownLatch counting = XScreen.when(c, "cue", "COUNTDOWN"::equals, () -> false);
        cues.countdown(1, 2, 3);
        assertTrue(counting.await(10, TimeUnit.SECONDS));
        assertTrue(example.await(60, TimeUnit.SECONDS), "the example of Thumb Up was rendered");
        BufferedImage screen = XScreen.capture(c, "CueWindowXTest-countdown");
        Rectangle all = new Rectangle(0, 0, screen.getWidth(), screen.getHeight());
        assertTrue(XScreen.countNear(screen, all, Theme.ACCENT.getRGB() & 0xFFFFFF) > 300, "the accent ring of the countdown is drawn");
        // The example inset, top right: its frame is the only deep teal on screen.
        Rectangle inset = new Rectangle(screen.getWidth() / 2, 0, screen.getWidth() / 2, screen.getHeight() / 2);
        assertTrue(XScreen.countNear(screen, inset, Theme.ACCENT_DEEP.getRGB() & 0xFFFFFF) > 150, "the example inset is drawn");

        CountDownLatch going = XScreen.when(c, "cue", "GO"::equals, () -> false);
        cues.go(1, 2);
        assertTrue(going.await(10, TimeUnit.SECONDS));
        XScreen.capture(c, "CueWindowXTest-go");
        assertEquals(List.of("countdown 1/2 3", "go 1/2"), printed, "the printed cues go on as well");
    }
}
