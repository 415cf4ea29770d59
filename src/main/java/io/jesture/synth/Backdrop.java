package io.jesture.synth;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.MultipleGradientPaint;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * Background families. Rendered once per scene at frame size (never per frame), from the scene's own
 * random stream. The last two families are held out: only validation and test scenes use them.
 */
enum Backdrop {
    GRADIENT, NOISE, CLUTTER, WINDOW, STRIPES, SHELVES,
    /** Held out. */
    OFFICE,
    /** Held out. */
    OUTDOOR;

    static final Backdrop[] TRAIN_FAMILIES = {GRADIENT, NOISE, CLUTTER, WINDOW, STRIPES, SHELVES};
    static final Backdrop[] HELD_OUT_FAMILIES = {OFFICE, OUTDOOR};

    boolean heldOut() {
        return this == OFFICE || this == OUTDOOR;
    }

    /** Picks a family: training never sees the held-out ones; held-out splits use them half the time. */
    static Backdrop pick(Split split, SplittableRandom r) {
        double u = r.nextDouble();
        if (split != Split.TRAIN && u < 0.5) {
            return HELD_OUT_FAMILIES[r.nextInt(HELD_OUT_FAMILIES.length)];
        }
        return TRAIN_FAMILIES[r.nextInt(TRAIN_FAMILIES.length)];
    }

    /**
     * Renders the backdrop at {@code w x h}. It is drawn at reduced resolution and scaled up with
     * bilinear filtering, which mimics a camera focused on the person in front of it.
     */
    BufferedImage render(int w, int h, long seed, double blur, double vignette) {
        SplittableRandom r = new SplittableRandom(seed);
        int lw = Math.max(8, (int) Math.round(w / blur));
        int lh = Math.max(6, (int) Math.round(h / blur));
        BufferedImage low = new BufferedImage(lw, lh, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = low.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        // Everything below is in height units: x in [0, lw/lh], y in [0, 1].
        g.scale(lh, lh);
        double aw = (double) lw / lh;
        switch (this) {
            case GRADIENT -> gradient(g, r, aw);
            case NOISE -> noise(g, r, aw, lw, lh);
            case CLUTTER -> clutter(g, r, aw);
            case WINDOW -> window(g, r, aw);
            case STRIPES -> stripes(g, r, aw);
            case SHELVES -> shelves(g, r, aw);
            case OFFICE -> office(g, r, aw);
            case OUTDOOR -> outdoor(g, r, aw);
        }
        if (vignette > 0) {
            g.setPaint(new RadialGradientPaint(new Point2D.Double(aw / 2, 0.5), (float) (0.8 * Math.max(aw, 1)),
                    new float[] {0.3f, 1f}, new Color[] {new Color(0, 0, 0, 0), new Color(0, 0, 0, (int) (255 * vignette))},
                    MultipleGradientPaint.CycleMethod.NO_CYCLE));
            g.fill(new Rectangle2D.Double(0, 0, aw, 1));
        }
        g.dispose();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D o = out.createGraphics();
        o.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        o.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        o.drawImage(low, 0, 0, w, h, null);
        o.dispose();
        return out;
    }

    static Color randomColor(SplittableRandom r, double satMax, double vMin, double vMax) {
        float hue = (float) r.nextDouble();
        float sat = (float) (r.nextDouble() * satMax);
        float val = (float) (vMin + r.nextDouble() * (vMax - vMin));
        return Color.getHSBColor(hue, sat, val);
    }

    static Color shade(Color c, double f) {
        return new Color(clamp(c.getRed() * f), clamp(c.getGreen() * f), clamp(c.getBlue() * f));
    }

    static int clamp(double v) {
        return v < 0 ? 0 : v > 255 ? 255 : (int) v;
    }

    private static void gradient(Graphics2D g, SplittableRandom r, double aw) {
        Color a = randomColor(r, 0.6, 0.15, 0.95);
        Color b = randomColor(r, 0.6, 0.15, 0.95);
        if (r.nextBoolean()) {
            double ang = r.nextDouble() * Math.PI * 2;
            double cx = aw / 2, cy = 0.5;
            g.setPaint(new GradientPaint((float) (cx - Math.cos(ang) * 0.7), (float) (cy - Math.sin(ang) * 0.7), a,
                    (float) (cx + Math.cos(ang) * 0.7), (float) (cy + Math.sin(ang) * 0.7), b));
        } else {
            g.setPaint(new RadialGradientPaint(new Point2D.Double(r.nextDouble() * aw, r.nextDouble()), (float) (0.5 + r.nextDouble()),
                    new float[] {0f, 1f}, new Color[] {a, b}));
        }
        g.fill(new Rectangle2D.Double(0, 0, aw, 1));
    }

    private static void noise(Graphics2D g, SplittableRandom r, double aw, int lw, int lh) {
        // Value noise: a few octaves of random colour grids, bilinearly upscaled and blended.
        Color base = randomColor(r, 0.5, 0.2, 0.9);
        g.setColor(base);
        g.fill(new Rectangle2D.Double(0, 0, aw, 1));
        int[] cells = {3, 7, 17, 40};
        float[] alpha = {0.8f, 0.5f, 0.35f, 0.25f};
        double spread = 0.15 + r.nextDouble() * 0.35;
        for (int o = 0; o < cells.length; o++) {
            int gh = cells[o], gw = Math.max(2, (int) Math.ceil(gh * aw));
            BufferedImage grid = new BufferedImage(gw, gh, BufferedImage.TYPE_3BYTE_BGR);
            for (int y = 0; y < gh; y++) {
                for (int x = 0; x < gw; x++) {
                    double f = 1 + (r.nextDouble() - 0.5) * 2 * spread;
                    Color c = shade(base, f);
                    if (r.nextDouble() < 0.2) c = randomColor(r, 0.5, 0.2, 0.9);
                    grid.setRGB(x, y, c.getRGB());
                }
            }
            java.awt.geom.AffineTransform old = g.getTransform();
            g.setTransform(new java.awt.geom.AffineTransform()); // draw the grid in pixels
            g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, alpha[o]));
            g.drawImage(grid, 0, 0, lw, lh, null);
            g.setTransform(old);
        }
        g.setComposite(AlphaComposite.SrcOver);
    }

    private static void wallAndFloor(Graphics2D g, SplittableRandom r, double aw, Color wall) {
        g.setPaint(new GradientPaint(0, 0, shade(wall, 1.1), 0, 1, shade(wall, 0.8)));
        g.fill(new Rectangle2D.Double(0, 0, aw, 1));
        if (r.nextDouble() < 0.6) {
            double fy = 0.7 + r.nextDouble() * 0.25;
            g.setColor(randomColor(r, 0.4, 0.15, 0.6));
            g.fill(new Rectangle2D.Double(0, fy, aw, 1 - fy));
        }
    }

    private static void clutter(Graphics2D g, SplittableRandom r, double aw) {
        wallAndFloor(g, r, aw, randomColor(r, 0.35, 0.35, 0.95));
        int n = 8 + r.nextInt(16);
        for (int i = 0; i < n; i++) {
            Color c = randomColor(r, 0.8, 0.1, 1.0);
            double x = r.nextDouble() * aw, y = r.nextDouble() * 1.1 - 0.1;
            double w = 0.04 + r.nextDouble() * 0.35, h = 0.04 + r.nextDouble() * 0.45;
            g.setPaint(new GradientPaint((float) x, (float) y, c, (float) (x + w), (float) (y + h), shade(c, 0.6 + r.nextDouble() * 0.5)));
            switch (r.nextInt(4)) {
                case 0 -> g.fill(new Rectangle2D.Double(x, y, w, h));
                case 1 -> g.fill(new Ellipse2D.Double(x, y, w, h));
                case 2 -> g.fill(new RoundRectangle2D.Double(x, y, w, h, w * 0.3, h * 0.3));
                default -> {
                    // a framed picture
                    g.fill(new Rectangle2D.Double(x, y, w, h));
                    g.setColor(randomColor(r, 0.9, 0.2, 1.0));
                    g.fill(new Rectangle2D.Double(x + w * 0.12, y + h * 0.12, w * 0.76, h * 0.76));
                }
            }
        }
    }

    private static void window(Graphics2D g, SplittableRandom r, double aw) {
        wallAndFloor(g, r, aw, randomColor(r, 0.25, 0.3, 0.8));
        int n = 1 + r.nextInt(2);
        for (int i = 0; i < n; i++) {
            double w = 0.3 + r.nextDouble() * 0.5, h = 0.35 + r.nextDouble() * 0.5;
            double x = r.nextDouble() * (aw - w * 0.5) - w * 0.2, y = r.nextDouble() * 0.3;
            Color sky = Color.getHSBColor((float) (0.5 + r.nextDouble() * 0.12), (float) (r.nextDouble() * 0.25), 1f);
            g.setPaint(new GradientPaint((float) x, (float) y, Color.WHITE, (float) x, (float) (y + h), sky));
            g.fill(new Rectangle2D.Double(x, y, w, h));
            // overexposed glow around the window
            g.setPaint(new RadialGradientPaint(new Point2D.Double(x + w / 2, y + h / 2), (float) (Math.max(w, h) * 0.9),
                    new float[] {0.5f, 1f}, new Color[] {new Color(255, 255, 255, 120), new Color(255, 255, 255, 0)}));
            g.fill(new Rectangle2D.Double(x - w, y - h, w * 3, h * 3));
            Color frame = randomColor(r, 0.2, 0.2, 0.95);
            g.setColor(frame);
            double t = 0.012 + r.nextDouble() * 0.015;
            g.fill(new Rectangle2D.Double(x + w / 2 - t / 2, y, t, h));
            g.fill(new Rectangle2D.Double(x, y + h / 2 - t / 2, w, t));
            if (r.nextDouble() < 0.4) {
                // half-closed blinds
                double bh = h * r.nextDouble() * 0.6;
                g.setColor(shade(frame, 0.9));
                for (double by = y; by < y + bh; by += 0.02) g.fill(new Rectangle2D.Double(x, by, w, 0.012));
            }
        }
    }

    private static void stripes(Graphics2D g, SplittableRandom r, double aw) {
        Color a = randomColor(r, 0.6, 0.3, 0.95), b = randomColor(r, 0.6, 0.3, 0.95);
        g.setColor(a);
        g.fill(new Rectangle2D.Double(0, 0, aw, 1));
        g.setColor(b);
        double period = 0.03 + r.nextDouble() * 0.15, width = period * (0.2 + r.nextDouble() * 0.6);
        double ang = r.nextInt(3) * Math.PI / 4 + (r.nextDouble() - 0.5) * 0.1;
        java.awt.geom.AffineTransform old = g.getTransform();
        g.rotate(ang, aw / 2, 0.5);
        for (double x = -1.5; x < aw + 1.5; x += period) g.fill(new Rectangle2D.Double(x, -1, width, 3));
        g.setTransform(old);
    }

    private static void shelves(Graphics2D g, SplittableRandom r, double aw) {
        wallAndFloor(g, r, aw, randomColor(r, 0.3, 0.3, 0.8));
        double x0 = r.nextDouble() * aw * 0.3, x1 = aw - r.nextDouble() * aw * 0.3;
        Color wood = Color.getHSBColor((float) (0.05 + r.nextDouble() * 0.06), (float) (0.3 + r.nextDouble() * 0.5), (float) (0.25 + r.nextDouble() * 0.5));
        g.setColor(shade(wood, 0.7));
        g.fill(new Rectangle2D.Double(x0, 0, x1 - x0, 1));
        double shelfH = 0.15 + r.nextDouble() * 0.12;
        for (double y = r.nextDouble() * shelfH; y < 1; y += shelfH) {
            double x = x0;
            while (x < x1) {
                double bw = 0.01 + r.nextDouble() * 0.03, bh = shelfH * (0.5 + r.nextDouble() * 0.4);
                g.setColor(randomColor(r, 0.8, 0.15, 0.9));
                if (r.nextDouble() > 0.1) g.fill(new Rectangle2D.Double(x, y + shelfH - bh - 0.015, bw, bh));
                x += bw + 0.002;
            }
            g.setColor(wood);
            g.fill(new Rectangle2D.Double(x0, y + shelfH - 0.015, x1 - x0, 0.015));
        }
    }

    private static void office(Graphics2D g, SplittableRandom r, double aw) {
        Color wall = Color.getHSBColor((float) r.nextDouble(), (float) (r.nextDouble() * 0.15), (float) (0.6 + r.nextDouble() * 0.35));
        wallAndFloor(g, r, aw, wall);
        // ceiling lights
        double ceil = 0.05 + r.nextDouble() * 0.1;
        g.setColor(shade(wall, 0.85));
        g.fill(new Rectangle2D.Double(0, 0, aw, ceil));
        g.setColor(new Color(255, 255, 245));
        for (double x = r.nextDouble() * 0.3; x < aw; x += 0.35 + r.nextDouble() * 0.2) {
            g.fill(new Rectangle2D.Double(x, ceil * 0.3, 0.18, ceil * 0.4));
        }
        // whiteboard or door
        double bx = r.nextDouble() * aw * 0.7, by = ceil + 0.08 + r.nextDouble() * 0.15;
        g.setColor(new Color(150, 150, 150));
        g.fill(new Rectangle2D.Double(bx - 0.01, by - 0.01, 0.42, 0.3));
        g.setColor(new Color(240, 242, 245));
        g.fill(new Rectangle2D.Double(bx, by, 0.4, 0.28));
        g.setColor(randomColor(r, 0.9, 0.4, 0.9));
        for (int i = 0; i < 4; i++) g.fill(new Rectangle2D.Double(bx + 0.03, by + 0.04 + i * 0.05, 0.1 + r.nextDouble() * 0.2, 0.01));
        // desk and a monitor seen from behind
        double dy = 0.75 + r.nextDouble() * 0.15;
        g.setColor(Color.getHSBColor(0.08f, 0.3f, (float) (0.3 + r.nextDouble() * 0.4)));
        g.fill(new Rectangle2D.Double(0, dy, aw, 0.04));
        g.setColor(new Color(30, 30, 35));
        double mx = r.nextDouble() * aw;
        g.fill(new RoundRectangle2D.Double(mx, dy - 0.22, 0.3, 0.2, 0.02, 0.02));
    }

    private static void outdoor(Graphics2D g, SplittableRandom r, double aw) {
        Color sky = Color.getHSBColor((float) (0.55 + r.nextDouble() * 0.08), (float) (r.nextDouble() * 0.6), (float) (0.7 + r.nextDouble() * 0.3));
        g.setPaint(new GradientPaint(0, 0, sky, 0, 0.6f, shade(sky, 1.15)));
        g.fill(new Rectangle2D.Double(0, 0, aw, 1));
        double horizon = 0.45 + r.nextDouble() * 0.3;
        // buildings
        int nb = r.nextInt(6);
        for (int i = 0; i < nb; i++) {
            double w = 0.1 + r.nextDouble() * 0.3, h = 0.2 + r.nextDouble() * 0.4, x = r.nextDouble() * aw;
            Color c = randomColor(r, 0.3, 0.3, 0.8);
            g.setColor(c);
            g.fill(new Rectangle2D.Double(x, horizon - h, w, h));
            g.setColor(shade(c, 0.6));
            for (double wy = horizon - h + 0.03; wy < horizon - 0.04; wy += 0.06) {
                for (double wx = x + 0.02; wx < x + w - 0.03; wx += 0.05) g.fill(new Rectangle2D.Double(wx, wy, 0.025, 0.03));
            }
        }
        // trees
        int nt = 2 + r.nextInt(8);
        for (int i = 0; i < nt; i++) {
            double x = r.nextDouble() * aw, s = 0.08 + r.nextDouble() * 0.2;
            Color leaf = Color.getHSBColor((float) (0.22 + r.nextDouble() * 0.12), (float) (0.4 + r.nextDouble() * 0.5), (float) (0.2 + r.nextDouble() * 0.5));
            g.setColor(new Color(80, 60, 40));
            g.fill(new Rectangle2D.Double(x - s * 0.08, horizon - s, s * 0.16, s * 1.2));
            g.setColor(leaf);
            g.fill(new Ellipse2D.Double(x - s, horizon - s * 2.6, s * 2, s * 2));
            g.setColor(shade(leaf, 1.2));
            g.fill(new Ellipse2D.Double(x - s * 0.7, horizon - s * 2.5, s, s));
        }
        Color ground = Color.getHSBColor((float) (0.1 + r.nextDouble() * 0.2), (float) (0.2 + r.nextDouble() * 0.4), (float) (0.25 + r.nextDouble() * 0.4));
        g.setPaint(new GradientPaint(0, (float) horizon, ground, 0, 1, shade(ground, 0.7)));
        g.fill(new Rectangle2D.Double(0, horizon, aw, 1 - horizon));
    }
}
