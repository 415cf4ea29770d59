package io.jesture.synth;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A long synthetic recording: one person performs a sequence of gestures, with rest (and sometimes
 * non-gesture "other" motion) between them, at any frame size and fps. It knows its ground truth, so
 * it feeds online (streaming) evaluation. Each gesture is performed like a Jester clip (about 1-2 s
 * from leaving rest to returning) and gestures are at least ~1 s of rest apart.
 *
 * <pre>{@code
 * ScriptedStream s = ScriptedStream.random(7, Split.TEST, 640, 480, 30, 20);
 * byte[] bgr = new byte[640 * 480 * 3];
 * for (long i = 0; i < s.frameCount(); i++) s.render(i, bgr);
 * List<ScriptedStream.Segment> truth = s.groundTruth();
 * }</pre>
 * Not thread-safe.
 */
public final class ScriptedStream {

    /**
     * A labelled interval of the stream: from the hand leaving rest to its return, in nanoseconds of
     * stream time (frame i is at {@code i * 1e9 / fps}).
     */
    public record Segment(long startNanos, long endNanos, String label) {
        public Segment {
            if (endNanos <= startNanos) throw new IllegalArgumentException("segment must end after it starts: " + startNanos + ".." + endNanos);
        }
    }

    private final double fps;
    private final long frames;
    private final Timeline timeline;
    private final Renderer renderer;
    private final List<Segment> segments;
    private final List<Segment> gestures;

    private final double seconds;
    private final Distractors distractors;

    /** The same script and scene, with rooms drawn from {@code backgrounds} (scenes of {@code split}). */
    public ScriptedStream withBackgrounds(Backgrounds backgrounds, Split split) {
        return with(backgrounds, split, false, 0);
    }

    /**
     * The same script and scene, with rooms drawn from {@code backgrounds} (scenes of {@code split}),
     * and, when {@code headCamera}, seen from the performer's head as {@link HeadCamera} draws it for
     * {@code seed}: no face or body, the arm reaching in from below, the view moving with the head.
     */
    public ScriptedStream with(Backgrounds backgrounds, Split split, boolean headCamera, long seed) {
        HeadCamera head = headCamera ? HeadCamera.draw(seed, split, 1) : null;
        // the same acts; from the head, "Doing other things" at the face becomes a traced path
        Timeline t = headCamera == timeline.headView ? timeline : new Timeline(timeline.scene, List.of(timeline.acts), headCamera);
        return new ScriptedStream(fps, t, new Renderer(t, renderer.width, renderer.height, backgrounds, split, distractors, head),
                seconds, distractors);
    }

    private ScriptedStream(double fps, Timeline timeline, Renderer renderer, double seconds, Distractors distractors) {
        this.seconds = seconds;
        this.distractors = distractors;
        this.fps = fps;
        this.timeline = timeline;
        this.renderer = renderer;
        this.frames = (long) Math.ceil(seconds * fps);
        List<Segment> all = new ArrayList<>();
        List<Segment> gs = new ArrayList<>();
        for (Timeline.Act a : timeline.acts) {
            Segment seg = new Segment(nanos(a.start()), nanos(a.end()), JesterLabels.name(a.label()));
            all.add(seg);
            if (!JesterLabels.isBackground(a.label())) gs.add(seg);
        }
        this.segments = Collections.unmodifiableList(all);
        this.gestures = Collections.unmodifiableList(gs);
    }

    private static long nanos(double seconds) {
        return Math.round(seconds * 1e9);
    }

    /**
     * A stream of {@code gestures} gesture classes in a seeded random order (every non-background
     * class equally often), with "Doing other things" motion in about a quarter of the gaps.
     */
    public static ScriptedStream random(long seed, Split split, int width, int height, double fps, int gestures) {
        if (gestures < 1 || gestures > 100_000) throw new IllegalArgumentException("gestures must be in 1..100000, was " + gestures);
        SplittableRandom r = new SplittableRandom(Scene.mix(seed, 0x5C819L));
        List<Integer> labels = new ArrayList<>();
        List<Integer> bag = new ArrayList<>();
        while (labels.size() < gestures) {
            if (bag.isEmpty()) {
                for (int i = 0; i < JesterLabels.count(); i++) if (!JesterLabels.isBackground(i)) bag.add(i);
                for (int i = bag.size() - 1; i > 0; i--) Collections.swap(bag, i, r.nextInt(i + 1));
            }
            labels.add(bag.remove(bag.size() - 1));
        }
        return build(seed, split, width, height, fps, labels, 0.25);
    }

    /** A stream that performs {@code labels} in this order (any of the 27 names; "No gesture" is a pause). */
    public static ScriptedStream of(long seed, Split split, int width, int height, double fps, List<String> labels) {
        if (labels.isEmpty()) throw new IllegalArgumentException("labels must not be empty");
        List<Integer> ids = new ArrayList<>();
        for (String l : labels) ids.add(JesterLabels.index(l));
        return build(seed, split, width, height, fps, ids, 0);
    }

    /** A stream of whole gestures lasting about {@code minutes} (at ~3.5 s a gesture). */
    public static ScriptedStream minutes(long seed, Split split, int width, int height, double fps, double minutes) {
        if (!(minutes > 0) || minutes > 24 * 60) throw new IllegalArgumentException("minutes must be in (0, 1440], was " + minutes);
        return random(seed, split, width, height, fps, Math.max(1, (int) Math.round(minutes * 60 / 3.5)));
    }

    private static ScriptedStream build(long seed, Split split, int width, int height, double fps, List<Integer> labels, double otherRate) {
        if (!(fps > 0) || fps > 1000) throw new IllegalArgumentException("fps must be in (0, 1000], was " + fps);
        Scene scene = Scene.draw(seed, split);
        SplittableRandom r = new SplittableRandom(Scene.mix(scene.motionSeed(), 0xAC75L));
        List<Timeline.Act> acts = new ArrayList<>();
        double t = 1.0 + r.nextDouble() * 0.5;
        for (int label : labels) {
            if (otherRate > 0 && r.nextDouble() < otherRate) {
                double[] rnd = rnd(r);
                double rise = 0.35 + r.nextDouble() * 0.2, dur = 1.2 + r.nextDouble() * 0.8, fall = 0.35 + r.nextDouble() * 0.2;
                acts.add(new Timeline.Act(JesterLabels.DOING_OTHER_THINGS, t, rise, 0, dur, 0, fall, false, false, false, rnd));
                t += rise + dur + fall + 1.0 + r.nextDouble() * 0.6;
            }
            double speed = scene.speed() * (0.9 + r.nextDouble() * 0.2);
            double rise = 0.3 + r.nextDouble() * 0.2, hold = 0.1 + r.nextDouble() * 0.3, fall = 0.4 + r.nextDouble() * 0.4;
            double dur = label == JesterLabels.NO_GESTURE ? 1.5 : Motion.baseDuration(label) / speed;
            double[] rnd = rnd(r);
            if (label == JesterLabels.NO_GESTURE) {
                t += dur; // a pause: nothing to perform, nothing to detect
                continue;
            }
            acts.add(new Timeline.Act(label, t, rise, 0, dur, hold, fall, false, false, false, rnd));
            t += rise + dur + hold + fall + 1.0 + r.nextDouble() * 1.0;
        }
        Timeline timeline = new Timeline(scene, acts);
        return new ScriptedStream(fps, timeline, new Renderer(timeline, width, height), t, Distractors.NONE);
    }

    /**
     * A quiet scene of {@code seconds}: nobody gestures, so its ground truth is empty. The performer
     * repeats the scenario's everyday act (each 1.5 to 4 s, 1 to 3 s of rest between), or rests
     * while something else moves, or is away.
     */
    public static ScriptedStream quiet(long seed, Split split, int width, int height, double fps, QuietScenario scenario, double seconds) {
        if (!(fps > 0) || fps > 1000) throw new IllegalArgumentException("fps must be in (0, 1000], was " + fps);
        if (!(seconds > 0) || seconds > 24 * 3600) throw new IllegalArgumentException("a quiet scene lasts (0, 86400] s, was " + seconds);
        Scene scene = Scene.draw(seed, split);
        SplittableRandom r = new SplittableRandom(Scene.mix(scene.motionSeed(), 0x9017L));
        List<Timeline.Act> acts = new ArrayList<>();
        if (scenario.otherKind >= 0) {
            for (double t = 0.5 + r.nextDouble(); ; ) {
                double rise = 0.35 + r.nextDouble() * 0.3, dur = 1.5 + r.nextDouble() * 2.5, fall = 0.35 + r.nextDouble() * 0.3;
                if (t + rise + dur + fall > seconds) break;
                double[] rnd = rnd(r);
                rnd[3] = (scenario.otherKind + 0.5) / Motion.OTHER_KINDS; // the kind this scenario repeats
                acts.add(new Timeline.Act(JesterLabels.DOING_OTHER_THINGS, t, rise, 0, dur, 0, fall, false, false, false, rnd));
                t += rise + dur + fall + 1.0 + r.nextDouble() * 2.0;
            }
        }
        Timeline timeline = new Timeline(scene, acts);
        Distractors d = Distractors.of(scenario, scene.motionSeed());
        return new ScriptedStream(fps, timeline, new Renderer(timeline, width, height, Backgrounds.NONE, split, d), seconds, d);
    }

    private static double[] rnd(SplittableRandom r) {
        return new double[] {r.nextDouble(), r.nextDouble(), r.nextDouble(), r.nextDouble()};
    }

    public long frameCount() {
        return frames;
    }

    public double fps() {
        return fps;
    }

    public int width() {
        return renderer.width;
    }

    public int height() {
        return renderer.height;
    }

    /** The timestamp of frame {@code index}: {@code index * 1e9 / fps}. */
    public long timestampNanos(long index) {
        return Math.round(index * 1e9 / fps);
    }

    /** The gestures to detect, in order: non-overlapping, inside the stream. Excludes "other" motion. */
    public List<Segment> groundTruth() {
        return gestures;
    }

    /** Every scripted act, including "Doing other things" motion between gestures. */
    public List<Segment> segments() {
        return segments;
    }

    /** Renders frame {@code index} (BGR, {@code width * height * 3} bytes). Any index order works. */
    public void render(long index, byte[] bgr) {
        if (index < 0) throw new IndexOutOfBoundsException("frame " + index);
        if (bgr.length < renderer.width * renderer.height * 3) {
            throw new IllegalArgumentException("bgr buffer needs " + renderer.width * renderer.height * 3 + " bytes, has " + bgr.length);
        }
        renderer.render(index / fps, index, bgr, fps);
    }

    /** The hand at frame {@code index}. */
    public HandPose pose(long index) {
        return renderer.handPose(index / fps);
    }
}
