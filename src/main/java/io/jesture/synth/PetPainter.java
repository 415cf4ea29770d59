package io.jesture.synth;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.util.SplittableRandom;

/**
 * A cat on the desk in front of the camera: it walks in from one side, stops and sits a while
 * (tail swishing, head turning), then walks out the other way, and comes back later. Large and close,
 * it covers the lower part of the frame and the performer's resting hands: a mover the size of a
 * hand, with legs that swing like fingers. Every crossing is drawn from the seed when the painter is
 * built, so a frame allocates nothing. Not thread-safe.
 */
final class PetPainter {
    private static final int CROSSINGS = 32;
    private static final int[] COATS = {0x1E1C1C, 0x8A8580, 0xC87A3A, 0xE8E4DE, 0x7A5A40, 0xD8C0A0};

    private final Graphics2D g;
    private final int width, height;
    private final double scale;
    /** Per crossing: start, walk-in end, sit end, walk-out end (seconds), direction, stop x, ground y. */
    private final double[] start = new double[CROSSINGS], inEnd = new double[CROSSINGS], sitEnd = new double[CROSSINGS],
            outEnd = new double[CROSSINGS], dir = new double[CROSSINGS], stopX = new double[CROSSINGS], groundY = new double[CROSSINGS];
    private final double cycle;
    private final Color coat, dark, light, eye;
    private final BasicStroke leg, tail;
    private final AlphaComposite half = AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.5f);
    private final Path2D.Double path = new Path2D.Double();
    private final Ellipse2D.Double ellipse = new Ellipse2D.Double();

    PetPainter(Distractors d, Scene s, Graphics2D g, int width, int height) {
        this.g = g;
        this.width = width;
        this.height = height;
        this.scale = d.petScale();
        SplittableRandom r = new SplittableRandom(Scene.mix(d.seed(), 0xCA7L));
        Color c = new Color(COATS[r.nextInt(COATS.length)]);
        coat = Backdrop.shade(c, s.subjectLight());
        dark = Backdrop.shade(c, 0.6 * s.subjectLight());
        light = Backdrop.shade(c, Math.min(1.3, 1.2 * s.subjectLight()));
        eye = new Color(0x8A9A30);
        leg = new BasicStroke((float) (0.07 * scale * height), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
        tail = new BasicStroke((float) (0.055 * scale * height), BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
        double edge = width / (2.0 * height) + 0.6 * scale;
        double t = 0.5 + r.nextDouble() * 2;
        for (int k = 0; k < CROSSINGS; k++) {
            dir[k] = r.nextBoolean() ? 1 : -1;
            stopX[k] = (r.nextDouble() - 0.5) * 0.7;
            groundY[k] = 0.95 + r.nextDouble() * 0.12;
            double speed = 0.3 + r.nextDouble() * 0.3;
            start[k] = t;
            inEnd[k] = t + Math.abs(stopX[k] + dir[k] * edge) / speed;
            sitEnd[k] = inEnd[k] + 1 + r.nextDouble() * 3;
            outEnd[k] = sitEnd[k] + Math.abs(dir[k] * edge - stopX[k]) / speed;
            t = outEnd[k] + 0.5 + r.nextDouble() * 3;
        }
        cycle = t;
    }

    private double X(double x) {
        return width / 2.0 + x * height;
    }

    private double Y(double y) {
        return y * height;
    }

    void draw(double time) {
        double t = time % cycle;
        int k = 0;
        while (k < CROSSINGS - 1 && outEnd[k] <= t) k++;
        if (t < start[k] || t >= outEnd[k]) return;
        double edge = width / (2.0 * height) + 0.6 * scale, dx = dir[k];
        double x, sit, walk;
        if (t < inEnd[k]) {
            double u = (t - start[k]) / (inEnd[k] - start[k]);
            x = -dx * edge + (stopX[k] + dx * edge) * u;
            sit = 0;
            walk = t - start[k];
        } else if (t < sitEnd[k]) {
            x = stopX[k];
            double u = (t - inEnd[k]) / (sitEnd[k] - inEnd[k]);
            sit = Math.min(1, Math.min(u, 1 - u) * 4); // sits down, then gets up again
            walk = 0;
        } else {
            double u = (t - sitEnd[k]) / (outEnd[k] - sitEnd[k]);
            x = stopX[k] + (dx * edge - stopX[k]) * u;
            sit = 0;
            walk = t - sitEnd[k];
        }
        paint(x, groundY[k], dx, sit, walk, t);
    }

    private void paint(double x, double gy, double dx, double sit, double walk, double t) {
        double L = scale;
        double bodyY = gy - 0.46 * L + 0.12 * L * sit;
        double rx = (0.5 - 0.2 * sit) * L, ry = (0.17 + 0.1 * sit) * L;
        double bx = x - dx * 0.12 * L * sit;
        // tail: from the rear, up and swishing
        double swish = Math.sin(2 * Math.PI * 0.6 * t) * 0.2 * L;
        g.setStroke(tail);
        g.setColor(dark);
        path.reset();
        path.moveTo(X(bx - dx * rx * 0.9), Y(bodyY));
        path.quadTo(X(bx - dx * (rx + 0.3 * L)), Y(bodyY - 0.05 * L), X(bx - dx * (rx + 0.2 * L) + swish), Y(bodyY - 0.45 * L));
        g.draw(path);
        // legs: a walk swings them in diagonal pairs; sitting tucks the hind legs under the body
        g.setStroke(leg);
        for (int i = 0; i < 4; i++) {
            boolean front = i < 2;
            if (!front && sit > 0.5) continue;
            double hip = bx + dx * (front ? 0.32 : -0.32) * rx / 0.5 + (i % 2 == 0 ? 0.04 : -0.04) * L;
            double swing = walk > 0 ? 0.12 * L * Math.sin(2 * Math.PI * 1.6 * walk + (i == 0 || i == 3 ? 0 : Math.PI)) : 0;
            g.setColor(i % 2 == 0 ? coat : dark);
            path.reset();
            path.moveTo(X(hip), Y(bodyY + ry * 0.5));
            path.lineTo(X(hip + swing), Y(gy));
            g.draw(path);
        }
        // body, shaded underneath
        g.setColor(coat);
        ellipse.setFrame(X(bx - rx), Y(bodyY - ry), 2 * rx * height, 2 * ry * height);
        g.fill(ellipse);
        g.setComposite(half);
        g.setColor(dark);
        ellipse.setFrame(X(bx - rx * 0.9), Y(bodyY + ry * 0.1), 1.8 * rx * height, 0.9 * ry * height);
        g.fill(ellipse);
        g.setComposite(AlphaComposite.SrcOver);
        // head: ahead of the body when walking, above it when sitting; it turns to look about
        double hx = bx + dx * (0.5 - 0.3 * sit) * L, hy = bodyY - (0.12 + 0.22 * sit) * L, hr = 0.14 * L;
        double look = sit > 0 ? 0.05 * L * Math.sin(2 * Math.PI * 0.3 * t) : 0;
        hx += look;
        path.reset();
        for (int e = -1; e <= 1; e += 2) {
            path.moveTo(X(hx + e * 0.11 * L), Y(hy - 0.06 * L));
            path.lineTo(X(hx + e * 0.1 * L), Y(hy - 0.23 * L));
            path.lineTo(X(hx + e * 0.02 * L), Y(hy - 0.12 * L));
            path.closePath();
        }
        g.setColor(coat);
        g.fill(path);
        ellipse.setFrame(X(hx - hr), Y(hy - hr), 2 * hr * height, 2 * hr * height);
        g.fill(ellipse);
        g.setColor(light);
        ellipse.setFrame(X(hx - hr * 0.5), Y(hy + hr * 0.1), hr * height, hr * 0.7 * height);
        g.fill(ellipse);
        g.setColor(eye);
        for (int e = -1; e <= 1; e += 2) {
            ellipse.setFrame(X(hx + e * 0.055 * L - 0.02 * L), Y(hy - 0.04 * L), 0.04 * L * height, 0.03 * L * height);
            g.fill(ellipse);
        }
    }
}
