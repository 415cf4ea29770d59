package io.jesture.demo;

import io.jesture.Provider;
import io.jesture.RecognizerStats;
import org.junit.jupiter.api.Test;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The screenshot key paints the whole view into an image, whatever the last repaint on screen
 * covered. Painted into images only: no window, no X server.
 */
class DemoViewSnapshotTest {
    @Test
    void aSnapshotAfterAVideoOnlyRepaintShowsThePanelAndTheStatusBar() {
        DemoFeed feed = new DemoFeed();
        RecognizerStats stats = new RecognizerStats(900, 0, 440, 3, 437, 30.0, 30.0, 14.9, 11.4, 1, 0, Provider.CPU, "jesture-r2plus1d.onnx");
        DemoView view = new DemoView(feed, () -> stats, "synthetic:seed=7", 8, false);
        feed.consumer(() -> {}); // this thread pulls: the EDT must not pull too
        view.setSize(1280, 760);
        ScriptedScene scene = new ScriptedScene(640, 480, 30);
        feed.onFrame(scene.render(10), scene.format, 0);
        feed.onScores(DemoWindowXTest.scores(20, 0.8f));
        view.pull();

        // What a new frame repaints on screen: the video area only (the panel is 358 wide, the status bar 36 high).
        int sideX = 1280 - 358, statusY = 760 - 36;
        BufferedImage screen = new BufferedImage(1280, 760, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = screen.createGraphics();
        g.setClip(0, 0, sideX, statusY);
        view.paintComponent(g);
        g.dispose();

        BufferedImage shot = view.snapshot();
        Rectangle panel = new Rectangle(sideX + 1, 0, 358 - 1, statusY);
        assertTrue(XScreen.countNear(shot, panel, 0x37D7C4) > 500, "the panel's top bar, in the accent colour, is in the snapshot");
        double sd = XScreen.lumaStdDev(shot, new Rectangle(0, statusY + 1, 1280, 35));
        assertTrue(sd > 5, "the status bar's text is in the snapshot (luma std dev " + sd + ")");
        assertTrue(XScreen.lumaStdDev(shot, view.videoBounds()) > 10, "and the video");
    }
}
