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
    private static final double[] THUMB_BASE = {0.42, 0.16};
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
    private final int[] blurRow, blurPrev, blurCur;
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
    private final Composite[] alphas = new Composite[11];
    /** Light direction in the image (unit vector, toward the light), for highlights and shadows. */
    private final double lightDx, lightDy;
    private final Color skin, skinMid, skinHi, skinDark, palm, palmHi, nail, lips, cloth, clothShade, clothHi, hair, hairHi,
            eyeWhite, iris, brow, shadow, passerCloth, passerSkin, passerHair;

    Renderer(Timeline timeline, int width, int height) {
        this(timeline, width, height, Backgrounds.NONE, Split.TRAIN);
    }

    Renderer(Timeline timeline, int width, int height, Backgrounds backgrounds, Split split) {
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
        BufferedImage photo = s.usePhoto() ? backgrounds.pick(split, s.photoPick()) : null;
        backdrop = s.backdrop().render(width, height, s.backdropSeed(), s.backdropBlur(), s.vignette(), photo, s.photoMode());
        for (int i = 0; i < alphas.length; i++) alphas[i] = AlphaComposite.getInstance(AlphaComposite.SRC_OVER, i / 10f);
        double ll = Math.hypot(s.lightX(), 1);
        lightDx = s.lightX() / ll;
        lightDy = -1 / ll;

        double light = s.subjectLight();
        Color sk = new Color(s.skin());
        skin = Backdrop.shade(sk, light);
        skinMid = Backdrop.shade(sk, 0.8 * light);
        skinDark = Backdrop.shade(sk, 0.5 * light);
        skinHi = new Color(Backdrop.clamp((sk.getRed() * 1.12 + 14) * light), Backdrop.clamp((sk.getGreen() * 1.12 + 12) * light),
                Backdrop.clamp((sk.getBlue() * 1.1 + 12) * light));
        // palms are lighter and pinker than the backs of hands, markedly so on dark skin
        palm = new Color(Backdrop.clamp((sk.getRed() * 0.8 + 60) * light), Backdrop.clamp((sk.getGreen() * 0.8 + 35) * light),
                Backdrop.clamp((sk.getBlue() * 0.8 + 30) * light));
        palmHi = Backdrop.shade(palm, 1.1);
        nail = new Color(Backdrop.clamp((sk.getRed() * 0.6 + 95) * light), Backdrop.clamp((sk.getGreen() * 0.6 + 75) * light),
                Backdrop.clamp((sk.getBlue() * 0.6 + 75) * light));
        lips = new Color(Backdrop.clamp((sk.getRed() * 0.75 + 20) * light), Backdrop.clamp(sk.getGreen() * 0.55 * light), Backdrop.clamp(sk.getBlue() * 0.55 * light));
        Color cl = new Color(s.clothing());
        cloth = Backdrop.shade(cl, light);
        clothShade = Backdrop.shade(cl, 0.65 * light);
        clothHi = new Color(Backdrop.clamp((cl.getRed() * 1.1 + 15) * light), Backdrop.clamp((cl.getGreen() * 1.1 + 15) * light),
                Backdrop.clamp((cl.getBlue() * 1.1 + 15) * light));
        hair = Backdrop.shade(new Color(s.hair()), light);
        hairHi = new Color(Backdrop.clamp((hair.getRed() * 1.2 + 25)), Backdrop.clamp((hair.getGreen() * 1.2 + 22)), Backdrop.clamp((hair.getBlue() * 1.2 + 20)));
        eyeWhite = Backdrop.shade(new Color(225, 220, 212), light);
        iris = Backdrop.shade(new Color(s.eyeColour() == 0 ? 0x2A1A12 : s.eyeColour() == 1 ? 0x4A3020 : 0x3A5060), light);
        brow = Backdrop.shade(new Color(s.hair()), 0.8 * light);
        shadow = new Color(0, 0, 0, 70);
        passerCloth = Backdrop.shade(new Color(s.passerColour()), 0.8);
        passerSkin = Backdrop.shade(sk, 0.75);
        passerHair = Backdrop.shade(new Color(s.hair()), 0.6);

        for (int v = 0; v < 256; v++) {
            double x = Math.pow(v / 255.0, s.gamma());
            curve[v] = (x - 0.5) * s.contrast() + 0.5;
        }
        noiseStride = (width + NOISE_PAD) * 3;
        noise = new byte[noiseStride * NOISE_ROWS];
        blurRow = new int[width * 3];
        blurPrev = new int[width * 3];
        blurCur = new int[width * 3];
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

    /** Most sub-frame samples a moving hand is drawn with (the camera's exposure smears it). */
    private static final int BLUR_SAMPLES = 4;

    private void draw(double t, double fps) {
        g.setTransform(IDENTITY);
        g.drawImage(backdrop, 0, 0, null);
        timeline.stateAt(t, pose);
        drawPasser(t);
        if (pose.objKind > 0 && pose.objKind < 3 && !pose.objFront) drawObject(pose);
        drawBody(t, pose);
        double exposure = Math.min(scene.exposure(), 0.9 / fps);
        int samples = 1;
        if (exposure > 0) {
            timeline.stateAt(t - exposure, ghost);
            double moved = (Math.abs(ghost.x - pose.x) + Math.abs(ghost.y - pose.y) + Math.abs(ghost.scale - pose.scale)) * height
                    + (Math.abs(ghost.angle - pose.angle) + Math.abs(ghost.roll - pose.roll)) * pose.scale * height;
            samples = Math.min(BLUR_SAMPLES, 1 + (int) (moved / 2.5));
        }
        if (samples == 1) {
            drawArmAndHand(t, pose);
        } else {
            // Accumulate equal-weight samples over the exposure: the k-th drawn at alpha 1/k.
            for (int k = 0; k < samples; k++) {
                double ts = t - exposure * (samples - 1 - k) / (samples - 1);
                timeline.stateAt(ts, ghost);
                if (k > 0) g.setComposite(alphas[Math.max(1, (int) Math.round(10.0 / (k + 1)))]);
                drawArmAndHand(ts, ghost);
            }
            g.setComposite(AlphaComposite.SrcOver);
            timeline.stateAt(t, pose);
        }
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

    private void alpha(double a) {
        g.setComposite(alphas[Math.max(0, Math.min(10, (int) Math.round(a * 10)))]);
    }

    /** Someone walking past behind the performer, out of focus (a nuisance, independent of the label). */
    private void drawPasser(double t) {
        Scene s = scene;
        if (Double.isNaN(s.passerStart())) return;
        double x = -s.passerSpeed() / Math.abs(s.passerSpeed()) * 1.3 + s.passerSpeed() * (t - s.passerStart());
        if (Math.abs(x) > 1.4) return;
        double k = s.passerScale(), y = 0.15 + 0.05 * Math.sin(9 * t);
        alpha(0.8);
        g.setColor(passerCloth);
        rrect.setRoundRect(X(x - 0.2 * k), Y(y + 0.22 * k), 0.4 * k * height, 1.5 * height, 0.15 * k * height, 0.15 * k * height);
        g.fill(rrect);
        fillEllipse(passerSkin, x, y, 0.08 * k, 0.11 * k);
        fillEllipse(passerHair, x, y - 0.05 * k, 0.08 * k, 0.07 * k);
        g.setComposite(AlphaComposite.SrcOver);
    }

    private void drawBody(double t, Pose p) {
        Scene s = scene;
        double b = s.bodyScale();
        double bx = s.bodyXAt(t) + p.bodyDx + p.headDx * 0.3;
        double hx = s.bodyXAt(t) + p.bodyDx + p.headDx, hy = s.headYAt(t) + p.headDy + p.bodyDy;
        double sy = s.shoulderYAt(t) + p.headDy * 0.3 + p.bodyDy;
        double sw = 0.26 * b;
        int style = s.hairStyle();
        // long hair falls behind the shoulders
        if (style == 3) {
            g.setColor(hair);
            rrect.setRoundRect(X(hx - 0.1 * b), Y(hy - 0.05 * b), 0.2 * b * height, 0.3 * b * height, 0.09 * b * height, 0.09 * b * height);
            g.fill(rrect);
        }
        // neck, shaded under the chin
        g.setColor(skinMid);
        rect.setRect(X(hx - 0.04 * b), Y(hy + 0.04 * b), 0.08 * b * height, (sy - hy + 0.02 * b) * height);
        g.fill(rect);
        // torso: sloping shoulders, arms down the sides, cut by the bottom edge
        path.reset();
        path.moveTo(X(bx - 0.055 * b), Y(sy - 0.03 * b));
        path.quadTo(X(bx - sw * 0.8), Y(sy - 0.025 * b), X(bx - sw), Y(sy + 0.07 * b));
        path.lineTo(X(bx - sw - 0.05 * b), Y(1.3));
        path.lineTo(X(bx + sw + 0.05 * b), Y(1.3));
        path.lineTo(X(bx + sw), Y(sy + 0.07 * b));
        path.quadTo(X(bx + sw * 0.8), Y(sy - 0.025 * b), X(bx + 0.055 * b), Y(sy - 0.03 * b));
        path.closePath();
        g.setColor(cloth);
        g.fill(path);
        // the shoulder away from the light is darker, and so are the arm seams
        g.setClip(path);
        alpha(0.5);
        fillEllipse(clothShade, bx - lightDx * sw * 1.1, sy + 0.3 * b, sw * 0.6, 0.4 * b);
        alpha(0.35);
        fillEllipse(clothHi, bx + lightDx * sw * 0.8, sy + 0.02 * b, sw * 0.35, 0.06 * b);
        g.setComposite(AlphaComposite.SrcOver);
        g.setColor(clothShade);
        g.setStroke(stroke(Math.max(1, 0.008 * b * height)));
        path.reset();
        path.moveTo(X(bx - sw * 0.75), Y(sy + 0.08 * b));
        path.lineTo(X(bx - sw * 0.78), Y(1.2));
        path.moveTo(X(bx + sw * 0.75), Y(sy + 0.08 * b));
        path.lineTo(X(bx + sw * 0.78), Y(1.2));
        g.draw(path);
        g.setClip(null);
        // neckline
        switch (s.clothingStyle()) {
            case 0 -> { // crew neck
                fillEllipse(clothShade, hx, sy - 0.018 * b, 0.055 * b, 0.03 * b);
                fillEllipse(skinMid, hx, sy - 0.024 * b, 0.046 * b, 0.024 * b);
            }
            case 1 -> { // V neck
                path.reset();
                path.moveTo(X(hx - 0.05 * b), Y(sy - 0.03 * b));
                path.lineTo(X(hx + 0.05 * b), Y(sy - 0.03 * b));
                path.lineTo(X(hx), Y(sy + 0.06 * b));
                path.closePath();
                g.setColor(skinMid);
                g.fill(path);
            }
            case 2 -> { // shirt collar
                g.setColor(clothHi);
                path.reset();
                path.moveTo(X(hx - 0.05 * b), Y(sy - 0.04 * b));
                path.lineTo(X(hx - 0.075 * b), Y(sy + 0.03 * b));
                path.lineTo(X(hx - 0.005 * b), Y(sy + 0.02 * b));
                path.closePath();
                path.moveTo(X(hx + 0.05 * b), Y(sy - 0.04 * b));
                path.lineTo(X(hx + 0.075 * b), Y(sy + 0.03 * b));
                path.lineTo(X(hx + 0.005 * b), Y(sy + 0.02 * b));
                path.closePath();
                g.fill(path);
                g.setColor(clothShade);
                rect.setRect(X(hx - 0.002 * b), Y(sy + 0.02 * b), Math.max(1, 0.004 * b * height), 0.5 * height);
                g.fill(rect);
            }
            default -> { // hoodie: the hood's rim around the neck, two drawstrings
                fillEllipse(clothHi, hx, sy - 0.01 * b, 0.07 * b, 0.035 * b);
                fillEllipse(skinMid, hx, sy - 0.022 * b, 0.045 * b, 0.022 * b);
                g.setColor(clothShade);
                g.setStroke(stroke(Math.max(0.7, 0.005 * b * height)));
                path.reset();
                path.moveTo(X(hx - 0.02 * b), Y(sy + 0.01 * b));
                path.lineTo(X(hx - 0.022 * b), Y(sy + 0.1 * b));
                path.moveTo(X(hx + 0.02 * b), Y(sy + 0.01 * b));
                path.lineTo(X(hx + 0.022 * b), Y(sy + 0.1 * b));
                g.draw(path);
            }
        }
        fillEllipseAlpha(shadow, hx, hy + 0.09 * b, 0.05 * b, 0.03 * b, 1);

        // head, tilted about the neck
        g.rotate(p.headTilt, X(hx), Y(hy + 0.09 * b));
        double turn = p.headTurn, fx = hx + turn * 0.035 * b; // features slide when the head turns
        fillEllipse(skinMid, hx - 0.07 * b + turn * 0.02 * b, hy + 0.005 * b, 0.015 * b, 0.025 * b); // ears
        fillEllipse(skinMid, hx + 0.07 * b + turn * 0.02 * b, hy + 0.005 * b, 0.015 * b, 0.025 * b);
        if (style == 4) fillEllipse(hair, hx, hy - 0.04 * b, 0.095 * b, 0.09 * b); // curly volume
        else if (style > 0) fillEllipse(hair, hx, hy - 0.022 * b, 0.076 * b, 0.086 * b);
        double rx = 0.07 * b * (1 - 0.12 * Math.abs(turn)), ry = 0.09 * b;
        ellipse.setFrame(X(hx - rx), Y(hy + 0.008 * b - ry), 2 * rx * height, 2 * ry * height);
        g.setColor(skin);
        g.fill(ellipse);
        // shading across the face from the light, and the chin's shadow side
        g.setClip(ellipse);
        alpha(0.35);
        fillEllipse(skinDark, hx - lightDx * 0.07 * b, hy + 0.02 * b, 0.04 * b, 0.11 * b);
        alpha(0.25);
        fillEllipse(skinHi, hx + lightDx * 0.025 * b, hy - 0.03 * b, 0.035 * b, 0.04 * b);
        if (s.beard()) {
            alpha(0.6);
            fillEllipse(hair, fx, hy + 0.075 * b, 0.07 * b, 0.045 * b);
        }
        g.setComposite(AlphaComposite.SrcOver);
        // hairline
        if (style == 0) {
            alpha(0.5);
            fillEllipse(hair, hx, hy - 0.085 * b, 0.066 * b, 0.03 * b);
            g.setComposite(AlphaComposite.SrcOver);
        } else {
            fillEllipse(hair, hx, hy - 0.08 * b, 0.07 * b, style == 2 ? 0.05 * b : 0.035 * b);
            alpha(0.4);
            fillEllipse(hairHi, hx + lightDx * 0.03 * b, hy - 0.1 * b, 0.03 * b, 0.012 * b);
            g.setComposite(AlphaComposite.SrcOver);
        }
        g.setClip(null);
        if (style == 4 || style == 1) {
            // hair over the top of the head
            fillEllipse(hair, hx, hy - 0.09 * b, 0.07 * b, 0.03 * b);
        }
        double eyeY = hy - 0.012 * b;
        boolean blink = ((t + s.blinkPhase()) % 3.7) < 0.13;
        // brows
        g.setColor(brow);
        g.setStroke(stroke(Math.max(0.8, 0.008 * b * height)));
        path.reset();
        path.moveTo(X(fx - 0.045 * b), Y(eyeY - 0.018 * b));
        path.lineTo(X(fx - 0.014 * b), Y(eyeY - 0.024 * b));
        path.moveTo(X(fx + 0.014 * b), Y(eyeY - 0.024 * b));
        path.lineTo(X(fx + 0.045 * b), Y(eyeY - 0.018 * b));
        g.draw(path);
        // eye sockets are a little darker, then the eyes
        alpha(0.3);
        fillEllipse(skinDark, fx - 0.029 * b, eyeY, 0.018 * b, 0.011 * b);
        fillEllipse(skinDark, fx + 0.029 * b, eyeY, 0.018 * b, 0.011 * b);
        g.setComposite(AlphaComposite.SrcOver);
        if (blink) {
            fillEllipse(skinDark, fx - 0.029 * b, eyeY, 0.013 * b, 0.002 * b);
            fillEllipse(skinDark, fx + 0.029 * b, eyeY, 0.013 * b, 0.002 * b);
        } else {
            fillEllipse(eyeWhite, fx - 0.029 * b, eyeY, 0.013 * b, 0.0065 * b);
            fillEllipse(eyeWhite, fx + 0.029 * b, eyeY, 0.013 * b, 0.0065 * b);
            fillEllipse(iris, fx - 0.029 * b + turn * 0.006 * b, eyeY, 0.0065 * b, 0.0065 * b);
            fillEllipse(iris, fx + 0.029 * b + turn * 0.006 * b, eyeY, 0.0065 * b, 0.0065 * b);
        }
        if (s.glasses()) {
            g.setColor(skinDark == null ? Color.BLACK : brow);
            g.setStroke(stroke(Math.max(0.7, 0.005 * b * height)));
            rrect.setRoundRect(X(fx - 0.05 * b), Y(eyeY - 0.017 * b), 0.042 * b * height, 0.032 * b * height, 0.01 * b * height, 0.01 * b * height);
            g.draw(rrect);
            rrect.setRoundRect(X(fx + 0.008 * b), Y(eyeY - 0.017 * b), 0.042 * b * height, 0.032 * b * height, 0.01 * b * height, 0.01 * b * height);
            g.draw(rrect);
        }
        // nose: a shadow down the side away from the light, nostrils
        alpha(0.45);
        g.setColor(skinDark);
        g.setStroke(stroke(Math.max(0.8, 0.008 * b * height)));
        path.reset();
        path.moveTo(X(fx - lightDx * 0.008 * b), Y(eyeY + 0.01 * b));
        path.lineTo(X(fx - lightDx * 0.012 * b), Y(hy + 0.035 * b));
        g.draw(path);
        fillEllipse(skinDark, fx, hy + 0.04 * b, 0.014 * b, 0.006 * b);
        g.setComposite(AlphaComposite.SrcOver);
        // mouth
        fillEllipse(lips, fx, hy + 0.063 * b, 0.022 * b, 0.007 * b);
        g.setColor(skinDark);
        g.setStroke(stroke(Math.max(0.6, 0.004 * b * height)));
        path.reset();
        path.moveTo(X(fx - 0.02 * b), Y(hy + 0.063 * b));
        path.lineTo(X(fx + 0.02 * b), Y(hy + 0.063 * b));
        g.draw(path);
        g.setTransform(IDENTITY);
    }

    private void fillEllipseAlpha(Color c, double cx, double cy, double rx, double ry, double a) {
        alpha(a);
        fillEllipse(c, cx, cy, rx, ry);
        g.setComposite(AlphaComposite.SrcOver);
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
        double shx = X(s.shoulderXAt(t) + p.bodyDx + p.headDx * 0.3), shy = Y(s.shoulderYAt(t) + 0.06 * b + p.bodyDy);
        double wx = px[WRIST], wy = py[WRIST];
        // The forearm comes up from below the frame: at arm's length from a laptop the elbow is low,
        // between the wrist and the shoulder's side.
        double ex = wx + (shx - wx) * 0.35 + side * -0.04 * height, ey = Math.max(wy + 0.55 * height, shy + 0.35 * height);
        double armW = 0.11 * b * height;
        // upper arm, a sleeve down the side of the torso
        path.reset();
        path.moveTo(shx, shy);
        path.lineTo(ex, ey);
        g.setColor(clothShade);
        g.setStroke(stroke(armW + 1.5));
        g.draw(path);
        g.setColor(cloth);
        g.setStroke(stroke(armW));
        g.draw(path);
        // forearm, tapering to the wrist, bare or in a sleeve up to the cuff
        double foreW = 0.62 * S * handPersp, elbowW = Math.max(foreW * 1.35, armW * 0.9);
        double cuff = s.shortSleeves() ? 1.2 : 0.22;
        taper(wx, wy, ex, ey, foreW, elbowW);
        g.setColor(skinDark);
        g.setStroke(stroke(Math.max(1, 0.04 * S)));
        g.draw(path);
        g.setColor(skin);
        g.fill(path);
        // the forearm is a cylinder: a highlight along the lit side
        alpha(0.5);
        g.setColor(skinHi);
        g.setStroke(stroke(foreW * 0.35));
        path.reset();
        double nx = -(ey - wy), ny = ex - wx, nl = Math.hypot(nx, ny);
        double off = (nx * lightDx + ny * lightDy) > 0 ? foreW * 0.22 : -foreW * 0.22;
        path.moveTo(wx + nx / nl * off, wy + ny / nl * off);
        path.lineTo(ex + nx / nl * off * 1.3, ey + ny / nl * off * 1.3);
        g.draw(path);
        g.setComposite(AlphaComposite.SrcOver);
        if (cuff < 1) {
            double cx0 = wx + (ex - wx) * cuff, cy0 = wy + (ey - wy) * cuff;
            taper(cx0, cy0, ex, ey, foreW * 1.25 + 2, elbowW * 1.15 + 2);
            g.setColor(cloth);
            g.fill(path);
            g.setColor(clothShade);
            g.setStroke(stroke(Math.max(1, 0.06 * S)));
            g.draw(path);
        }
        if (p.objKind == 3) drawMug(p);

        boolean palmFacing = Math.cos(p.roll) > 0;
        if (palmFacing) {
            // An extended thumb leaves the palm at its side (its base is the ball of the thumb, part
            // of the palm), so it goes behind the palm; a curled one folds across in front.
            boolean thumbBehind = p.thumbCurl < 0.3;
            if (thumbBehind) drawDigit(4, THUMB_WIDTH, false);
            drawPalm(true);
            for (int d2 = 3; d2 >= 0; d2--) drawDigit(d2, FINGER_WIDTH[d2], false);
            if (!thumbBehind) drawDigit(4, THUMB_WIDTH, false);
        } else {
            drawDigit(4, THUMB_WIDTH, true);
            for (int d2 = 3; d2 >= 0; d2--) drawDigit(d2, FINGER_WIDTH[d2], true);
            drawPalm(false);
        }
        if (p.objKind == 4) drawPhone(p);
    }

    /** A tapered limb from (x0,y0) width w0 to (x1,y1) width w1 into {@code path}, round at the near end. */
    private void taper(double x0, double y0, double x1, double y1, double w0, double w1) {
        double dx = x1 - x0, dy = y1 - y0, l = Math.hypot(dx, dy);
        if (l < 1e-6) l = 1e-6;
        double nx = -dy / l, ny = dx / l;
        path.reset();
        path.moveTo(x0 + nx * w0 / 2, y0 + ny * w0 / 2);
        path.lineTo(x1 + nx * w1 / 2, y1 + ny * w1 / 2);
        path.lineTo(x1 - nx * w1 / 2, y1 - ny * w1 / 2);
        path.lineTo(x0 - nx * w0 / 2, y0 - ny * w0 / 2);
        path.quadTo(x0 - dx / l * w0 * 0.6, y0 - dy / l * w0 * 0.6, x0 + nx * w0 / 2, y0 + ny * w0 / 2);
        path.closePath();
    }

    /** The palm (or the back of the hand), shaded toward the light, with creases or knuckles. */
    private void drawPalm(boolean front) {
        path.reset();
        path.moveTo(px[0], py[0]);
        for (int i = 1; i < PALM.length; i++) path.lineTo(px[i], py[i]);
        path.closePath();
        double round = 0.16 * handS * handPersp;
        g.setColor(skinDark);
        g.setStroke(stroke(round + Math.max(1.2, 0.05 * handS)));
        g.draw(path);
        Color base = front ? palm : skin;
        g.setColor(base);
        g.setStroke(stroke(round));
        g.draw(path);
        g.fill(path);
        double cx = (px[1] + px[3] + px[5] + px[7]) / 4, cy = (py[1] + py[3] + py[5] + py[7]) / 4;
        double r = 0.3 * handS * handPersp;
        g.setColor(front ? palmHi : skinHi);
        alpha(0.45);
        ellipse.setFrame(cx + lightDx * r * 0.6 - r, cy + lightDy * r * 0.6 - r, 2 * r, 2 * r);
        g.fill(ellipse);
        g.setColor(skinMid);
        alpha(0.4);
        ellipse.setFrame(cx - lightDx * r * 0.8 - r * 0.8, cy - lightDy * r * 0.8 - r * 0.8, 1.6 * r, 1.6 * r);
        g.fill(ellipse);
        g.setColor(skinDark);
        g.setStroke(stroke(Math.max(0.6, 0.03 * handS)));
        alpha(0.45);
        path.reset();
        if (front) {
            // the heart and head lines across the palm, the thumb's crease
            path.moveTo(px[0] * 0.75 + px[8] * 0.25, py[0] * 0.75 + py[8] * 0.25);
            path.quadTo(cx, cy - 0.05 * handS, px[4] * 0.7 + px[5] * 0.3, py[4] * 0.7 + py[5] * 0.3);
            path.moveTo(px[8] * 0.6 + px[0] * 0.4, py[8] * 0.6 + py[0] * 0.4);
            path.quadTo(cx, cy + 0.1 * handS, px[5] * 0.8 + px[6] * 0.2, py[5] * 0.8 + py[6] * 0.2);
        } else {
            // knuckles and tendons toward each finger
            for (int d = 0; d < 4; d++) {
                int k = DIGITS + d * 4;
                path.moveTo(px[k], py[k]);
                path.lineTo(px[k] * 0.5 + px[WRIST] * 0.5, py[k] * 0.5 + py[WRIST] * 0.5);
            }
        }
        g.draw(path);
        g.setComposite(AlphaComposite.SrcOver);
    }

    /** One digit: a dark edge (the shadow between fingers), the skin, a highlight, a nail on the back. */
    private void drawDigit(int d, double w, boolean back) {
        int k = DIGITS + d * 4;
        path.reset();
        path.moveTo(px[k], py[k]);
        for (int j = 1; j < 4; j++) path.lineTo(px[k + j], py[k + j]);
        double f = (pz[k] + pz[k + 3]) / 2;
        double width = w * handS * f;
        g.setColor(skinDark);
        g.setStroke(stroke(width + Math.max(1.2, 0.06 * handS)));
        g.draw(path);
        g.setColor(back || d == 4 ? skin : palm);
        g.setStroke(stroke(width));
        g.draw(path);
        double ox = lightDx * width * 0.22, oy = lightDy * width * 0.22;
        g.translate(ox, oy);
        alpha(0.55);
        g.setColor(skinHi);
        g.setStroke(stroke(width * 0.38));
        g.draw(path);
        g.setComposite(AlphaComposite.SrcOver);
        g.translate(-ox, -oy);
        double lx = px[k + 3] - px[k + 2], ly = py[k + 3] - py[k + 2], l = Math.hypot(lx, ly);
        if (back && l > 0.1 * handS) {
            path.reset();
            path.moveTo(px[k + 3] - lx * 0.55, py[k + 3] - ly * 0.55);
            path.lineTo(px[k + 3] - lx * 0.12, py[k + 3] - ly * 0.12);
            g.setColor(nail);
            g.setStroke(stroke(width * 0.55));
            g.draw(path);
        }
    }

    private void drawPhone(Pose p) {
        double r = p.objR * height;
        double cx = X(p.x), cy = Y(p.y) - r * 0.3;
        g.setColor(objColor(p.objColor));
        g.rotate(p.angle, cx, cy);
        rrect.setRoundRect(cx - r * 0.5, cy - r, r, r * 2, r * 0.2, r * 0.2);
        g.fill(rrect);
        g.setTransform(IDENTITY);
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
        alpha(0.9); // usually out of focus, a little translucent at the edges
        if (p.objKind == 1) {
            ellipse.setFrame(cx - r, cy - r, 2 * r, 2 * r);
            g.fill(ellipse);
        } else {
            rrect.setRoundRect(cx - r, cy - r * 0.7, 2 * r, 1.4 * r, r * 0.2, r * 0.2);
            g.fill(rrect);
        }
        g.setComposite(AlphaComposite.SrcOver);
    }

    /** Camera response and sensor noise, canvas -> out, through per-frame lookup tables. */
    private void postProcess(double t, long frameSeq, byte[] out) {
        Scene s = scene;
        if (s.softness() > 0.35) soften();
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

    /** A webcam lens is soft: one [1 2 1] binomial pass each way over the canvas, in place. */
    private void soften() {
        byte[] p = pixels;
        int rowBytes = width * 3;
        int[] row = blurRow;
        for (int y = 0; y < height; y++) {
            int o = y * rowBytes;
            for (int i = 0; i < rowBytes; i++) row[i] = p[o + i] & 255;
            for (int i = 0; i < rowBytes; i++) {
                int l = i >= 3 ? row[i - 3] : row[i], r = i + 3 < rowBytes ? row[i + 3] : row[i];
                p[o + i] = (byte) ((l + 2 * row[i] + r + 2) >> 2);
            }
        }
        int[] prev = blurPrev, cur = blurCur;
        for (int i = 0; i < rowBytes; i++) prev[i] = p[i] & 255;
        for (int y = 0; y < height; y++) {
            int o = y * rowBytes, on = (y + 1 < height ? y + 1 : y) * rowBytes;
            for (int i = 0; i < rowBytes; i++) cur[i] = p[o + i] & 255;
            for (int i = 0; i < rowBytes; i++) p[o + i] = (byte) ((prev[i] + 2 * cur[i] + (p[on + i] & 255) + 2) >> 2);
            int[] tmp = prev;
            prev = cur;
            cur = tmp;
        }
    }

    private static int lut(double v) {
        long r = Math.round(v);
        return (int) Math.max(-250, Math.min(500, r));
    }
}
