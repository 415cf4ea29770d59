package io.jesture.synth;

import static io.jesture.synth.HandModel.DIGITS;
import static io.jesture.synth.HandModel.FINGER_WIDTH;
import static io.jesture.synth.HandModel.PALM;
import static io.jesture.synth.HandModel.THUMB_WIDTH;
import static io.jesture.synth.HandModel.WRIST;

import java.awt.AlphaComposite;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Composite;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;

/**
 * People and props in Java2D: the performer (face, hair, neck, torso, neckline), the gesturing arm
 * and hand as shaded volumes (from {@link HandModel}), the object held or passing, and someone
 * walking past behind. Colours, strokes and composites are built once per scene, so a frame
 * allocates nothing of its own. Lengths are in frame heights, x from the image centre. Not
 * thread-safe.
 */
final class PersonPainter {
    private static final AffineTransform IDENTITY = new AffineTransform();

    private final Scene scene;
    private final Graphics2D g;
    private final int width, height;
    final HandModel hand = new HandModel();
    private final Path2D.Double path = new Path2D.Double();
    private final Ellipse2D.Double ellipse = new Ellipse2D.Double();
    private final Rectangle2D.Double rect = new Rectangle2D.Double();
    private final RoundRectangle2D.Double rrect = new RoundRectangle2D.Double();
    private final BasicStroke[] strokes = new BasicStroke[2048];
    private final Composite[] alphas = new Composite[11];
    /** Light direction in the image (unit vector, toward the light), for highlights and shadows. */
    private final double lightDx, lightDy;
    private final Color skin, skinMid, skinHi, skinDark, skinRim, palm, palmHi, nail, lips, cloth, clothShade, clothHi, hair, hairHi,
            eyeWhite, iris, brow, shadow, passerCloth, passerSkin, passerHair;

    /** Null for the webcam in front; otherwise the arm reaches in from below and the back of the hand shows. */
    private final HeadCamera head;

    PersonPainter(Scene s, Graphics2D g, int width, int height) {
        this(s, g, width, height, null);
    }

    PersonPainter(Scene s, Graphics2D g, int width, int height, HeadCamera head) {
        this.head = head;
        this.scene = s;
        this.g = g;
        this.width = width;
        this.height = height;
        for (int i = 0; i < alphas.length; i++) alphas[i] = AlphaComposite.getInstance(AlphaComposite.SRC_OVER, i / 10f);
        double ll = Math.hypot(s.lightX(), 1);
        lightDx = s.lightX() / ll;
        lightDy = -1 / ll;

        double light = s.subjectLight();
        Color sk = new Color(s.skin());
        skin = Backdrop.shade(sk, light);
        skinMid = Backdrop.shade(sk, 0.8 * light);
        skinDark = Backdrop.shade(sk, 0.5 * light);
        // The edge of a finger turning away from the light, and the gap to its neighbour: a soft
        // darker band, never a drawn outline (a webcam sees no outlines).
        skinRim = Backdrop.shade(sk, 0.7 * light);
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
    }

    /** A source-over composite of opacity {@code tenths} / 10. */
    Composite alphaComposite(int tenths) {
        return alphas[tenths];
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
    void drawPasser(double t) {
        if (!Double.isNaN(scene.passerStart())) drawPasser(t, scene.passerStart());
    }

    /** The same passer, on a walk that began at {@code start} seconds. */
    void drawPasser(double t, double start) {
        Scene s = scene;
        double x = -s.passerSpeed() / Math.abs(s.passerSpeed()) * 1.3 + s.passerSpeed() * (t - start);
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

    void drawBody(double t, Pose p) {
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

    /** Projects the hand of pose {@code p} into {@link #hand}. */
    void projectHand(Pose p) {
        hand.project(p, HeadCamera.drawnSide(scene.side(), head != null), X(p.x), Y(p.y), p.scale * height);
    }

    void drawArmAndHand(double t, Pose p) {
        Scene s = scene;
        double b = s.bodyScale();
        int side = s.side();
        projectHand(p);
        double S = hand.size;
        double wx = hand.px[WRIST], wy = hand.py[WRIST];
        double armW = 0.11 * b * height;
        double ex, ey;
        if (head == null) {
            double shx = X(s.shoulderXAt(t) + p.bodyDx + p.headDx * 0.3), shy = Y(s.shoulderYAt(t) + 0.06 * b + p.bodyDy);
            // The forearm comes up from below the frame: at arm's length from a laptop the elbow is low,
            // between the wrist and the shoulder's side.
            ex = wx + (shx - wx) * 0.35 + side * -0.04 * height;
            ey = Math.max(wy + 0.55 * height, shy + 0.35 * height);
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
        } else {
            // From the head, the forearm reaches forward from the lower corner on its own side; the
            // elbow, out toward the shoulder, and the upper arm are below the frame.
            ex = X(s.bodyX() + side * head.shoulderX());
            ey = Y(1.25 + 0.1 * b);
        }
        // forearm, tapering to the wrist, bare or in a sleeve up to the cuff
        // seen from the head, the forearm is near the lens and nearly as wide as the hand
        double foreW = (head == null ? 0.62 : 0.85) * S * hand.persp, elbowW = Math.max(foreW * 1.35, armW * 0.9);
        double cuff = s.shortSleeves() ? 1.2 : 0.22;
        taper(wx, wy, ex, ey, foreW, elbowW);
        g.setColor(skinRim);
        g.setStroke(stroke(Math.max(0.6, 0.03 * S)));
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

        boolean palmFacing = Math.cos(p.roll) > 0 == (head == null);
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
        path.moveTo(hand.px[0], hand.py[0]);
        for (int i = 1; i < PALM.length; i++) path.lineTo(hand.px[i], hand.py[i]);
        path.closePath();
        double round = 0.16 * hand.size * hand.persp;
        g.setColor(skinRim);
        g.setStroke(stroke(round + Math.max(0.6, 0.035 * hand.size)));
        g.draw(path);
        Color base = front ? palm : skin;
        g.setColor(base);
        g.setStroke(stroke(round));
        g.draw(path);
        g.fill(path);
        double cx = (hand.px[1] + hand.px[3] + hand.px[5] + hand.px[7]) / 4, cy = (hand.py[1] + hand.py[3] + hand.py[5] + hand.py[7]) / 4;
        double r = 0.3 * hand.size * hand.persp;
        g.setColor(front ? palmHi : skinHi);
        alpha(0.45);
        ellipse.setFrame(cx + lightDx * r * 0.6 - r, cy + lightDy * r * 0.6 - r, 2 * r, 2 * r);
        g.fill(ellipse);
        g.setColor(skinMid);
        alpha(0.4);
        ellipse.setFrame(cx - lightDx * r * 0.8 - r * 0.8, cy - lightDy * r * 0.8 - r * 0.8, 1.6 * r, 1.6 * r);
        g.fill(ellipse);
        g.setColor(skinDark);
        g.setStroke(stroke(Math.max(0.6, 0.03 * hand.size)));
        alpha(0.45);
        path.reset();
        if (front) {
            // the heart and head lines across the palm, the thumb's crease
            path.moveTo(hand.px[0] * 0.75 + hand.px[8] * 0.25, hand.py[0] * 0.75 + hand.py[8] * 0.25);
            path.quadTo(cx, cy - 0.05 * hand.size, hand.px[4] * 0.7 + hand.px[5] * 0.3, hand.py[4] * 0.7 + hand.py[5] * 0.3);
            path.moveTo(hand.px[8] * 0.6 + hand.px[0] * 0.4, hand.py[8] * 0.6 + hand.py[0] * 0.4);
            path.quadTo(cx, cy + 0.1 * hand.size, hand.px[5] * 0.8 + hand.px[6] * 0.2, hand.py[5] * 0.8 + hand.py[6] * 0.2);
        } else {
            // knuckles and tendons toward each finger
            for (int d = 0; d < 4; d++) {
                int k = DIGITS + d * 4;
                path.moveTo(hand.px[k], hand.py[k]);
                path.lineTo(hand.px[k] * 0.5 + hand.px[WRIST] * 0.5, hand.py[k] * 0.5 + hand.py[WRIST] * 0.5);
            }
        }
        g.draw(path);
        g.setComposite(AlphaComposite.SrcOver);
    }

    /** One digit: a dark edge (the shadow between fingers), the skin, a highlight, a nail on the back. */
    private void drawDigit(int d, double w, boolean back) {
        int k = DIGITS + d * 4;
        path.reset();
        path.moveTo(hand.px[k], hand.py[k]);
        for (int j = 1; j < 4; j++) path.lineTo(hand.px[k + j], hand.py[k + j]);
        double f = (hand.pz[k] + hand.pz[k + 3]) / 2;
        double width = w * hand.size * f;
        g.setColor(skinRim);
        g.setStroke(stroke(width + Math.max(0.6, 0.045 * hand.size)));
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
        double lx = hand.px[k + 3] - hand.px[k + 2], ly = hand.py[k + 3] - hand.py[k + 2], l = Math.hypot(lx, ly);
        if (back && l > 0.1 * hand.size) {
            path.reset();
            path.moveTo(hand.px[k + 3] - lx * 0.55, hand.py[k + 3] - ly * 0.55);
            path.lineTo(hand.px[k + 3] - lx * 0.12, hand.py[k + 3] - ly * 0.12);
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
        double cx = hand.px[WRIST] * 0.3 + X(p.x) * 0.7, cy = Y(p.y);
        g.setColor(objColor(p.objColor));
        rrect.setRoundRect(cx - r * 0.55, cy - r * 0.7, r * 1.1, r * 1.4, r * 0.2, r * 0.2);
        g.fill(rrect);
    }

    void drawObject(Pose p) {
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
}
