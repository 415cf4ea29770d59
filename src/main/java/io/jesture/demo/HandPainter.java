package io.jesture.demo;

import io.jesture.ScoreUpdate;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.Stroke;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;

/**
 * The hand that the hands model read, drawn over the video: MediaPipe's 21 landmarks and the bones
 * between them, from the newest inference. It shows what the tracker saw, so a user can tell a gesture
 * the model missed from a hand the tracker never found (docs/demo.md). Nothing is drawn when no model
 * reads hands, when the newest clip had no hand, or when that clip is older than {@link #STALE_NANOS}
 * behind the frame on screen: the tracker runs at the model's rate, not the camera's, so a hand that
 * left the view must not linger.
 */
final class HandPainter {
    /** How far the inference's newest frame may lag the frame shown before its hand is not drawn. */
    static final long STALE_NANOS = 600_000_000L;
    static final Color BONE = Theme.ACCENT;
    static final Color JOINT = Theme.TEXT;
    /** MediaPipe Hands' connections: the palm's outline, then each finger from its base. */
    private static final int[][] BONES = {
            {0, 1}, {0, 5}, {5, 9}, {9, 13}, {13, 17}, {0, 17},
            {1, 2}, {2, 3}, {3, 4},
            {5, 6}, {6, 7}, {7, 8},
            {9, 10}, {10, 11}, {11, 12},
            {13, 14}, {14, 15}, {15, 16},
            {17, 18}, {18, 19}, {19, 20}};
    /** Line widths 1.5 to 4 pixels in quarter pixels, built once: the drawn hand changes size every frame. */
    private static final Stroke[] STROKES = new Stroke[11];

    static {
        for (int i = 0; i < STROKES.length; i++) {
            STROKES[i] = new BasicStroke(1.5f + i / 4f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
        }
    }

    private final DemoState state;
    private final float[] xs = new float[ScoreUpdate.HAND_POINTS];
    private final float[] ys = new float[ScoreUpdate.HAND_POINTS];
    private final Line2D.Float line = new Line2D.Float();
    private final Ellipse2D.Float dot = new Ellipse2D.Float();

    HandPainter(DemoState state) {
        this.state = state;
    }

    /** Draws the hand into {@code video}, the frame's place on screen; returns whether it drew one. */
    boolean paint(Graphics2D g, Rectangle video) {
        if (!state.hasFrame() || !state.hasScores() || video.isEmpty()) return false;
        ScoreSlot s = state.scores();
        VideoFrame f = state.frame();
        if (!s.hasHand || f.format() == null || f.timestampNanos() - s.clipEndNanos > STALE_NANOS) return false;
        double sx = video.width / (double) f.format().width(), sy = video.height / (double) f.format().height();
        boolean mirrored = state.mirrored();
        for (int j = 0; j < ScoreUpdate.HAND_POINTS; j++) {
            double x = s.hand[2 * j] * sx;
            xs[j] = (float) (mirrored ? video.x + video.width - x : video.x + x);
            ys[j] = (float) (video.y + s.hand[2 * j + 1] * sy);
        }
        // Lines scale with the drawn hand, so a small window and a full screen both read well.
        int step = (int) Math.round((Math.max(1.5, Math.min(4, Math.hypot(xs[9] - xs[0], ys[9] - ys[0]) / 25)) - 1.5) * 4);
        float width = 1.5f + step / 4f;
        Stroke before = g.getStroke();
        g.setStroke(STROKES[step]);
        g.setColor(BONE);
        for (int[] b : BONES) {
            line.setLine(xs[b[0]], ys[b[0]], xs[b[1]], ys[b[1]]);
            g.draw(line);
        }
        g.setColor(JOINT);
        float r = width * 1.2f;
        for (int j = 0; j < ScoreUpdate.HAND_POINTS; j++) {
            dot.setFrame(xs[j] - r, ys[j] - r, 2 * r, 2 * r);
            g.fill(dot);
        }
        g.setStroke(before);
        return true;
    }
}
