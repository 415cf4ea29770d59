package io.jesture.synth;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Composite;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.util.SplittableRandom;

/**
 * Draws a {@link Timeline} into a reused {@code TYPE_3BYTE_BGR} canvas, then applies the camera:
 * exposure, contrast, gamma, white balance with slow drift (per-frame lookup tables) and sensor noise
 * (a precomputed tile at a per-frame offset). Everything expensive (backdrop, noise tile, colours,
 * strokes) is built once per scene, so a frame allocates nothing of its own. Not thread-safe.
 */
final class Renderer {
    /** How strongly depth toward the camera enlarges hand parts (perspective during rolls). */
    private static final double PERSPECTIVE = 0.22;
    private static final int NOISE_ROWS = 64;
    private static final int NOISE_PAD = 64;
    private static final AffineTransform IDENTITY = new AffineTransform();
    /** CLAMP[v + 384] = v clamped to 0..255, for v in -384..639. */
    private static final byte[] CLAMP = new byte[1024];

    static {
        for (int i = 0; i < CLAMP.length; i++) CLAMP[i] = (byte) Math.max(0, Math.min(255, i - 384));
    }

    // Hand model, local units = palm widths; right hand (side +1) thumb toward +x.
    private static final double[][] PALM = {
            {-0.47, -0.44}, {-0.3, -0.5}, {0.0, -0.55}, {0.28, -0.53}, {0.47, -0.46},
            {0.5, 0.12}, {0.36, 0.55}, {-0.28, 0.6}, {-0.45, 0.3}};
    private static final double[][] FINGER_BASE = {{0.35, -0.5}, {0.12, -0.55}, {-0.11, -0.53}, {-0.34, -0.46}};
    private static final double[][] FINGER_LEN = {{0.42, 0.26, 0.2}, {0.47, 0.3, 0.22}, {0.44, 0.28, 0.2}, {0.34, 0.21, 0.17}};
    private static final double[] FINGER_WIDTH = {0.2, 0.21, 0.2, 0.17};
    private static final double[] FINGER_FAN = {0.22, 0.06, -0.1, -0.28};
    private static final double[] FLEX = {Math.toRadians(85), Math.toRadians(105), Math.toRadians(65)};
    private static final double[] THUMB_BASE = {0.38, 0.12};
    private static final double[] THUMB_LEN = {0.36, 0.28, 0.22};
    private static final double THUMB_WIDTH = 0.22;
    private static final double[] THUMB_FLEX = {Math.toRadians(30), Math.toRadians(50), Math.toRadians(40)};
    private static final int WRIST = 9;
    private static final double WRIST_Y = 0.75;
    private static final int DIGITS = 10; // first digit point; digit d, joint j at DIGITS + d * 4 + j

    final int width, height;
    final Scene scene;
    final Timeline timeline;
    final BufferedImage canvas;
    private final byte[] pixels;
    private final Graphics2D g;
    private final BufferedImage backdrop;
    private final byte[] noise;
    private final int noiseStride;
    private final double[] curve = new double[256];
    private final int[] lutB = new int[256], lutG = new int[256], lutR = new int[256];
    private final Pose pose = new Pose(), ghost = new Pose();
    private final double[] px = new double[32], py = new double[32], pz = new double[32];
    private double handS, handPersp;
    private final Path2D.Double path = new Path2D.Double();
    private final Ellipse2D.Double ellipse = new Ellipse2D.Double();
    private final Rectangle2D.Double rect = new Rectangle2D.Double();
    private final RoundRectangle2D.Double rrect = new RoundRectangle2D.Double();
    private final BasicStroke[] strokes = new BasicStroke[2048];
    private final Composite ghostComposite = AlphaComposite.getInstance(AlphaComposite.SRC_OVER, 0.45f);
    private final Color skin, palm, skinShade, outline, cloth, clothShade, hair, dark, lips;

    Renderer(Timeline timeline, int width, int height) {
        if (width < 16 || height < 16) throw new IllegalArgumentException("frame size must be at least 16x16, was " + width + "x" + height);
        this.width = width;
        this.height = height;
        this.timeline = timeline;
        this.scene = timeline.scene;
        Scene s = scene;
        canvas = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        pixels = ((DataBufferByte) canvas.getRaster().getDataBuffer()).getData();
        g = canvas.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        backdrop = s.backdrop().render(width, height, s.backdropSeed(), s.backdropBlur(), s.vignette());

        double light = s.subjectLight();
        Color sk = new Color(s.skin());
        skin = Backdrop.shade(sk, light);
        palm = new Color(Backdrop.clamp((sk.getRed() * 1.06 + 8) * light), Backdrop.clamp(sk.getGreen() * 1.02 * light),
                Backdrop.clamp(sk.getBlue() * 1.02 * light));
        skinShade = Backdrop.shade(sk, 0.82 * light);
        outline = Backdrop.shade(sk, 0.55 * light);
        Color cl = new Color(s.clothing());
        cloth = Backdrop.shade(cl, light);
        clothShade = Backdrop.shade(cl, 0.7 * light);
        hair = Backdrop.shade(new Color(s.hair()), light);
        dark = Backdrop.shade(new Color(40, 25, 20), light);
        lips = new Color(Backdrop.clamp(sk.getRed() * 0.8 * light), Backdrop.clamp(sk.getGreen() * 0.5 * light), Backdrop.clamp(sk.getBlue() * 0.5 * light));

        for (int v = 0; v < 256; v++) {
            double x = Math.pow(v / 255.0, s.gamma());
            curve[v] = (x - 0.5) * s.contrast() + 0.5;
        }
        noiseStride = (width + NOISE_PAD) * 3;
        noise = new byte[noiseStride * NOISE_ROWS];
        SplittableRandom r = new SplittableRandom(s.noiseSeed());
        double sigma = s.noiseSigma(), chroma = s.chromaNoise();
        for (int i = 0; i < noise.length; i += 3) {
            double lum = gauss(r) * sigma;
            for (int c = 0; c < 3; c++) {
                double v = lum + gauss(r) * sigma * chroma;
                noise[i + c] = (byte) Math.max(-127, Math.min(127, Math.round(v)));
            }
        }
    }

    private static double gauss(SplittableRandom r) {
        // Box-Muller with a fixed draw count per sample, so the stream stays aligned.
        double u = r.nextDouble() + 1e-12, v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** Renders scene time {@code t} into {@code out} (BGR, may be the canvas's own buffer). */
    void render(double t, long frameSeq, byte[] out, double fps) {
        draw(t, fps);
        postProcess(t, frameSeq, out);
    }

    byte[] pixels() {
        return pixels;
    }

    /** The current pose at time t, for the pose track. */
    HandPose handPose(double t) {
        timeline.stateAt(t, pose);
        project(pose);
        double open = 1 - (pose.curl[0] + pose.curl[1] + pose.curl[2] + pose.curl[3]) / 4;
        int ti = DIGITS + 4 * 4 + 3, ii = DIGITS + 3;
        double gap = Math.hypot(px[ti] - px[ii], py[ti] - py[ii]) / handS;
        double cy = pose.y * height;
        return new HandPose(width / 2.0 + pose.x * height, cy, pose.scale * height, pose.angle, pose.roll, open,
                pose.spread, gap, (cy - py[ti]) / handS, pose.performing);
    }

    private void draw(double t, double fps) {
        g.setTransform(IDENTITY);
        g.drawImage(backdrop, 0, 0, null);
        timeline.stateAt(t, pose);
        if (pose.objKind > 0 && pose.objKind < 3 && !pose.objFront) drawObject(pose);
        drawBody(t, pose);
        double exposure = Math.min(scene.exposure(), 0.8 / fps);
        if (exposure > 0) {
            timeline.stateAt(t - exposure, ghost);
            double moved = (Math.abs(ghost.x - pose.x) + Math.abs(ghost.y - pose.y) + Math.abs(ghost.scale - pose.scale)) * height
                    + (Math.abs(ghost.angle - pose.angle) + Math.abs(ghost.roll - pose.roll)) * pose.scale * height;
            if (moved > 1.5) {
                g.setComposite(ghostComposite);
                drawArmAndHand(t, ghost);
                g.setComposite(AlphaComposite.SrcOver);
            }
        }
        drawArmAndHand(t, pose);
        if (pose.objKind > 0 && pose.objKind < 3 && pose.objFront) drawObject(pose);
    }

    private double X(double x) {
        return width / 2.0 + x * height;
    }

    private double Y(double y) {
        return y * height;
    }

    private BasicStroke stroke(double w) {
        int i = (int) Math.round(w * 4);
        if (i < 1) i = 1;
        if (i >= strokes.length) i = strokes.length - 1;
        BasicStroke s = strokes[i];
        if (s == null) strokes[i] = s = new BasicStroke(i / 4f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
        return s;
    }

    private void fillEllipse(Color c, double cx, double cy, double rx, double ry) {
        g.setColor(c);
        ellipse.setFrame(X(cx - rx), Y(cy - ry), 2 * rx * height, 2 * ry * height);
        g.fill(ellipse);
    }

    private void drawBody(double t, Pose p) {
        Scene s = scene;
        double b = s.bodyScale();
        double bx = s.bodyXAt(t) + p.headDx * 0.3;
        double hx = s.bodyXAt(t) + p.headDx, hy = s.headYAt(t) + p.headDy;
        double sy = s.shoulderYAt(t) + p.headDy * 0.3;
        int side = s.side();
        // long hair falls behind the shoulders
        if (s.hairStyle() == 3) {
            g.setColor(hair);
            rrect.setRoundRect(X(hx - 0.095 * b), Y(hy - 0.06 * b), 0.19 * b * height, 0.28 * b * height, 0.08 * b * height, 0.08 * b * height);
            g.fill(rrect);
        }
        // neck
        g.setColor(skinShade);
        rect.setRect(X(hx - 0.036 * b), Y(hy + 0.04 * b), 0.072 * b * height, (sy - hy) * height);
        g.fill(rect);
        // torso with shoulders
        g.setColor(cloth);
        rrect.setRoundRect(X(bx - 0.21 * b), Y(sy - 0.025 * b), 0.42 * b * height, 1.6 * height, 0.16 * b * height, 0.16 * b * height);
        g.fill(rrect);
        g.setColor(clothShade);
        g.setStroke(stroke(Math.max(1, 0.006 * b * height)));
        g.draw(rrect);
        // neckline
        fillEllipse(skinShade, hx, sy - 0.005 * b, 0.045 * b, 0.03 * b);
        // the idle arm hangs down the far side
        double ox = s.bodyXAt(t) + side * 0.17 * b, oy = sy + 0.02 * b;
        path.reset();
        path.moveTo(X(ox), Y(oy));
        path.lineTo(X(ox + side * 0.035 * b), Y(oy + 0.3 * b));
        path.lineTo(X(ox + side * 0.01 * b), Y(oy + 0.58 * b));
        g.setColor(clothShade);
        g.setStroke(stroke(0.095 * b * height));
        g.draw(path);
        g.setColor(cloth);
        g.setStroke(stroke(0.08 * b * height));
        g.draw(path);
        fillEllipse(skinShade, ox + side * 0.01 * b, oy + 0.63 * b, 0.04 * b, 0.05 * b);

        // head, tilted about the neck
        g.rotate(p.headTilt, X(hx), Y(hy + 0.09 * b));
        fillEllipse(skinShade, hx - 0.074 * b, hy + 0.005 * b, 0.014 * b, 0.024 * b); // ears
        fillEllipse(skinShade, hx + 0.074 * b, hy + 0.005 * b, 0.014 * b, 0.024 * b);
        if (s.hairStyle() > 0) fillEllipse(hair, hx, hy - 0.022 * b, 0.079 * b, 0.086 * b);
        fillEllipse(skin, hx, hy + 0.008 * b, 0.068 * b, 0.09 * b);
        if (s.hairStyle() == 2) fillEllipse(hair, hx - 0.02 * b, hy - 0.07 * b, 0.055 * b, 0.025 * b); // fringe
        double eyeY = hy - 0.005 * b;
        boolean blink = ((t + s.blinkPhase()) % 3.7) < 0.12;
        double eyeH = blink ? 0.002 * b : 0.008 * b;
        fillEllipse(dark, hx - 0.027 * b, eyeY, 0.011 * b, eyeH);
        fillEllipse(dark, hx + 0.027 * b, eyeY, 0.011 * b, eyeH);
        fillEllipse(skinShade, hx, hy + 0.03 * b, 0.011 * b, 0.01 * b);
        fillEllipse(lips, hx, hy + 0.058 * b, 0.022 * b, 0.006 * b);
        g.setTransform(IDENTITY);
    }

    /** Projects the hand's local model to pixels for pose {@code p}: fills px, py, pz. */
    private void project(Pose p) {
        int side = scene.side();
        double S = p.scale * height;
        handS = S;
        pjCr = Math.cos(p.roll);
        pjSr = Math.sin(p.roll);
        pjCa = Math.cos(p.angle);
        pjSa = Math.sin(p.angle);
        pjCx = X(p.x);
        pjCy = Y(p.y);
        pjS = S;
        perspSum = 0;
        // A roll is wrist flexion: the hand pivots about the wrist, which stays where it would be
        // unrolled, so the forearm does not jump. (x, y) is the palm centre of the unrolled hand.
        double wy = WRIST_Y * pjCr, wz = -WRIST_Y * pjSr;
        double wden = 1 - PERSPECTIVE * wz;
        double wv = wy / (wden < 0.35 ? 0.35 : wden) * S;
        pjCx += (WRIST_Y * S - wv) * -pjSa;
        pjCy += (WRIST_Y * S - wv) * pjCa;
        for (int i = 0; i < PALM.length; i++) put(i, side * PALM[i][0], PALM[i][1], 0);
        put(WRIST, 0, WRIST_Y, 0);
        double fan = 1.3 * p.spread;
        for (int d = 0; d < 4; d++) {
            double dir = side * FINGER_FAN[d] * fan;
            double sd = Math.sin(dir), cd = Math.cos(dir);
            double x = side * FINGER_BASE[d][0], y = FINGER_BASE[d][1], z = 0, phi = 0;
            int k = DIGITS + d * 4;
            put(k, x, y, z);
            for (int j = 0; j < 3; j++) {
                phi += FLEX[j] * p.curl[d];
                double l = FINGER_LEN[d][j];
                x += sd * l * Math.cos(phi);
                y -= cd * l * Math.cos(phi);
                z += l * Math.sin(phi);
                put(k + j + 1, x, y, z);
            }
        }
        double dir = side * (p.thumbAngle - p.thumbCurl * 0.9);
        double sd = Math.sin(dir), cd = Math.cos(dir);
        double x = side * THUMB_BASE[0], y = THUMB_BASE[1], z = 0, phi = 0;
        int k = DIGITS + 16;
        put(k, x, y, z);
        for (int j = 0; j < 3; j++) {
            phi += THUMB_FLEX[j] * p.thumbCurl;
            double l = THUMB_LEN[j];
            x += sd * l * Math.cos(phi);
            y -= cd * l * Math.cos(phi);
            z += l * Math.sin(phi);
            put(k + j + 1, x, y, z);
        }
        handPersp = perspSum / (DIGITS + 20);
    }

    // Projection state of the hand being projected (set at the top of project()).
    private double pjCr, pjSr, pjCa, pjSa, pjCx, pjCy, pjS, perspSum;

    /**
     * Projects one local hand point straight away: roll about the hand's x axis, perspective,
     * in-plane rotation, pixels. Done per point rather than in a loop over the arrays because C2 in
     * JDK 17.0.15 crashed (TypeVect::xmeet) vectorizing that loop.
     */
    private void put(int i, double x, double y, double z) {
        double yr = y * pjCr + z * pjSr;
        double zr = -y * pjSr + z * pjCr;
        double den = 1 - PERSPECTIVE * zr;
        double f = 1 / (den < 0.35 ? 0.35 : den);
        double u = x * f * pjS, v = yr * f * pjS;
        px[i] = pjCx + u * pjCa - v * pjSa;
        py[i] = pjCy + u * pjSa + v * pjCa;
        pz[i] = f;
        perspSum += f;
    }

    private void drawArmAndHand(double t, Pose p) {
        Scene s = scene;
        double b = s.bodyScale();
        int side = s.side();
        project(p);
        double S = handS;
        // Arm: shoulder -> elbow (two-link IK, elbow out and down) -> wrist.
        double shx = X(s.shoulderXAt(t) + p.headDx * 0.3), shy = Y(s.shoulderYAt(t) + 0.02 * b);
        double wx = px[WRIST], wy = py[WRIST];
        // Elbow: start from a hanging elbow, pull it within forearm reach of the wrist, then within
        // upper-arm reach of the shoulder. In the image a raised forearm is foreshortened (it points at
        // the camera), so the elbow usually hangs below the hand as in real webcam footage.
        double l1 = 0.3 * b * height, l2 = 0.29 * b * height;
        double ex = shx - side * 0.05 * b * height, ey = shy + 0.28 * b * height;
        double fx = ex - wx, fy = ey - wy, fd = Math.hypot(fx, fy);
        if (fd > l2) {
            ex = wx + fx * l2 / fd;
            ey = wy + fy * l2 / fd;
        }
        double ux = ex - shx, uy = ey - shy, ud = Math.hypot(ux, uy);
        if (ud > l1) {
            ex = shx + ux * l1 / ud;
            ey = shy + uy * l1 / ud;
        }
        double armW = 0.085 * b * height;
        double foreW = 0.62 * S * handPersp;
        path.reset();
        path.moveTo(shx, shy);
        path.lineTo(ex, ey);
        g.setColor(clothShade);
        g.setStroke(stroke(armW + 2));
        g.draw(path);
        g.setColor(cloth);
        g.setStroke(stroke(armW));
        g.draw(path);
        path.reset();
        path.moveTo(ex, ey);
        path.lineTo(wx, wy);
        g.setColor(s.shortSleeves() ? outline : clothShade);
        g.setStroke(stroke(Math.max(foreW, armW * 0.8) + 2));
        g.draw(path);
        g.setColor(s.shortSleeves() ? skin : cloth);
        g.setStroke(stroke(Math.max(foreW, armW * 0.8)));
        g.draw(path);
        if (!s.shortSleeves()) {
            // the bare wrist between the cuff and the hand
            path.reset();
            path.moveTo(wx + (ex - wx) * 0.12, wy + (ey - wy) * 0.12);
            path.lineTo(wx, wy);
            g.setColor(skin);
            g.setStroke(stroke(foreW * 0.9));
            g.draw(path);
        }
        if (p.objKind == 3) drawMug(p);

        boolean palmFacing = Math.cos(p.roll) > 0;
        if (palmFacing) {
            drawPalm(palm);
            for (int d2 = 3; d2 >= 0; d2--) drawDigit(d2, FINGER_WIDTH[d2]);
            drawDigit(4, THUMB_WIDTH);
        } else {
            drawDigit(4, THUMB_WIDTH);
            for (int d2 = 3; d2 >= 0; d2--) drawDigit(d2, FINGER_WIDTH[d2]);
            drawPalm(skin);
        }
    }

    private void drawPalm(Color c) {
        path.reset();
        path.moveTo(px[0], py[0]);
        for (int i = 1; i < PALM.length; i++) path.lineTo(px[i], py[i]);
        path.closePath();
        double round = 0.16 * handS * handPersp;
        g.setColor(outline);
        g.setStroke(stroke(round + Math.max(1.2, 0.05 * handS)));
        g.draw(path);
        g.setColor(c);
        g.setStroke(stroke(round));
        g.draw(path);
        g.fill(path);
    }

    private void drawDigit(int d, double w) {
        int k = DIGITS + d * 4;
        path.reset();
        path.moveTo(px[k], py[k]);
        for (int j = 1; j < 4; j++) path.lineTo(px[k + j], py[k + j]);
        double f = (pz[k] + pz[k + 3]) / 2;
        double width = w * handS * f;
        g.setColor(outline);
        g.setStroke(stroke(width + Math.max(1.2, 0.05 * handS)));
        g.draw(path);
        g.setColor(skin);
        g.setStroke(stroke(width));
        g.draw(path);
    }

    private Color objColorCache = Color.BLACK;

    /** The object's colour, allocated once per act rather than per frame. */
    private Color objColor(int rgb) {
        if ((objColorCache.getRGB() & 0xFFFFFF) != (rgb & 0xFFFFFF)) objColorCache = new Color(rgb);
        return objColorCache;
    }

    private void drawMug(Pose p) {
        double r = p.objR * height;
        double cx = px[WRIST] * 0.3 + X(p.x) * 0.7, cy = Y(p.y);
        g.setColor(objColor(p.objColor));
        rrect.setRoundRect(cx - r * 0.55, cy - r * 0.7, r * 1.1, r * 1.4, r * 0.2, r * 0.2);
        g.fill(rrect);
    }

    private void drawObject(Pose p) {
        double r = p.objR * height, cx = X(p.objX), cy = Y(p.objY);
        g.setColor(objColor(p.objColor));
        if (p.objKind == 1) {
            ellipse.setFrame(cx - r, cy - r, 2 * r, 2 * r);
            g.fill(ellipse);
        } else {
            rrect.setRoundRect(cx - r, cy - r * 0.7, 2 * r, 1.4 * r, r * 0.2, r * 0.2);
            g.fill(rrect);
        }
    }

    /** Camera response and sensor noise, canvas -> out, through per-frame lookup tables. */
    private void postProcess(double t, long frameSeq, byte[] out) {
        Scene s = scene;
        double gainT = s.gain() * (1 + s.driftAmp() * Math.sin(2 * Math.PI * s.driftFreq() * t + s.driftPhase())) * 255;
        double gb = gainT * s.wbB(), gg = gainT * s.wbG(), gr = gainT * s.wbR();
        for (int v = 0; v < 256; v++) {
            double c = curve[v];
            lutB[v] = lut(c * gb);
            lutG[v] = lut(c * gg);
            lutR[v] = lut(c * gr);
        }
        long hsh = Scene.mix(s.noiseSeed(), frameSeq);
        int ox = (int) ((hsh & 0xFFFF) % NOISE_PAD), oy = (int) (((hsh >>> 16) & 0xFFFF) % NOISE_ROWS);
        byte[] src = pixels, nz = noise;
        int[] lb = lutB, lg = lutG, lr = lutR;
        byte[] cl = CLAMP;
        int si = 0, rowBytes = width * 3;
        for (int y = 0; y < height; y++) {
            int ti = ((y + oy) & (NOISE_ROWS - 1)) * noiseStride + ox * 3;
            int end = si + rowBytes;
            while (si < end) {
                out[si] = cl[lb[src[si] & 255] + nz[ti] + 384];
                out[si + 1] = cl[lg[src[si + 1] & 255] + nz[ti + 1] + 384];
                out[si + 2] = cl[lr[src[si + 2] & 255] + nz[ti + 2] + 384];
                si += 3;
                ti += 3;
            }
        }
    }

    private static int lut(double v) {
        long r = Math.round(v);
        return (int) Math.max(-250, Math.min(500, r));
    }
}
