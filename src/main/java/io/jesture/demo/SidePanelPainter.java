package io.jesture.demo;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.font.TextAttribute;
import java.util.Map;

/**
 * The side panel: the wordmark and the source, then the top classes' probabilities as bars (smoothed
 * fill, raw tick, threshold mark) with their legend, then the recent gestures. In Teach mode the panel
 * below the header is Teach's.
 */
final class SidePanelPainter {
    private static final Color TEXT_SOFT = Theme.alpha(Theme.TEXT, 0.82f);
    private static final int SCORE_ROW = 38, HISTORY_ROW = 28;

    private final DemoState state;
    private final TeachMode teach;
    private final String sourceName;
    private final Font fTitle = Theme.sans(Font.BOLD, 21f);
    private final Font fSubtitle = Theme.sans(Font.PLAIN, 12f);
    private final Font fHeading = Theme.sans(Font.BOLD, 10.5f).deriveFont(Map.of(TextAttribute.TRACKING, 0.12f));
    private final Font fLabel = Theme.sans(Font.PLAIN, 13f);
    private final Font fLabelBold = Theme.sans(Font.BOLD, 13f);
    private final Font fNumber = Theme.mono(Font.PLAIN, 12f);
    private final Font fNumberBold = Theme.mono(Font.BOLD, 12f);
    private final Font fSmall = Theme.sans(Font.PLAIN, 11f);

    SidePanelPainter(DemoState state, TeachMode teach, String sourceName) {
        this.state = state;
        this.teach = teach;
        this.sourceName = sourceName;
    }

    /** Paints the panel at {@code x0}, {@code sw} wide and {@code h} high. */
    void paint(Graphics2D g, int x0, int sw, int h) {
        g.setColor(Theme.PANEL);
        g.fillRect(x0, 0, sw, h);
        g.setColor(Theme.DIVIDER);
        g.fillRect(x0, 0, 1, h);
        int pad = 3 * Theme.GAP, x = x0 + pad, w = sw - 2 * pad;

        // Header: wordmark and source.
        int y = pad + 22;
        g.setFont(fTitle);
        g.setColor(Theme.TEXT);
        g.drawString("jesture", x, y);
        int tw = g.getFontMetrics(fTitle).stringWidth("jesture");
        g.setColor(Theme.ACCENT);
        g.fillOval(x + tw + 5, y - 6, 7, 7);
        y += 22;
        g.setFont(fSubtitle);
        g.setColor(Theme.TEXT_DIM);
        FontMetrics fs = g.getFontMetrics(fSubtitle);
        g.drawString(TextFit.ellipsize(sourceName, fs, w), x, y);
        String format = state.formatText();
        if (!format.isEmpty()) {
            y += 17;
            g.setColor(Theme.TEXT_FAINT);
            g.drawString(format, x, y);
        }
        y += 2 * Theme.GAP + 8;
        g.setColor(Theme.DIVIDER);
        g.fillRect(x, y, w, 1);
        y += 3 * Theme.GAP;
        if (teach.active()) { // Teach mode takes the panel: the scores and history come back when it closes
            teach.paintPanel(g, x, y, w, h - pad);
            return;
        }

        y = paintScores(g, x, y, w);
        y += 2 * Theme.GAP;
        g.setColor(Theme.DIVIDER);
        g.fillRect(x, y, w, 1);
        y += 3 * Theme.GAP;
        paintHistory(g, x, y, w, h - pad);
    }

    private int paintScores(Graphics2D g, int x, int y, int w) {
        heading(g, "CLASS PROBABILITIES", x, y);
        y += 2 * Theme.GAP + 4;

        int topK = state.topK();
        if (!state.hasScores()) {
            g.setFont(fLabel);
            g.setColor(Theme.TEXT_FAINT);
            g.drawString("Waiting for the first inference…", x, y + 14);
            y += topK * SCORE_ROW;
            legend(g, x, y + 2);
            return y + 6;
        }
        ScoreSlot s = state.scores();
        FontMetrics fm = g.getFontMetrics(fLabel), fn = g.getFontMetrics(fNumber);
        float threshold = state.threshold();
        int shownK = state.shownK();
        for (int i = 0; i < shownK; i++) {
            int c = state.ranked(i);
            float p = DemoState.clamp01(s.smoothed[c]), r = DemoState.clamp01(s.raw[c]);
            boolean top = i == 0;
            int base = y + 13;
            String pct = DemoState.percent(p);
            g.setFont(top ? fNumberBold : fNumber);
            g.setColor(top ? Theme.ACCENT : Theme.TEXT_DIM);
            int pw = fn.stringWidth(pct);
            g.drawString(pct, x + w - pw, base);
            g.setFont(top ? fLabelBold : fLabel);
            g.setColor(top ? Theme.TEXT : TEXT_SOFT);
            g.drawString(TextFit.ellipsize(s.labels.size() > c ? s.labels.get(c) : "#" + c, fm, w - pw - Theme.GAP), x, base);
            int by = y + 21, bh = 6;
            g.setColor(Theme.BAR_TRACK);
            g.fillRoundRect(x, by, w, bh, bh, bh);
            int bw = Math.round(p * w);
            if (bw > 0) {
                g.setColor(top ? Theme.ACCENT : Theme.BAR);
                g.fillRoundRect(x, by, Math.max(bw, bh), bh, bh, bh);
            }
            if (threshold > 0) { // where the smoothed bar must reach for the gesture to fire
                g.setColor(Theme.TEXT_FAINT);
                g.fillRect(x + Math.round(threshold * w), by, 1, bh);
            }
            int rx = x + Math.round(r * (w - 2));
            g.setColor(Theme.TEXT);
            g.fillRect(rx, by - 3, 2, bh + 6);
            y += SCORE_ROW;
        }
        y += (topK - shownK) * SCORE_ROW;
        legend(g, x, y + 2);
        return y + 6;
    }

    /** Explains the marks on a bar: the solid fill is smoothed, the thin tick is the latest raw value, the faint line the threshold. */
    private void legend(Graphics2D g, int x, int y) {
        FontMetrics fl = g.getFontMetrics(fSmall);
        g.setFont(fSmall);
        g.setColor(Theme.ACCENT);
        g.fillRoundRect(x, y - 7, 14, 6, 6, 6);
        g.setColor(Theme.TEXT_DIM);
        g.drawString("smoothed", x + 20, y);
        int rx = x + 20 + fl.stringWidth("smoothed") + 3 * Theme.GAP;
        g.setColor(Theme.TEXT);
        g.fillRect(rx, y - 10, 2, 12);
        g.setColor(Theme.TEXT_DIM);
        g.drawString("raw", rx + 8, y);
        if (state.threshold() > 0) {
            int tx = rx + 8 + fl.stringWidth("raw") + 3 * Theme.GAP;
            g.setColor(Theme.TEXT_FAINT);
            g.fillRect(tx, y - 8, 1, 6);
            g.setColor(Theme.TEXT_DIM);
            g.drawString(state.legendText(), tx + 7, y);
        }
    }

    private void paintHistory(Graphics2D g, int x, int y, int w, int bottom) {
        heading(g, "RECENT GESTURES", x, y);
        String ignored = state.ignoredText();
        if (!ignored.isEmpty()) {
            g.setFont(fSmall);
            g.setColor(Theme.WARN);
            g.drawString(ignored, x + w - g.getFontMetrics(fSmall).stringWidth(ignored), y);
        }
        y += 2 * Theme.GAP + 4;
        int n = state.historySize();
        if (n == 0) {
            g.setFont(fLabel);
            g.setColor(Theme.TEXT_FAINT);
            g.drawString("None yet.", x, y + 14);
            g.drawString("Make a gesture in front of the camera.", x, y + 34);
            return;
        }
        FontMetrics fm = g.getFontMetrics(fLabel), fn = g.getFontMetrics(fNumber);
        int timeW = fn.stringWidth("00:00:00") + 2 * Theme.GAP;
        for (int i = 0; i < n; i++) {
            if (y + HISTORY_ROW > bottom) break;
            DemoState.Row row = state.history(i);
            boolean first = i == 0;
            if (first) {
                g.setColor(Theme.PANEL_RAISED);
                g.fillRoundRect(x - Theme.GAP, y - 2, w + 2 * Theme.GAP, HISTORY_ROW - 2, 10, 10);
            }
            int base = y + 16;
            g.setFont(fNumber);
            g.setColor(Theme.TEXT_FAINT);
            g.drawString(row.time(), x, base);
            int pw = fn.stringWidth(row.percent());
            g.setColor(first ? Theme.ACCENT : Theme.TEXT_DIM);
            g.drawString(row.percent(), x + w - pw, base);
            g.setFont(first ? fLabelBold : fLabel);
            g.setColor(first ? Theme.TEXT : TEXT_SOFT);
            g.drawString(TextFit.ellipsize(row.label(), fm, w - timeW - pw - Theme.GAP), x + timeW, base);
            y += HISTORY_ROW;
        }
    }

    private void heading(Graphics2D g, String text, int x, int y) {
        g.setFont(fHeading);
        g.setColor(Theme.TEXT_DIM);
        g.drawString(text, x, y);
    }
}
