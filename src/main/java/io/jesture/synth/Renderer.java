package io.jesture.synth;

import static io.jesture.synth.HandModel.DIGITS;

import java.awt.AlphaComposite;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * Draws a {@link Timeline} into a reused {@code TYPE_3BYTE_BGR} canvas: the room ({@link Backdrop},
 * rendered once per scene), the people and props ({@link PersonPainter}, the gesturing arm drawn
 * as several sub-frame samples while it moves: motion blur), then the {@link Camera}. Everything
 * expensive is built once per scene, so a frame allocates nothing of its own. Not thread-safe.
 */
final class Renderer {
    /**
     * The renderer's version: bumped whenever what a seed renders changes, so a dataset export
     * records it and refuses to extend a dataset rendered by another version.
     */
    static final int VERSION = 20;
    private static final AffineTransform IDENTITY = new AffineTransform();
    /** Most sub-frame samples a moving hand is drawn with (the camera's exposure smears it). */
    private static final int BLUR_SAMPLES = 4;

    final int width, height;
    final Scene scene;
    final Timeline timeline;
    final BufferedImage canvas;
    private final byte[] pixels;
    private final Graphics2D g;
    private final BufferedImage backdrop;
    private final PersonPainter person;
    private final Camera camera;
    private final Pose pose = new Pose(), ghost = new Pose();
    private final Distractors distractors;
    private final ScreenPainter screen;
    private final PetPainter pet;
    /** Null for the webcam in front; otherwise the view from the performer's head (no face or body). */
    private final HeadCamera head;
    /** Pixels of room beyond each edge of the frame, for the head camera to move over. */
    private final int margin;

    Renderer(Timeline timeline, int width, int height) {
        this(timeline, width, height, Backgrounds.NONE, Split.TRAIN);
    }

    Renderer(Timeline timeline, int width, int height, Backgrounds backgrounds, Split split) {
        this(timeline, width, height, backgrounds, split, Distractors.NONE);
    }

    Renderer(Timeline timeline, int width, int height, Backgrounds backgrounds, Split split, Distractors distractors) {
        this(timeline, width, height, backgrounds, split, distractors, null);
    }

    Renderer(Timeline timeline, int width, int height, Backgrounds backgrounds, Split split, Distractors distractors, HeadCamera head) {
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
        this.head = head;
        margin = head == null ? 0 : (int) Math.ceil(HeadCamera.MARGIN * height);
        backdrop = s.backdrop().render(width + 2 * margin, height + 2 * margin, s.backdropSeed(), s.backdropBlur(), s.vignette(), photo,
                s.photoMode());
        person = new PersonPainter(s, g, width, height, head);
        camera = new Camera(s, width, height);
        this.distractors = distractors;
        screen = distractors.screen() ? new ScreenPainter(distractors, g, width, height) : null;
        pet = distractors.pet() ? new PetPainter(distractors, s, g, width, height) : null;
    }

    /** Renders scene time {@code t} into {@code out} (BGR, may be the canvas's own buffer). */
    void render(double t, long frameSeq, byte[] out, double fps) {
        draw(t, fps);
        camera.process(pixels, t, frameSeq, out);
    }

    byte[] pixels() {
        return pixels;
    }

    /** The current pose at time t, for the pose track. */
    HandPose handPose(double t) {
        stateAt(t, pose);
        person.projectHand(pose);
        HandModel h = person.hand;
        double open = 1 - (pose.curl[0] + pose.curl[1] + pose.curl[2] + pose.curl[3]) / 4;
        int ti = DIGITS + 4 * 4 + 3, ii = DIGITS + 3;
        double gap = Math.hypot(h.px[ti] - h.px[ii], h.py[ti] - h.py[ii]) / h.size;
        double cy = pose.y * height;
        return new HandPose(width / 2.0 + pose.x * height, cy, pose.scale * height, pose.angle, pose.roll, open,
                pose.spread, gap, (cy - h.py[ti]) / h.size, pose.performing);
    }

    /**
     * The hand model's points in MediaPipe Hands' landmark order: the wrist, then the thumb and the
     * four fingers from the base joint to the tip. The model's own thumb base stands for MediaPipe's
     * carpometacarpal point and each finger's base for its knuckle.
     */
    private static final int[] LANDMARK_ORDER = landmarkOrder();

    private static int[] landmarkOrder() {
        int[] order = new int[21];
        order[0] = HandModel.WRIST;
        int[] digits = {4, 0, 1, 2, 3}; // thumb, index, middle, ring, pinky
        for (int d = 0; d < 5; d++) {
            for (int j = 0; j < 4; j++) order[1 + 4 * d + j] = DIGITS + 4 * digits[d] + j;
        }
        return order;
    }

    /**
     * The hand at time t as 21 landmarks, x and y in frame pixels and depth in pixels, smaller toward
     * the camera (MediaPipe's sign), into {@code out[0 .. 63)}; the points are where they are drawn,
     * inside the frame or not. Returns the side the drawn hand looks like: +1 a right hand, -1 a left.
     */
    int handLandmarks(double t, float[] out) {
        stateAt(t, pose);
        person.projectHand(pose);
        HandModel h = person.hand;
        for (int i = 0; i < 21; i++) {
            int k = LANDMARK_ORDER[i];
            out[3 * i] = (float) h.px[k];
            out[3 * i + 1] = (float) h.py[k];
            out[3 * i + 2] = (float) -h.depth[k];
        }
        return HeadCamera.drawnSide(scene.side(), head != null);
    }

    /** The pose at time t, moved with the head camera's view when there is one. */
    private void stateAt(double t, Pose p) {
        timeline.stateAt(t, p);
        if (head != null) {
            double dx = head.dx(t), dy = head.dy(t);
            p.x += dx;
            p.y += dy;
            p.objX += dx;
            p.objY += dy;
        }
    }

    private void draw(double t, double fps) {
        g.setTransform(IDENTITY);
        if (head == null) {
            g.drawImage(backdrop, 0, 0, null);
        } else {
            g.drawImage(backdrop, (int) Math.round(head.dx(t) * height) - margin, (int) Math.round(head.dy(t) * height) - margin, null);
        }
        if (screen != null) screen.draw(t);
        stateAt(t, pose);
        if (head == null) {
            double period = distractors.passerPeriod();
            if (period > 0) {
                // one walk after another, each starting a period after the last (a walk takes 2 to 5 s)
                person.drawPasser(t, Math.floor(t / period) * period);
            } else {
                person.drawPasser(t);
            }
        }
        if (distractors.nobody()) {
            if (pet != null) pet.draw(t);
            return;
        }
        if (pose.objKind > 0 && pose.objKind < 3 && !pose.objFront) person.drawObject(pose);
        if (head == null) person.drawBody(t, pose);
        double exposure = Math.min(scene.exposure(), 0.9 / fps);
        int samples = 1;
        if (exposure > 0) {
            stateAt(t - exposure, ghost);
            double moved = (Math.abs(ghost.x - pose.x) + Math.abs(ghost.y - pose.y) + Math.abs(ghost.scale - pose.scale)) * height
                    + (Math.abs(ghost.angle - pose.angle) + Math.abs(ghost.roll - pose.roll)) * pose.scale * height;
            samples = Math.min(BLUR_SAMPLES, 1 + (int) (moved / 2.5));
        }
        if (samples == 1) {
            person.drawArmAndHand(t, pose);
        } else {
            // Accumulate equal-weight samples over the exposure: the k-th drawn at alpha 1/k.
            for (int k = 0; k < samples; k++) {
                double ts = t - exposure * (samples - 1 - k) / (samples - 1);
                stateAt(ts, ghost);
                if (k > 0) g.setComposite(person.alphaComposite(Math.max(1, (int) Math.round(10.0 / (k + 1)))));
                person.drawArmAndHand(ts, ghost);
            }
            g.setComposite(AlphaComposite.SrcOver);
            stateAt(t, pose);
        }
        if (pose.objKind > 0 && pose.objKind < 3 && pose.objFront) person.drawObject(pose);
        if (pet != null) pet.draw(t);
    }
}
