package io.jesture.synth;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.util.SplittableRandom;

/**
 * A screen on the wall behind the performer playing video: shots of 1.5 to 5 s that cut from one to
 * the next, each a background that pans and a few shapes that move across it (people, cars, a ball:
 * colour and motion are what a webcam sees of them at this size). Motion that fills a part of the
 * frame and cuts abruptly, the kind a model trained on people alone has never seen. Every shot is
 * drawn from the seed when the painter is built, so a frame allocates nothing. Not thread-safe.
 */
final class ScreenPainter {
    private static final int SHOTS = 40, SHAPES = 3;

    private final Graphics2D g;
    private final int width, height;
    private final double cx, cy, w, h;
    private final double[] shotStart = new double[SHOTS + 1];
    private final Color[] bg = new Color[SHOTS], band = new Color[SHOTS];
    private final double[] pan = new double[SHOTS];
    private final Color[][] colour = new Color[SHOTS][SHAPES];
    /** Per shape: x0, y0, vx, ay, fy, size, round (>0.5). */
    private final double[][][] shape = new double[SHOTS][SHAPES][7];
    private final Color bezel = new Color(0x18181A);
    private final BasicStroke bezelStroke;
    private final Rectangle2D.Double rect = new Rectangle2D.Double(), clip = new Rectangle2D.Double();
    private final RoundRectangle2D.Double rrect = new RoundRectangle2D.Double();
    private final Ellipse2D.Double ellipse = new Ellipse2D.Double();

    ScreenPainter(Distractors d, Graphics2D g, int width, int height) {
        this.g = g;
        this.width = width;
        this.height = height;
        cx = d.screenX();
        cy = d.screenY();
        w = d.screenW();
        h = w * 9 / 16;
        bezelStroke = new BasicStroke((float) Math.max(1, 0.012 * height));
        SplittableRandom r = new SplittableRandom(Scene.mix(d.seed(), 0x5C4EL));
        for (int i = 0; i < SHOTS; i++) {
            shotStart[i + 1] = shotStart[i] + 1.5 + r.nextDouble() * 3.5;
            bg[i] = Color.getHSBColor((float) r.nextDouble(), (float) (r.nextDouble() * 0.7), (float) (0.2 + r.nextDouble() * 0.75));
            band[i] = Color.getHSBColor((float) r.nextDouble(), (float) (r.nextDouble() * 0.5), (float) (0.3 + r.nextDouble() * 0.7));
            pan[i] = (r.nextDouble() - 0.5) * 0.8;
            for (int k = 0; k < SHAPES; k++) {
                colour[i][k] = Color.getHSBColor((float) r.nextDouble(), (float) (r.nextDouble() * 0.9), (float) (0.25 + r.nextDouble() * 0.75));
                double[] s = shape[i][k];
                s[0] = r.nextDouble();
                s[1] = 0.2 + r.nextDouble() * 0.6;
                s[2] = (r.nextDouble() - 0.5) * 0.9; // screen widths per second
                s[3] = r.nextDouble() * 0.15;
                s[4] = 0.5 + r.nextDouble() * 2.5;
                s[5] = 0.12 + r.nextDouble() * 0.35;
                s[6] = r.nextDouble();
            }
        }
    }

    private double X(double x) {
        return width / 2.0 + x * height;
    }

    private double Y(double y) {
        return y * height;
    }

    void draw(double t) {
        double period = shotStart[SHOTS];
        double tt = t % period;
        int i = 0;
        while (i < SHOTS - 1 && shotStart[i + 1] <= tt) i++;
        double u = tt - shotStart[i];
        double left = X(cx - w / 2), top = Y(cy - h / 2), pw = w * height, ph = h * height;
        g.setColor(bezel);
        g.setStroke(bezelStroke);
        rrect.setRoundRect(left, top, pw, ph, 0.01 * height, 0.01 * height);
        g.draw(rrect);
        clip.setRect(left, top, pw, ph);
        g.setClip(clip);
        g.setColor(bg[i]);
        g.fill(clip);
        // a panning background: a wide band sliding across
        double bx = ((0.3 + pan[i] * u) % 1.0 + 1.0) % 1.0;
        g.setColor(band[i]);
        rect.setRect(left + (bx - 0.5) * pw, top + ph * 0.55, pw * 0.8, ph * 0.45);
        g.fill(rect);
        for (int k = 0; k < SHAPES; k++) {
            double[] s = shape[i][k];
            double x = ((s[0] + s[2] * u) % 1.2 + 1.2) % 1.2 - 0.1;
            double y = s[1] + s[3] * Math.sin(2 * Math.PI * s[4] * u);
            double sz = s[5] * ph;
            g.setColor(colour[i][k]);
            if (s[6] > 0.5) {
                ellipse.setFrame(left + x * pw - sz / 2, top + y * ph - sz / 2, sz, sz);
                g.fill(ellipse);
            } else {
                rect.setRect(left + x * pw - sz / 2, top + y * ph - sz, sz * 0.7, sz * 2);
                g.fill(rect);
            }
        }
        g.setClip(null);
    }
}
