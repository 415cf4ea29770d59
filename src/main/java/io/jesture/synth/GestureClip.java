package io.jesture.synth;

import java.awt.image.BufferedImage;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One Jester-like clip: a person performing one class in a scene drawn from the seed. The scene
 * (every nuisance) depends on {@code seed} and {@code split} only; the label changes only what the
 * hand does. Deterministic: the same arguments give the same bytes. Not thread-safe (one reused
 * canvas); make one per thread.
 *
 * <pre>{@code
 * GestureClip clip = GestureClip.create(7, Split.TRAIN, JesterLabels.SWIPING_LEFT, 176, 100, 12, 3);
 * byte[] bgr = new byte[176 * 100 * 3];
 * for (int i = 0; i < clip.frameCount(); i++) clip.render(i, bgr);
 * }</pre>
 */
public final class GestureClip {
    private final int label;
    private final double fps;
    private final int frames;
    private final Scene scene;
    private final Timeline timeline;
    private final Renderer renderer;

    private GestureClip(int label, double fps, int frames, Scene scene, Timeline timeline, Renderer renderer) {
        this.label = label;
        this.fps = fps;
        this.frames = frames;
        this.scene = scene;
        this.timeline = timeline;
        this.renderer = renderer;
    }

    /**
     * @param label   Jester class index (see {@link JesterLabels})
     * @param seconds clip length; the gesture is placed inside it at the scene's onset
     */
    public static GestureClip create(long seed, Split split, int label, int width, int height, double fps, double seconds) {
        return create(seed, split, label, width, height, fps, seconds, Backgrounds.NONE);
    }

    /** As {@link #create(long, Split, int, int, int, double, double)}, with background photos to draw rooms from. */
    public static GestureClip create(long seed, Split split, int label, int width, int height, double fps, double seconds,
                                     Backgrounds backgrounds) {
        return create(seed, split, label, width, height, fps, seconds, backgrounds, 0);
    }

    /**
     * As {@link #create(long, Split, int, int, int, double, double, Backgrounds)}, with a share of
     * clips (chosen by seed, never by label) seen from the performer's head instead of a webcam in
     * front: the first-person view of head-mounted cameras.
     */
    public static GestureClip create(long seed, Split split, int label, int width, int height, double fps, double seconds,
                                     Backgrounds backgrounds, double headCameraShare) {
        JesterLabels.name(label);
        if (!(headCameraShare >= 0) || headCameraShare > 1) {
            throw new IllegalArgumentException("head-camera share must be in [0, 1], was " + headCameraShare);
        }
        if (!(fps > 0) || fps > 1000) throw new IllegalArgumentException("fps must be in (0, 1000], was " + fps);
        if (!(seconds >= 1) || seconds > 600) throw new IllegalArgumentException("clip seconds must be in [1, 600], was " + seconds);
        Scene scene = Scene.draw(seed, split);
        HeadCamera head = HeadCamera.draw(seed, split, headCameraShare);
        Timeline timeline = new Timeline(scene, label == JesterLabels.NO_GESTURE ? List.of() : List.of(act(scene, label, seconds)),
                head != null);
        int frames = (int) Math.round(seconds * fps);
        return new GestureClip(label, fps, frames, scene, timeline,
                new Renderer(timeline, width, height, backgrounds, split, Distractors.NONE, head));
    }

    /**
     * Places the one act inside the clip: the performed phase always completes before the end. A
     * share of "Doing other things" clips shows only the end of a gesture (see {@link #END_POSES}).
     */
    private static Timeline.Act act(Scene s, int label, double seconds) {
        SplittableRandom r = new SplittableRandom(s.motionSeed());
        double[] rnd = {r.nextDouble(), r.nextDouble(), r.nextDouble(), r.nextDouble()};
        double latest = seconds - 0.15;
        if (label == JesterLabels.DOING_OTHER_THINGS) {
            // A live window often sees only the end of a gesture: the hand held in its end pose,
            // then dropped. That alone is no gesture; without such clips a model reads the drop as
            // "Swiping Down".
            SplittableRandom e = new SplittableRandom(Scene.mix(s.motionSeed(), 0xE4D0L));
            if (e.nextDouble() < END_ONLY_SHARE) {
                int shown = END_POSES[e.nextInt(END_POSES.length)];
                double drop = Math.min(0.3 + e.nextDouble() * 1.7, Math.max(0.3, latest - s.fall()));
                return new Timeline.Act(shown, 0, 0, 0, drop, 0, s.fall(), false, true, true, rnd);
            }
        }
        double rise = s.startRaised() ? 0 : s.rise();
        double duration = Motion.baseDuration(label) / s.speed();
        double onset = Math.min(s.onset(), Math.max(0.05, latest - rise - s.preHold() - duration));
        double preHold = Math.max(0, Math.min(s.preHold(), latest - onset - rise - duration));
        duration = Math.min(duration, latest - onset - rise - preHold);
        return new Timeline.Act(label, onset, rise, preHold, duration, s.hold(), s.fall(), s.stayRaised(), s.startRaised(),
                false, rnd);
    }

    /** Share of "Doing other things" clips that show only the end of a gesture. */
    static final double END_ONLY_SHARE = 0.35;

    /**
     * Gestures whose end pose a background clip may hold and drop. Not the thumbs, Stop Sign or the
     * full-hand zoom in: their end pose, held, is the gesture itself (or looks like Stop Sign).
     */
    static final int[] END_POSES = {
            JesterLabels.SWIPING_LEFT, JesterLabels.SWIPING_RIGHT, JesterLabels.SWIPING_DOWN, JesterLabels.SWIPING_UP,
            JesterLabels.PULLING_HAND_IN, JesterLabels.PUSHING_HAND_AWAY,
            JesterLabels.SLIDING_TWO_FINGERS_LEFT, JesterLabels.SLIDING_TWO_FINGERS_RIGHT,
            JesterLabels.SLIDING_TWO_FINGERS_DOWN, JesterLabels.SLIDING_TWO_FINGERS_UP,
            JesterLabels.PUSHING_TWO_FINGERS_AWAY, JesterLabels.PULLING_TWO_FINGERS_IN,
            JesterLabels.ROLLING_HAND_FORWARD, JesterLabels.ROLLING_HAND_BACKWARD,
            JesterLabels.TURNING_HAND_CLOCKWISE, JesterLabels.TURNING_HAND_COUNTERCLOCKWISE,
            JesterLabels.ZOOMING_OUT_WITH_FULL_HAND, JesterLabels.ZOOMING_IN_WITH_TWO_FINGERS,
            JesterLabels.ZOOMING_OUT_WITH_TWO_FINGERS, JesterLabels.SHAKING_HAND, JesterLabels.DRUMMING_FINGERS};

    public int label() {
        return label;
    }

    public int frameCount() {
        return frames;
    }

    public int width() {
        return renderer.width;
    }

    public int height() {
        return renderer.height;
    }

    public double fps() {
        return fps;
    }

    /** Start of the performed phase in seconds from the clip start, or NaN for "No gesture". */
    public double gestureStartSeconds() {
        return timeline.acts.length == 0 ? Double.NaN : timeline.acts[0].performStart();
    }

    /** End of the performed phase in seconds, or NaN for "No gesture". */
    public double gestureEndSeconds() {
        return timeline.acts.length == 0 ? Double.NaN : timeline.acts[0].performEnd();
    }

    /** The clip's one act, or null for "No gesture" (for tests). */
    Timeline.Act act() {
        return timeline.acts.length == 0 ? null : timeline.acts[0];
    }

    /**
     * When the hand first leaves rest, seconds from the clip start (0 when the clip begins with it
     * raised), or NaN for "No gesture".
     */
    double handLeavesRestSeconds() {
        Timeline.Act a = act();
        return a == null ? Double.NaN : a.holdBefore() ? 0 : a.start();
    }

    /** A JPEG quality drawn with the scene (40..90): compression is one more nuisance. */
    public int suggestedJpegQuality() {
        return scene.jpegQuality();
    }

    /** Renders frame {@code index} into {@code bgr} ({@code width * height * 3} bytes, BGR). */
    public void render(int index, byte[] bgr) {
        checkIndex(index);
        if (bgr.length < renderer.width * renderer.height * 3) {
            throw new IllegalArgumentException("bgr buffer needs " + renderer.width * renderer.height * 3 + " bytes, has " + bgr.length);
        }
        renderer.render(index / fps, index, bgr, fps);
    }

    /** Renders frame {@code index} into the clip's own reused image (valid until the next call). */
    public BufferedImage renderImage(int index) {
        checkIndex(index);
        renderer.render(index / fps, index, renderer.pixels(), fps);
        return renderer.canvas;
    }

    /** The hand at frame {@code index}, from the pose track that drives the drawing. */
    public HandPose pose(int index) {
        checkIndex(index);
        return renderer.handPose(index / fps);
    }

    /**
     * The hand at frame {@code index} as the 21 landmarks of MediaPipe Hands (wrist, thumb, index,
     * middle, ring, pinky; base to tip), straight from the pose track without drawing: x, y in frame
     * pixels and depth in pixels (smaller toward the camera) into {@code xyz[0 .. 63)}. Points may lie
     * outside the frame (a hand at rest is below it). Returns +1 when the drawn hand looks like a
     * right hand, -1 a left (the view from the head mirrors it).
     */
    public int handLandmarks(int index, float[] xyz) {
        checkIndex(index);
        if (xyz.length < 63) throw new IllegalArgumentException("landmark buffer needs 63 floats, has " + xyz.length);
        return renderer.handLandmarks(index / fps, xyz);
    }

    Scene scene() {
        return scene;
    }

    private void checkIndex(int index) {
        if (index < 0 || index >= frames) throw new IndexOutOfBoundsException("frame " + index + " of " + frames);
    }
}
