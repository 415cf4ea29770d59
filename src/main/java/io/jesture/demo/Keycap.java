package io.jesture.demo;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;

/** A key drawn as a small raised cap with its name, for the status bar's hint and the help card. */
final class Keycap {
    private final Font font = Theme.mono(Font.BOLD, 12f);

    /** The font of the key's name, for measuring a cap before drawing it. */
    Font font() {
        return font;
    }

    void paint(Graphics2D g, String key, int x, int y, int w, int h) {
        g.setColor(Theme.PANEL_RAISED);
        g.fillRoundRect(x, y, w, h, 6, 6);
        g.setColor(Theme.DIVIDER);
        g.drawRoundRect(x, y, w - 1, h - 1, 6, 6);
        FontMetrics fm = g.getFontMetrics(font);
        g.setFont(font);
        g.setColor(Theme.TEXT);
        g.drawString(key, x + (w - fm.stringWidth(key)) / 2, y + (h + fm.getAscent() - fm.getDescent()) / 2);
    }
}
