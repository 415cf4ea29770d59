package io.jesture.demo;

import io.jesture.Provider;
import io.jesture.RecognizerStats;
import io.jesture.ScoreUpdate;
import org.junit.jupiter.api.Test;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tracked hand over the video: drawn where the landmarks are (mirrored with the video), and not
 * drawn without a hand or when the inference that found it is stale. Painted into images only.
 */
class HandPainterTest {
    static final int W = 640, H = 480;
    static final long FRAME_NANOS = 5_000_000_000L;

    /** An open hand, wrist low, fingers up, around (cx, cy) in frame pixels: 21 landmarks in MediaPipe's order. */
    static float[] hand(float cx, float cy) {
        float[] p = new float[42];
        p[0] = cx;
        p[1] = cy + 60;
        for (int finger = 0; finger < 5; finger++) {
            float x = cx - 40 + finger * 20;
            for (int joint = 0; joint < 4; joint++) {
                int j = 1 + finger * 4 + joint;
                p[2 * j] = x;
                p[2 * j + 1] = cy + 20 - joint * 22;
            }
        }
        return p;
    }

    static BufferedImage paint(float[] hand, long clipEndNanos, boolean mirrored, DemoView[] out) {
        DemoFeed feed = new DemoFeed();
        RecognizerStats stats = new RecognizerStats(900, 0, 440, 3, 437, 30.0, 30.0, 14.9, 11.4, 1, 0, Provider.CPU, "pair");
        DemoView view = new DemoView(feed, () -> stats, "synthetic:seed=7", 8, mirrored);
        feed.consumer(() -> {});
        view.setSize(1280, 760);
        ScriptedScene scene = new ScriptedScene(W, H, 30);
        feed.onFrame(scene.render(10), scene.format, FRAME_NANOS);
        ScoreUpdate s = DemoWindowXTest.scores(20, 0.3f);
        feed.onScores(new ScoreUpdate(s.labels(), s.raw(), s.smoothed(), clipEndNanos, s.inferenceNanos(), Float.NaN, Float.NaN, hand));
        view.pull();
        out[0] = view;
        return view.snapshot();
    }

    /** The hand's box on screen: frame pixels (x0..x1, y0..y1) mapped into the video's place, mirrored or not. */
    static Rectangle onScreen(Rectangle video, float x0, float x1, float y0, float y1, boolean mirrored) {
        double sx = video.width / (double) W, sy = video.height / (double) H;
        double a = x0 * sx, b = x1 * sx;
        int left = (int) Math.floor(video.x + (mirrored ? video.width - b : a)) - 4;
        return new Rectangle(left, (int) (video.y + y0 * sy) - 4, (int) Math.ceil(b - a) + 8, (int) Math.ceil((y1 - y0) * sy) + 8);
    }

    @Test
    void theHandIsDrawnWhereItsLandmarksAreAndFollowsTheMirror() {
        float[] h = hand(160, 200);                       // in the frame's left half: x 120..200, y 154..260
        DemoView[] v = new DemoView[1];
        for (boolean mirrored : new boolean[] {false, true}) {
            BufferedImage shot = paint(h, FRAME_NANOS - 100_000_000L, mirrored, v);
            Rectangle video = v[0].videoBounds();
            Rectangle there = onScreen(video, 120, 200, 154, 260, mirrored);
            Rectangle other = onScreen(video, 120, 200, 154, 260, !mirrored);
            int bones = XScreen.countNear(shot, there, Theme.ACCENT.getRGB() & 0xFFFFFF);
            assertTrue(bones > 150, (mirrored ? "mirrored: " : "") + "the bones, in the accent colour, where the hand is: " + bones);
            assertTrue(XScreen.countNear(shot, other, Theme.ACCENT.getRGB() & 0xFFFFFF) < bones / 10,
                    (mirrored ? "mirrored: " : "") + "and not on the other side");
        }
    }

    @Test
    void noHandOrAStaleOneDrawsNothing() {
        DemoView[] v = new DemoView[1];
        int accent = Theme.ACCENT.getRGB() & 0xFFFFFF;
        BufferedImage drawn = paint(hand(160, 200), FRAME_NANOS, false, v);
        Rectangle there = onScreen(v[0].videoBounds(), 120, 200, 154, 260, false);
        assertTrue(XScreen.countNear(drawn, there, accent) > 150, "the control: a fresh hand is drawn");
        BufferedImage none = paint(null, FRAME_NANOS, false, v);
        assertEquals(0, XScreen.countNear(none, there, accent), "no hand");
        BufferedImage stale = paint(hand(160, 200), FRAME_NANOS - HandPainter.STALE_NANOS - 1, false, v);
        assertEquals(0, XScreen.countNear(stale, there, accent), "a hand from an inference older than the frame by more than the limit");
    }
}
