package io.jesture.demo;

import io.jesture.GestureEvent;

import java.awt.Color;
import java.awt.Composite;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;

/** The gesture that just fired: a short flash around the video, and its label and confidence on a card that rises in and fades. */
final class GesturePainter {
    private static final Color FLASH_FILL = Theme.alpha(Theme.ACCENT, 0.22f);
    private static final Color CARD = Theme.alpha(Theme.PANEL, 0.88f);

    private final DemoState state;
    private final Font fLabel = Theme.sans(Font.BOLD, 38f);
    private final Font fConfidence = Theme.mono(Font.BOLD, 22f);

    GesturePainter(DemoState state) {
        this.state = state;
    }

    /** The flash, over {@code video} (nothing without video). */
    void paintFlash(Graphics2D g, Rectangle video, long now) {
        float a = state.flashAlpha(now);
        if (video.isEmpty() || a <= 0f) return;
        Composite old = g.getComposite();
        g.setComposite(Theme.fade(a));
        g.setColor(FLASH_FILL);
        g.fillRect(video.x, video.y, video.width, video.height);
        g.setColor(Theme.ACCENT);
        int t = 6;
        g.fillRect(video.x, video.y, video.width, t);
        g.fillRect(video.x, video.y + video.height - t, video.width, t);
        g.fillRect(video.x, video.y, t, video.height);
        g.fillRect(video.x + video.width - t, video.y, t, video.height);
        g.setComposite(old);
    }

    /** The label card, near the bottom of {@code r}. */
    void paintLabel(Graphics2D g, Rectangle r, long now) {
        GestureEvent e = state.eventAt(now);
        if (e == null) return;
        FontMetrics fm = g.getFontMetrics(fLabel);
        FontMetrics fc = g.getFontMetrics(fConfidence);
        String label = e.label(), percent = state.eventPercent();
        int gap = 18, padX = 28, h = 72;
        int w = Math.min(r.width - 32, padX * 2 + fm.stringWidth(label) + gap + fc.stringWidth(percent));
        int x = r.x + (r.width - w) / 2, y = r.y + r.height - h - 28 + state.eventRise(now);
        Composite old = g.getComposite();
        g.setComposite(Theme.fade(state.eventAlpha(now)));
        g.setColor(CARD);
        g.fillRoundRect(x, y, w, h, 20, 20);
        g.setColor(Theme.ACCENT);
        g.fillRoundRect(x, y + h - 4, w, 4, 4, 4);
        int base = y + (h + fm.getAscent() - fm.getDescent()) / 2 - 1;
        g.setFont(fLabel);
        g.setColor(Theme.TEXT);
        g.drawString(label, x + padX, base);
        g.setFont(fConfidence);
        g.setColor(Theme.ACCENT);
        g.drawString(percent, x + w - padX - fc.stringWidth(percent), base);
        g.setComposite(old);
    }
}
