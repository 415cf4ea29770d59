package io.jesture.synth;

import java.util.List;

/**
 * A scene's script: acts (gestures or other motion) at fixed times, with the hand at rest between
 * them. An act rises from rest into its start pose, performs, and falls back to rest (or stays).
 * Not thread-safe: it reuses two scratch poses.
 */
final class Timeline {

    /**
     * One act. {@code start} is when the hand leaves rest; the performed phase is
     * [start + rise, start + rise + duration]; then the end pose is held for {@code hold} seconds
     * (people pause before they drop the hand), and it falls back for {@code fall} seconds, or stays
     * raised until the end if {@code stay}. {@code holdBefore} shows the start pose before {@code start}
     * (a clip that begins with the hand already up). {@code preHold} seconds between the rise and the
     * stroke hold the start pose still: many people raise the hand, wait, then perform.
     * {@code endOnly} shows only the end of {@code label}: its end pose held from the start, then the
     * drop, and never the stroke (a background act: a live window often sees only that much).
     */
    record Act(int label, double start, double rise, double preHold, double duration, double hold, double fall,
               boolean stay, boolean holdBefore, boolean endOnly, double[] rnd) {
        double performStart() {
            return start + rise + preHold;
        }

        double performEnd() {
            return start + rise + preHold + duration;
        }

        double end() {
            return stay ? Double.POSITIVE_INFINITY : performEnd() + hold + fall;
        }
    }

    /**
     * The share of the fall over which the hand's shape and orientation reach rest (the position takes
     * the whole fall).
     */
    static final double SHAPE_LEAD = 0.4;

    final Scene scene;
    final Act[] acts;
    final boolean headView;
    private final Pose a = new Pose();
    private final Pose b = new Pose();

    Timeline(Scene scene, List<Act> acts) {
        this(scene, acts, false);
    }

    /**
     * @param headView the scene is seen from the performer's head ({@link HeadCamera}): "Doing other
     *                 things" then never uses the face, which that view does not show
     */
    Timeline(Scene scene, List<Act> acts, boolean headView) {
        this.scene = scene;
        this.headView = headView;
        this.acts = acts.toArray(new Act[0]);
        for (int i = 1; i < this.acts.length; i++) {
            if (this.acts[i].start() < this.acts[i - 1].end()) {
                throw new IllegalArgumentException("acts overlap at " + this.acts[i].start() + " s");
            }
        }
    }

    /** The performer's state at scene time {@code t} seconds. */
    void stateAt(double t, Pose out) {
        Act act = find(t);
        if (act == null) {
            if (acts.length > 0 && acts[0].holdBefore() && t < acts[0].start()) {
                Act first = acts[0];
                Motion.perform(first.label(), first.endOnly() ? 1 : 0, 0, scene, t, first.rnd(), headView, out);
                out.performing = false;
                return;
            }
            Motion.rest(scene, t, out);
            return;
        }
        double ps = act.performStart(), pe = act.performEnd();
        if (act.endOnly() && t <= pe + act.hold()) {
            Motion.perform(act.label(), 1, 0, scene, t, act.rnd(), headView, out);
            out.performing = false;
        } else if (t < act.start() + act.rise()) {
            Motion.rest(scene, t, a);
            Motion.perform(act.label(), 0, 0, scene, t, act.rnd(), headView, b);
            out.lerp(a, b, smooth((t - act.start()) / act.rise()));
        } else if (t < ps) {
            Motion.perform(act.label(), 0, 0, scene, t, act.rnd(), headView, out);
            out.performing = false;
        } else if (t <= pe) {
            Motion.perform(act.label(), (t - ps) / act.duration(), t - ps, scene, t, act.rnd(), headView, out);
        } else if (act.stay() || t <= pe + act.hold()) {
            Motion.perform(act.label(), 1, t - ps, scene, t, act.rnd(), headView, out);
            out.performing = false;
        } else {
            Motion.perform(act.label(), 1, act.duration(), scene, t, act.rnd(), headView, a);
            Motion.rest(scene, t, b);
            double u = (t - pe - act.hold()) / act.fall();
            out.lerp(a, b, smooth(u));
            // A hand that is done relaxes first and then drops: in the real clips the fingers curl and
            // the hand turns within the first frames of the retraction, while a downward gesture
            // (Swiping Down, Sliding Two Fingers Down) keeps its shape all the way down. So the
            // shape settles in the first part of the fall, and only the drop itself stays slow.
            out.lerpShape(a, b, smooth(u / SHAPE_LEAD));
        }
    }

    /** The act whose [start, end) holds t, by binary search over start times. */
    private Act find(double t) {
        int lo = 0, hi = acts.length - 1, found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (acts[mid].start() <= t) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (found < 0) return null;
        Act act = acts[found];
        return t < act.end() ? act : null;
    }

    private static double smooth(double u) {
        u = u < 0 ? 0 : u > 1 ? 1 : u;
        return u * u * (3 - 2 * u);
    }
}
