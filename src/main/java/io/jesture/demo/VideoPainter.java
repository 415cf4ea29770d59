package io.jesture.demo;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;

/**
 * The video itself: the newest frame scaled into its letterbox (mirrored when asked), an empty screen
 * with what is happening (e.g. "Loading model…") before the first frame, and the scrim while paused.
 */
final class VideoPainter {
    private static final Color PAUSE_SCRIM = Theme.alpha(Color.BLACK, 0.5f);

    private final DemoState state;
    private final Font fPhase = Theme.sans(Font.PLAIN, 17f);
    private final Font fPaused = Theme.sans(Font.BOLD, 38f);
    private final Font fPausedHint = Theme.sans(Font.PLAIN, 13f);

    VideoPainter(DemoState state) {
        this.state = state;
    }

    /** Paints into {@code r}, the frame's place in {@code area} (empty before the first frame). */
    void paint(Graphics2D g, Rectangle area, Rectangle r) {
        BufferedImage img = state.frame().image();
        if (!state.hasFrame() || img == null) {
            // An empty "screen" until video arrives; afterwards the letterbox is plain background.
            g.setColor(Theme.VIDEO_BACKGROUND);
            g.fillRoundRect(area.x, area.y, area.width, area.height, 12, 12);
            String phase = state.phaseText();
            if (phase != null) centered(g, phase, fPhase, Theme.TEXT_DIM, area, area.y + area.height / 2);
            return;
        }
        state.framePainted(); // a new frame reached the screen (repaints coalesce)
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        if (state.mirrored()) {
            g.drawImage(img, r.x + r.width, r.y, r.x, r.y + r.height, 0, 0, img.getWidth(), img.getHeight(), null);
        } else {
            g.drawImage(img, r.x, r.y, r.width, r.height, null);
        }
        if (state.paused()) {
            g.setColor(PAUSE_SCRIM);
            g.fillRect(r.x, r.y, r.width, r.height);
            int cy = r.y + r.height / 2;
            centered(g, "Paused", fPaused, Theme.TEXT, r, cy);
            centered(g, "Video, scores and gestures are on hold; the recognizer keeps running. Space resumes.",
                    fPausedHint, Theme.TEXT_DIM, r, cy + 34);
        }
    }

    private static void centered(Graphics2D g, String text, Font font, Color color, Rectangle r, int baseline) {
        FontMetrics fm = g.getFontMetrics(font);
        String shown = TextFit.ellipsize(text, fm, r.width - 32);
        g.setFont(font);
        g.setColor(color);
        g.drawString(shown, r.x + (r.width - fm.stringWidth(shown)) / 2, baseline);
    }
}
