package io.jesture.synth;

import java.awt.AlphaComposite;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.MultipleGradientPaint;
import java.awt.RadialGradientPaint;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * Indoor room families, as seen by a laptop webcam behind the person: walls (mostly bright and
 * low-contrast), ceilings with lights, doors, shelves, windows, posters and lamps. Rendered once per
 * scene at frame size (never per frame), from the scene's own random stream. A photograph from a
 * {@link Backgrounds} library can fill the wall, a window or a frame on the wall. The last two
 * families are held out: only validation and test scenes use them.
 */
enum Backdrop {
    PLAIN_WALL, DOOR, SHELVES, CEILING, WINDOW, POSTERS,
    /** Held out: an office with ceiling panels, a whiteboard and a monitor. */
    OFFICE,
    /** Held out: a dim room lit by a warm lamp. */
    LAMPLIT;

    static final Backdrop[] TRAIN_FAMILIES = {PLAIN_WALL, DOOR, SHELVES, CEILING, WINDOW, POSTERS};
    static final Backdrop[] HELD_OUT_FAMILIES = {OFFICE, LAMPLIT};

    boolean heldOut() {
        return this == OFFICE || this == LAMPLIT;
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
     *
     * @param photo     a photograph to show (or null), placed as {@code photoMode} says: 0 the whole
     *                  wall, 1 the view through a window, 2 a framed picture
     */
    BufferedImage render(int w, int h, long seed, double blur, double vignette, BufferedImage photo, int photoMode) {
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
        if (photo != null && photoMode == 0) {
            photoWall(g, r, aw, photo);
        } else {
            room(g, r, aw, photo, photoMode);
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

    /** Wall paint: whites, creams, beiges, greys and pale colours, bright-ish. */
    private static Color wallColour(SplittableRandom r, double vMin, double vMax) {
        float hue = (float) (r.nextDouble() < 0.6 ? 0.07 + r.nextDouble() * 0.08 : r.nextDouble());
        float sat = (float) (r.nextDouble() * r.nextDouble() * 0.35);
        return Color.getHSBColor(hue, sat, (float) (vMin + r.nextDouble() * (vMax - vMin)));
    }

    /** A photograph covering the wall: cropped, slightly zoomed, low-contrast (it is out of focus). */
    private static void photoWall(Graphics2D g, SplittableRandom r, double aw, BufferedImage photo) {
        drawPhoto(g, r, photo, 0, 0, aw, 1);
        // an out-of-focus photo behind a person reads flatter: pull it toward its mean brightness
        g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) (0.15 + r.nextDouble() * 0.3)));
        g.setColor(r.nextBoolean() ? new Color(235, 232, 225) : new Color(120, 115, 110));
        g.fill(new Rectangle2D.Double(0, 0, aw, 1));
        g.setComposite(AlphaComposite.SrcOver);
    }

    /** Draws a random crop of {@code photo} into the rectangle (x, y, w, h). */
    private static void drawPhoto(Graphics2D g, SplittableRandom r, BufferedImage photo, double x, double y, double w, double h) {
        int pw = photo.getWidth(), ph = photo.getHeight();
        double zoom = 1 + r.nextDouble() * 1.5;
        double cw = Math.min(pw, ph * w / h) / zoom, ch = cw * h / w;
        if (ch > ph) {
            ch = ph;
            cw = ch * w / h;
        }
        int sx = (int) (r.nextDouble() * Math.max(0, pw - cw)), sy = (int) (r.nextDouble() * Math.max(0, ph - ch));
        boolean flip = r.nextBoolean();
        java.awt.geom.AffineTransform old = g.getTransform();
        g.translate(x, y);
        g.scale(w / cw, h / ch);
        if (flip) {
            g.translate(cw, 0);
            g.scale(-1, 1);
        }
        g.drawImage(photo, 0, 0, (int) cw, (int) ch, sx, sy, sx + (int) cw, sy + (int) ch, null);
        g.setTransform(old);
    }

    private void room(Graphics2D g, SplittableRandom r, double aw, BufferedImage photo, int photoMode) {
        boolean dim = this == LAMPLIT;
        Color wall = dim ? wallColour(r, 0.25, 0.5) : wallColour(r, 0.6, 0.97);
        // light falls off across the wall from a lamp or window to one side
        double lx = r.nextDouble() * aw;
        g.setPaint(new RadialGradientPaint(new Point2D.Double(lx, r.nextDouble() * 0.5), (float) (0.8 + r.nextDouble() * 1.2),
                new float[] {0f, 1f}, new Color[] {shade(wall, 1.12), shade(wall, 0.7 + r.nextDouble() * 0.2)}));
        g.fill(new Rectangle2D.Double(0, 0, aw, 1));
        if (r.nextDouble() < 0.45) {
            // a corner: the other wall takes a different share of the light
            double cx = r.nextDouble() * aw;
            boolean left = r.nextBoolean();
            g.setColor(shade(wall, 0.75 + r.nextDouble() * 0.35));
            g.fill(left ? new Rectangle2D.Double(0, 0, cx, 1) : new Rectangle2D.Double(cx, 0, aw - cx, 1));
        }
        boolean ceiling = this == CEILING || this == OFFICE || r.nextDouble() < 0.2;
        if (ceiling) ceiling(g, r, aw, wall, this == OFFICE);
        int items = switch (this) {
            case PLAIN_WALL -> r.nextInt(2);
            case POSTERS -> 2 + r.nextInt(3);
            default -> 1 + r.nextInt(2);
        };
        switch (this) {
            case DOOR -> door(g, r, aw);
            case SHELVES -> shelves(g, r, aw);
            case WINDOW -> window(g, r, aw, photo);
            case OFFICE -> office(g, r, aw);
            case LAMPLIT -> lamp(g, r, aw);
            default -> { }
        }
        for (int i = 0; i < items; i++) {
            switch (r.nextInt(6)) {
                case 0 -> picture(g, r, aw, photoMode == 2 ? photo : null);
                case 1 -> door(g, r, aw);
                case 2 -> cabinet(g, r, aw);
                case 3 -> lamp(g, r, aw);
                case 4 -> picture(g, r, aw, null);
                default -> board(g, r, aw);
            }
        }
        if (photo != null && photoMode == 1 && this != WINDOW) window(g, r, aw, photo);
        if (photo != null && photoMode == 2) picture(g, r, aw, photo);
    }

    private static void ceiling(Graphics2D g, SplittableRandom r, double aw, Color wall, boolean panels) {
        // the camera looks up a little: the ceiling fills the top, its edge slanted by perspective
        double y0 = 0.08 + r.nextDouble() * 0.22, slant = (r.nextDouble() - 0.5) * 0.15;
        Path2D.Double p = new Path2D.Double();
        p.moveTo(0, 0);
        p.lineTo(aw, 0);
        p.lineTo(aw, y0 + slant);
        p.lineTo(0, y0 - slant);
        p.closePath();
        g.setColor(shade(wall, 0.85 + r.nextDouble() * 0.25));
        g.fill(p);
        g.setColor(shade(wall, 0.6));
        g.fill(new Rectangle2D.Double(0, y0 - Math.abs(slant) - 0.01, aw, 0.012));
        if (panels || r.nextDouble() < 0.6) {
            int n = 1 + r.nextInt(3);
            for (int i = 0; i < n; i++) {
                double x = r.nextDouble() * aw, w = 0.15 + r.nextDouble() * 0.25, yy = (y0 - Math.abs(slant)) * (0.2 + r.nextDouble() * 0.5);
                g.setColor(new Color(255, 255, 250));
                g.fill(new Rectangle2D.Double(x, yy, w, 0.025 + r.nextDouble() * 0.03));
            }
        }
    }

    private static void door(Graphics2D g, SplittableRandom r, double aw) {
        double w = 0.3 + r.nextDouble() * 0.15, x = r.nextDouble() * (aw - w), top = 0.05 + r.nextDouble() * 0.25;
        Color c = r.nextDouble() < 0.5 ? new Color(235, 232, 225)
                : Color.getHSBColor((float) (0.06 + r.nextDouble() * 0.04), (float) (0.3 + r.nextDouble() * 0.4), (float) (0.3 + r.nextDouble() * 0.45));
        g.setColor(shade(c, 0.8));
        g.fill(new Rectangle2D.Double(x - 0.025, top - 0.025, w + 0.05, 1.2));
        g.setPaint(new GradientPaint((float) x, 0, c, (float) (x + w), 0, shade(c, 0.88)));
        g.fill(new Rectangle2D.Double(x, top, w, 1.2));
        g.setColor(shade(c, 0.9));
        g.fill(new Rectangle2D.Double(x + w * 0.12, top + 0.06, w * 0.76, 0.3));
        g.setColor(new Color(180, 170, 140));
        g.fill(new Ellipse2D.Double(x + w * 0.82, top + 0.5, 0.03, 0.03));
    }

    private static void cabinet(Graphics2D g, SplittableRandom r, double aw) {
        double w = 0.3 + r.nextDouble() * 0.5, x = r.nextDouble() * aw - w / 2, y = 0.45 + r.nextDouble() * 0.35;
        Color c = randomColor(r, 0.35, 0.2, 0.85);
        g.setColor(c);
        g.fill(new Rectangle2D.Double(x, y, w, 1 - y));
        g.setColor(shade(c, 0.7));
        g.fill(new Rectangle2D.Double(x + w / 2 - 0.005, y + 0.03, 0.01, 1 - y));
        g.setColor(shade(c, 1.15));
        g.fill(new Rectangle2D.Double(x, y, w, 0.015));
        // something on top: a plant, a box, a bottle
        if (r.nextBoolean()) {
            g.setColor(randomColor(r, 0.7, 0.2, 0.8));
            double ow = 0.05 + r.nextDouble() * 0.1, oh = 0.05 + r.nextDouble() * 0.2;
            g.fill(new RoundRectangle2D.Double(x + r.nextDouble() * w * 0.7, y - oh, ow, oh, 0.02, 0.02));
        }
    }

    private static void picture(Graphics2D g, SplittableRandom r, double aw, BufferedImage photo) {
        double w = 0.15 + r.nextDouble() * 0.35, h = 0.15 + r.nextDouble() * 0.35;
        double x = r.nextDouble() * (aw - w), y = 0.05 + r.nextDouble() * 0.45;
        g.setColor(r.nextBoolean() ? new Color(30, 28, 26) : randomColor(r, 0.4, 0.4, 0.95));
        g.fill(new Rectangle2D.Double(x - 0.015, y - 0.015, w + 0.03, h + 0.03));
        if (photo != null) {
            drawPhoto(g, r, photo, x, y, w, h);
        } else {
            Color a = randomColor(r, 0.7, 0.2, 0.95), b = randomColor(r, 0.7, 0.2, 0.95);
            g.setPaint(new GradientPaint((float) x, (float) y, a, (float) (x + w), (float) (y + h), b));
            g.fill(new Rectangle2D.Double(x, y, w, h));
            int n = r.nextInt(4);
            for (int i = 0; i < n; i++) {
                g.setColor(randomColor(r, 0.8, 0.1, 1));
                double s = 0.03 + r.nextDouble() * w * 0.5;
                g.fill(new Ellipse2D.Double(x + r.nextDouble() * (w - s), y + r.nextDouble() * (h - s), s, s));
            }
        }
    }

    private static void board(Graphics2D g, SplittableRandom r, double aw) {
        // a whiteboard or a cork board with notes
        double w = 0.35 + r.nextDouble() * 0.3, h = 0.25 + r.nextDouble() * 0.2, x = r.nextDouble() * (aw - w), y = 0.1 + r.nextDouble() * 0.3;
        boolean cork = r.nextBoolean();
        g.setColor(new Color(140, 140, 140));
        g.fill(new Rectangle2D.Double(x - 0.012, y - 0.012, w + 0.024, h + 0.024));
        g.setColor(cork ? new Color(190, 150, 100) : new Color(240, 242, 245));
        g.fill(new Rectangle2D.Double(x, y, w, h));
        int n = 2 + r.nextInt(5);
        for (int i = 0; i < n; i++) {
            g.setColor(cork ? new Color(245, 245, 235) : randomColor(r, 0.9, 0.3, 0.8));
            double nw = cork ? 0.06 + r.nextDouble() * 0.06 : 0.08 + r.nextDouble() * 0.2, nh = cork ? 0.07 + r.nextDouble() * 0.05 : 0.01;
            g.fill(new Rectangle2D.Double(x + r.nextDouble() * (w - nw), y + r.nextDouble() * (h - nh), nw, nh));
        }
    }

    private static void lamp(Graphics2D g, SplittableRandom r, double aw) {
        double x = r.nextDouble() * aw, y = 0.3 + r.nextDouble() * 0.5, s = 0.08 + r.nextDouble() * 0.08;
        Color warm = new Color(255, 220 + r.nextInt(30), 160 + r.nextInt(60));
        g.setPaint(new RadialGradientPaint(new Point2D.Double(x, y), (float) (s * 5), new float[] {0f, 1f},
                new Color[] {new Color(warm.getRed(), warm.getGreen(), warm.getBlue(), 170), new Color(warm.getRed(), warm.getGreen(), warm.getBlue(), 0)}));
        g.fill(new Rectangle2D.Double(x - s * 5, y - s * 5, s * 10, s * 10));
        g.setColor(warm);
        Path2D.Double shadeP = new Path2D.Double();
        shadeP.moveTo(x - s * 0.5, y - s * 0.6);
        shadeP.lineTo(x + s * 0.5, y - s * 0.6);
        shadeP.lineTo(x + s * 0.8, y + s * 0.4);
        shadeP.lineTo(x - s * 0.8, y + s * 0.4);
        shadeP.closePath();
        g.fill(shadeP);
        g.setColor(new Color(60, 50, 40));
        g.fill(new Rectangle2D.Double(x - 0.008, y + s * 0.4, 0.016, 1));
    }

    private static void window(Graphics2D g, SplittableRandom r, double aw, BufferedImage photo) {
        double w = 0.35 + r.nextDouble() * 0.5, h = 0.4 + r.nextDouble() * 0.5;
        double x = r.nextDouble() * (aw - w * 0.5) - w * 0.2, y = r.nextDouble() * 0.3;
        if (photo != null) {
            drawPhoto(g, r, photo, x, y, w, h);
            // daylight outside is brighter than the room: wash the view out
            g.setComposite(AlphaComposite.getInstance(AlphaComposite.SRC_OVER, (float) (0.3 + r.nextDouble() * 0.4)));
            g.setColor(Color.WHITE);
            g.fill(new Rectangle2D.Double(x, y, w, h));
            g.setComposite(AlphaComposite.SrcOver);
        } else {
            Color sky = Color.getHSBColor((float) (0.5 + r.nextDouble() * 0.12), (float) (r.nextDouble() * 0.25), 1f);
            g.setPaint(new GradientPaint((float) x, (float) y, Color.WHITE, (float) x, (float) (y + h), sky));
            g.fill(new Rectangle2D.Double(x, y, w, h));
        }
        // overexposed glow around the window
        g.setPaint(new RadialGradientPaint(new Point2D.Double(x + w / 2, y + h / 2), (float) (Math.max(w, h) * 0.9),
                new float[] {0.5f, 1f}, new Color[] {new Color(255, 255, 255, 110), new Color(255, 255, 255, 0)}));
        g.fill(new Rectangle2D.Double(x - w, y - h, w * 3, h * 3));
        Color frame = r.nextBoolean() ? new Color(240, 240, 238) : randomColor(r, 0.3, 0.15, 0.7);
        g.setColor(frame);
        double t = 0.015 + r.nextDouble() * 0.02;
        int bars = 1 + r.nextInt(4);
        for (int i = 1; i <= bars; i++) g.fill(new Rectangle2D.Double(x + w * i / (bars + 1) - t / 2, y, t, h));
        g.fill(new Rectangle2D.Double(x, y + h / 2 - t / 2, w, t));
        g.fill(new Rectangle2D.Double(x - t, y - t, w + 2 * t, t));
        g.fill(new Rectangle2D.Double(x - t, y + h, w + 2 * t, t));
        double u = r.nextDouble();
        if (u < 0.35) {
            // half-closed blinds
            double bh = h * r.nextDouble() * 0.8;
            g.setColor(shade(frame, 0.9));
            for (double by = y; by < y + bh; by += 0.025) g.fill(new Rectangle2D.Double(x, by, w, 0.015));
        } else if (u < 0.6) {
            // curtains at the sides
            Color c = randomColor(r, 0.5, 0.3, 0.9);
            g.setColor(c);
            g.fill(new Rectangle2D.Double(x - 0.06, y - 0.03, w * 0.22, h + 0.1));
            g.fill(new Rectangle2D.Double(x + w * 0.84, y - 0.03, w * 0.22, h + 0.1));
        }
    }

    private static void shelves(Graphics2D g, SplittableRandom r, double aw) {
        double x0 = r.nextDouble() * aw * 0.6, x1 = Math.min(aw, x0 + 0.4 + r.nextDouble() * aw * 0.5);
        Color wood = Color.getHSBColor((float) (0.05 + r.nextDouble() * 0.06), (float) (0.2 + r.nextDouble() * 0.5), (float) (0.3 + r.nextDouble() * 0.6));
        g.setColor(shade(wood, 0.7));
        double top = r.nextDouble() * 0.3;
        g.fill(new Rectangle2D.Double(x0, top, x1 - x0, 1));
        double shelfH = 0.15 + r.nextDouble() * 0.1;
        for (double y = top; y < 1; y += shelfH) {
            double x = x0 + 0.01;
            while (x < x1 - 0.01) {
                double bw = 0.012 + r.nextDouble() * 0.025, bh = shelfH * (0.5 + r.nextDouble() * 0.4);
                g.setColor(randomColor(r, 0.6, 0.2, 0.85));
                if (r.nextDouble() > 0.15) g.fill(new Rectangle2D.Double(x, y + shelfH - bh - 0.015, bw, bh));
                x += bw + 0.002;
            }
            g.setColor(wood);
            g.fill(new Rectangle2D.Double(x0, y + shelfH - 0.015, x1 - x0, 0.018));
        }
    }

    private static void office(Graphics2D g, SplittableRandom r, double aw) {
        // whiteboard, desk partition and a monitor seen from behind
        board(g, r, aw);
        double dy = 0.7 + r.nextDouble() * 0.2;
        g.setColor(Color.getHSBColor((float) r.nextDouble(), 0.1f, (float) (0.35 + r.nextDouble() * 0.4)));
        g.fill(new Rectangle2D.Double(0, dy, aw, 1 - dy));
        g.setColor(new Color(30, 30, 35));
        double mx = r.nextDouble() * aw;
        g.fill(new RoundRectangle2D.Double(mx, dy - 0.24, 0.32, 0.22, 0.02, 0.02));
    }
}
