package io.jesture.demo;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;

/** The status bar: the recognizer's rates and settings as key-value pairs, and the help key on the right. */
final class StatusBarPainter {
    private static final String HINT = "help";

    private final DemoState state;
    private final Keycap keycap;
    private final Font fKey = Theme.sans(Font.PLAIN, 11f);
    private final Font fValue = Theme.mono(Font.PLAIN, 12f);

    StatusBarPainter(DemoState state, Keycap keycap) {
        this.state = state;
        this.keycap = keycap;
    }

    /** Paints the bar along the bottom of a {@code width} by {@code height} view, {@code h} high. */
    void paint(Graphics2D g, int width, int height, int h) {
        int y0 = height - h;
        g.setColor(Theme.PANEL);
        g.fillRect(0, y0, width, h);
        g.setColor(Theme.DIVIDER);
        g.fillRect(0, y0, width, 1);
        FontMetrics fk = g.getFontMetrics(fKey), fv = g.getFontMetrics(fValue);
        int base = y0 + (h + fv.getAscent() - fv.getDescent()) / 2 + 1;
        // Right: the help hint. Items on the left stop before it.
        int kw = fv.stringWidth("h") + 12;
        int hx = width - 2 * Theme.GAP - fk.stringWidth(HINT) - Theme.GAP - kw;
        keycap.paint(g, "h", hx, y0 + (h - 20) / 2, kw, 20);
        g.setFont(fKey);
        g.setColor(Theme.TEXT_DIM);
        g.drawString(HINT, hx + kw + Theme.GAP, base);

        int x = 2 * Theme.GAP;
        for (int i = 0; i < DemoState.STATUS_KEYS.length; i++) {
            String k = DemoState.STATUS_KEYS[i], v = state.statusValue(i);
            int need = fk.stringWidth(k) + 6 + fv.stringWidth(v);
            if (x + need > hx - 2 * Theme.GAP) break;
            g.setFont(fKey);
            g.setColor(Theme.TEXT_FAINT);
            g.drawString(k, x, base);
            x += fk.stringWidth(k) + 6;
            g.setFont(fValue);
            g.setColor(i == DemoState.STATUS_PROVIDER && state.providerFellBack() ? Theme.WARN : Theme.TEXT);
            g.drawString(v, x, base);
            x += fv.stringWidth(v) + 3 * Theme.GAP;
        }
    }
}
