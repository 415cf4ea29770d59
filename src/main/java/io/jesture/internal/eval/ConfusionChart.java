package io.jesture.internal.eval;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Draws a confusion matrix as a PNG with Java2D: true rows down the left, predicted labels up the
 * top, each cell shaded by its share of the row and labelled with its count, the cells that count as
 * right outlined, and each row's clips and accuracy on the right.
 */
final class ConfusionChart {
    /** Whether predicting column {@code j} is right for row {@code group}. */
    interface Rightness {
        boolean isRight(String group, int column);
    }

    private static final int CELL = 26;
    private static final int PAD = 14;
    private static final Color INK = new Color(0x20, 0x24, 0x2a);
    private static final Color GRID = new Color(0xdd, 0xdf, 0xe3);
    private static final Color RIGHT = new Color(0x1b, 0x8a, 0x3c);
    private static final Color EMPTY = Color.WHITE;
    private static final Color FULL = new Color(0x0b, 0x3d, 0x91);

    private ConfusionChart() {}

    static void write(Path file, String title, List<String> rows, List<String> columns, int[][] counts, Rightness right)
            throws IOException {
        Font labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        Font cellFont = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
        Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, 15);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D pg = probe.createGraphics();
        FontMetrics lm = pg.getFontMetrics(labelFont);
        FontMetrics tm = pg.getFontMetrics(titleFont);
        int rowLabelWidth = 0;
        for (String r : rows) rowLabelWidth = Math.max(rowLabelWidth, lm.stringWidth(rowName(r)));
        int colLabelHeight = 0;
        for (String c : columns) colLabelHeight = Math.max(colLabelHeight, lm.stringWidth(c));
        String sideHeader = "clips  right";
        int sideWidth = lm.stringWidth(sideHeader) + 2 * PAD;
        pg.dispose();

        int gridX = PAD + rowLabelWidth + PAD;
        int titleHeight = tm.getHeight() + PAD;
        int axisHeight = lm.getHeight() + 4;
        int gridY = PAD + titleHeight + axisHeight + colLabelHeight + PAD;
        int gridW = columns.size() * CELL;
        int gridH = rows.size() * CELL;
        int width = Math.max(gridX + gridW + sideWidth + PAD, PAD * 2 + tm.stringWidth(title));
        int height = gridY + gridH + PAD + lm.getHeight() + PAD;

        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setColor(INK);
            g.setFont(titleFont);
            g.drawString(title, PAD, PAD + tm.getAscent());

            g.setFont(labelFont);
            g.drawString("top-1 prediction", gridX, PAD + titleHeight + lm.getAscent());
            // Column labels, read bottom to top, each ending just above its column.
            AffineTransform saved = g.getTransform();
            for (int j = 0; j < columns.size(); j++) {
                int x = gridX + j * CELL + CELL / 2 + lm.getAscent() / 2 - 2;
                g.setTransform(saved);
                g.translate(x, gridY - 6);
                g.rotate(-Math.PI / 2);
                g.drawString(columns.get(j), 0, 0);
            }
            g.setTransform(saved);

            g.setFont(labelFont);
            g.drawString(sideHeader, gridX + gridW + PAD, gridY - 6);
            for (int r = 0; r < rows.size(); r++) {
                int y = gridY + r * CELL;
                int total = 0, ok = 0;
                for (int j = 0; j < columns.size(); j++) {
                    total += counts[r][j];
                    if (right.isRight(rows.get(r), j)) ok += counts[r][j];
                }
                String name = rowName(rows.get(r));
                g.setColor(total == 0 ? Color.GRAY : INK);
                g.setFont(labelFont);
                g.drawString(name, gridX - PAD - lm.stringWidth(name), y + CELL / 2 + lm.getAscent() / 2 - 2);
                String side = total == 0 ? String.format(Locale.ROOT, "%5d     -", 0)
                        : String.format(Locale.ROOT, "%5d  %3.0f%%", total, 100.0 * ok / total);
                g.drawString(side, gridX + gridW + PAD, y + CELL / 2 + lm.getAscent() / 2 - 2);
                g.setFont(cellFont);
                FontMetrics cm = g.getFontMetrics();
                for (int j = 0; j < columns.size(); j++) {
                    int x = gridX + j * CELL;
                    double share = total == 0 ? 0 : (double) counts[r][j] / total;
                    g.setColor(blend(EMPTY, FULL, share));
                    g.fillRect(x, y, CELL, CELL);
                    if (counts[r][j] > 0) {
                        String v = Integer.toString(counts[r][j]);
                        g.setColor(share > 0.45 ? Color.WHITE : INK);
                        g.drawString(v, x + (CELL - cm.stringWidth(v)) / 2, y + CELL / 2 + cm.getAscent() / 2 - 1);
                    }
                }
            }
            g.setColor(GRID);
            for (int r = 0; r <= rows.size(); r++) g.drawLine(gridX, gridY + r * CELL, gridX + gridW, gridY + r * CELL);
            for (int j = 0; j <= columns.size(); j++) g.drawLine(gridX + j * CELL, gridY, gridX + j * CELL, gridY + gridH);
            g.setColor(RIGHT);
            g.setStroke(new BasicStroke(2f));
            for (int r = 0; r < rows.size(); r++) {
                for (int j = 0; j < columns.size(); j++) {
                    if (right.isRight(rows.get(r), j)) g.drawRect(gridX + j * CELL + 1, gridY + r * CELL + 1, CELL - 2, CELL - 2);
                }
            }
            g.setFont(labelFont);
            g.setColor(INK);
            String legend = "rows: what the clip shows (counts shaded by share of the row); outlined: a right top-1";
            g.drawString(legend, PAD, gridY + gridH + PAD + lm.getAscent());
        } finally {
            g.dispose();
        }
        Path tmp = file.resolveSibling(".tmp-" + file.getFileName());
        if (!ImageIO.write(img, "png", tmp.toFile())) throw new IOException("no PNG writer for " + file);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static String rowName(String group) {
        return group.equals(ClipSet.NO_GESTURE) ? "- (no gesture expected)" : group.replace("|", " | ");
    }

    private static Color blend(Color a, Color b, double t) {
        t = Math.max(0, Math.min(1, t));
        return new Color((int) Math.round(a.getRed() + (b.getRed() - a.getRed()) * t),
                (int) Math.round(a.getGreen() + (b.getGreen() - a.getGreen()) * t),
                (int) Math.round(a.getBlue() + (b.getBlue() - a.getBlue()) * t));
    }
}
