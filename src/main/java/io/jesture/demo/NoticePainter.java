package io.jesture.demo;

import java.awt.Color;
import java.awt.Composite;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.font.TextAttribute;
import java.util.Map;

/**
 * What the demo tells the user over the video: the chips in its corner (live, paused, source lost,
 * mirrored), the banners of a lost source or an ended stream with the next step, and the toast.
 */
final class NoticePainter {
    private static final Color BANNER_CARD = Theme.alpha(Theme.PANEL, 0.94f);

    private final DemoState state;
    private final Font fChip = Theme.sans(Font.BOLD, 11f).deriveFont(Map.of(TextAttribute.TRACKING, 0.08f));
    private final Font fTitle = Theme.sans(Font.BOLD, 14f);
    private final Font fText = Theme.sans(Font.PLAIN, 13f);

    NoticePainter(DemoState state) {
        this.state = state;
    }

    /** The chips, in the top left corner of {@code r}. */
    void paintChips(Graphics2D g, Rectangle r) {
        int x = r.x + 2 * Theme.GAP, y = r.y + 2 * Theme.GAP;
        x += chip(g, x, y, state.chipText(), state.chipDot()) + Theme.GAP;
        if (state.mirrored()) chip(g, x, y, "MIRRORED", null);
    }

    /** A small pill with an optional status dot; returns its width. */
    private int chip(Graphics2D g, int x, int y, String text, Color dot) {
        FontMetrics fm = g.getFontMetrics(fChip);
        int h = 24, padX = 10, dotW = dot == null ? 0 : 14;
        int w = padX * 2 + dotW + fm.stringWidth(text);
        g.setColor(Theme.SCRIM);
        g.fillRoundRect(x, y, w, h, h, h);
        if (dot != null) {
            g.setColor(dot);
            g.fillOval(x + padX, y + h / 2 - 4, 8, 8);
        }
        g.setFont(fChip);
        g.setColor(Theme.TEXT);
        g.drawString(text, x + padX + dotW, y + (h + fm.getAscent() - fm.getDescent()) / 2);
        return w;
    }

    /** The banners and the toast, stacked from the top of {@code area} (below the chips when they show). */
    void paintBanners(Graphics2D g, Rectangle area, long now) {
        int y = area.y + 2 * Theme.GAP + (state.overlay() ? 36 : 0);
        if (state.sourceLost()) {
            y += banner(g, area, y, "Source lost", state.sourceLostMessage(), "Reconnecting… the demo resumes by itself when frames come back.", Theme.ERROR) + Theme.GAP;
        }
        String ended = state.endOfStream();
        if (ended != null) {
            y += banner(g, area, y, "End of stream", ended, "Press q to quit. Run with --loop to play a file over and over.", Theme.WARN) + Theme.GAP;
        }
        String toast = state.toastShown(now);
        if (toast != null) {
            Composite old = g.getComposite();
            g.setComposite(Theme.fade(state.toastAlpha(now)));
            FontMetrics fm = g.getFontMetrics(fText);
            int max = area.width - 32 - 2 * 18 - 6;
            // Too long for one line: break at the last space that fits, the rest goes on a second line.
            int cut = fm.stringWidth(toast) <= max ? -1 : toast.lastIndexOf(' ', TextFit.fitChars(toast, fm, max));
            if (cut > 0) banner(g, area, y, null, toast.substring(0, cut), toast.substring(cut + 1), state.toastColor());
            else banner(g, area, y, null, toast, null, state.toastColor());
            g.setComposite(old);
        }
    }

    /** A centered message card with a coloured edge and an optional second, dimmer line; returns its height. */
    private int banner(Graphics2D g, Rectangle area, int y, String title, String text, String hint, Color color) {
        FontMetrics ft = g.getFontMetrics(fTitle), fm = g.getFontMetrics(fText);
        int padX = 18, lineH = 20, h = hint == null ? 38 : 58;
        int titleW = title == null ? 0 : ft.stringWidth(title) + 12;
        int maxText = area.width - 32 - 2 * padX - 6;
        String shown = TextFit.ellipsize(text, fm, maxText - titleW);
        String shownHint = hint == null ? null : TextFit.ellipsize(hint, fm, maxText);
        int content = Math.max(titleW + fm.stringWidth(shown), shownHint == null ? 0 : fm.stringWidth(shownHint));
        int w = Math.min(area.width - 32, 2 * padX + 6 + content);
        int x = area.x + (area.width - w) / 2;
        g.setColor(BANNER_CARD);
        g.fillRoundRect(x, y, w, h, 12, 12);
        g.setColor(color);
        g.fillRoundRect(x, y, 5, h, 4, 4);
        int base = y + (hint == null ? (h + fm.getAscent() - fm.getDescent()) / 2 : 24);
        int tx = x + padX + 6;
        if (title != null) {
            g.setFont(fTitle);
            g.setColor(color);
            g.drawString(title, tx, base);
        }
        g.setFont(fText);
        g.setColor(Theme.TEXT);
        g.drawString(shown, tx + titleW, base);
        if (shownHint != null) {
            g.setColor(title == null ? Theme.TEXT : Theme.TEXT_DIM); // a wrapped toast, or a titled banner's next step
            g.drawString(shownHint, tx, base + lineH);
        }
        return h;
    }
}
