package io.jesture.demo;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;

/** The help card: the window's keys and what they do, over a scrim. */
final class HelpPainter {
    private static final Color SCRIM = Theme.alpha(Color.BLACK, 0.6f);
    /** Each key's caps (one or more) and what it does. */
    private static final String[][] CAPS = {{"q", "Esc"}, {"space"}, {"s"}, {"o"}, {"m"}, {"t"}, {"h"}};
    private static final String[] WHAT = {
            "Quit",
            "Pause / resume: freeze the video, the scores and gesture handling",
            "Save a PNG screenshot of this window",
            "Show / hide the overlay (panels, labels, status bar)",
            "Mirror the display (the model always sees unmirrored frames)",
            "Teach: record takes of a gesture, then adapt and load a profile",
            "Show / hide this help",
    };

    private final Keycap keycap;
    private final Font fTitle = Theme.sans(Font.BOLD, 18f);
    private final Font fText = Theme.sans(Font.PLAIN, 13f);
    private final Font fFoot = Theme.sans(Font.PLAIN, 11f);

    HelpPainter(Keycap keycap) {
        this.keycap = keycap;
    }

    /** Paints the card centred in a {@code width} by {@code height} view. */
    void paint(Graphics2D g, int width, int height) {
        g.setColor(SCRIM);
        g.fillRect(0, 0, width, height);
        FontMetrics fd = g.getFontMetrics(fText), fk = g.getFontMetrics(keycap.font());
        int keyW = 0, descW = 0;
        for (int i = 0; i < CAPS.length; i++) {
            int kw = 0;
            for (String cap : CAPS[i]) kw += fk.stringWidth(cap) + 16 + 6;
            keyW = Math.max(keyW, kw);
            descW = Math.max(descW, fd.stringWidth(WHAT[i]));
        }
        int pad = 28, rowH = 34;
        int w = Math.min(width - 32, pad * 2 + keyW + 12 + descW);
        int h = pad * 2 + 40 + CAPS.length * rowH + 24;
        int x = (width - w) / 2, y = (height - h) / 2;
        g.setColor(Theme.PANEL);
        g.fillRoundRect(x, y, w, h, 18, 18);
        g.setColor(Theme.DIVIDER);
        g.drawRoundRect(x, y, w - 1, h - 1, 18, 18);
        g.setFont(fTitle);
        g.setColor(Theme.TEXT);
        g.drawString("Keyboard", x + pad, y + pad + 16);
        int ry = y + pad + 40;
        for (int i = 0; i < CAPS.length; i++) {
            int kx = x + pad;
            for (String cap : CAPS[i]) {
                int kw = fk.stringWidth(cap) + 16;
                keycap.paint(g, cap, kx, ry, kw, 24);
                kx += kw + 6;
            }
            g.setFont(fText);
            g.setColor(Theme.TEXT);
            g.drawString(TextFit.ellipsize(WHAT[i], fd, w - 2 * pad - keyW - 12), x + pad + keyW + 12, ry + 17);
            ry += rowH;
        }
        g.setFont(fFoot);
        g.setColor(Theme.TEXT_DIM);
        g.drawString("h or Esc closes this help.", x + pad, ry + 14);
    }
}
