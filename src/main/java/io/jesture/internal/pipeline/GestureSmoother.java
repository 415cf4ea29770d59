package io.jesture.internal.pipeline;

import io.jesture.ConfigException;
import io.jesture.ModelInfo;
import io.jesture.Rejection;
import io.jesture.Smoothing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Turns per-clip class probabilities into single gesture activations. Deterministic: it has no clock,
 * time comes from the {@code timestampNanos} of each update (stream time), so it can be tested on
 * recorded sequences.
 *
 * <p>Rules, in order: average the probabilities (EMA or moving mean); a class fires when it is the
 * smoothed top-1, may fire (not background, allowed, not denied), reaches the activation threshold,
 * leads the runner-up by the margin, passes the {@link Rejection} gate, no event fired within the
 * cooldown, and it is not latched. Firing
 * latches the class until its smoothed probability falls below the release threshold (hysteresis) or
 * a background class becomes the smoothed top-1, so one gesture gives one event, and the same gesture
 * repeated after a rest gives two. The second way out matters for long windows: a 2.7 s clip still
 * holds part of the first thumb-up during a one-second rest, so the class may never fall below the
 * release threshold, while "No gesture" already leads.
 *
 * <p>The gate reads the background mass from the latest inference, the clip the event would fire on:
 * a familiar gesture filling the clip leaves almost nothing on the background classes, while the
 * smoothed mass still holds the rest before the gesture and delays events (measured: +177 ms on the
 * mean 95th-percentile delay of the eval-stream report seeds, docs/quiet.md). The log-sum-exp of the logits
 * is noisier from clip to clip and gets the same EMA or mean as the probabilities; the clip's motion
 * already spans the whole clip. A gate that fails does not latch: the gesture stays a candidate and
 * fires at the first later inference where everything passes; after the gate's {@code maxHold} of
 * consecutive held-back updates the gesture is dropped (latched without an event).
 * Single-threaded.
 */
public final class GestureSmoother {
    private static final long NONE = Long.MIN_VALUE;

    private final Smoothing smoothing;
    private final boolean[] canFire;
    private final boolean[] background;
    /** Classes a profile added: the gate, calibrated on the model's own classes, does not judge them. */
    private final boolean[] ungated;
    private final int k;
    private final float[] smoothed;
    private final float[][] history;
    private final long[] riseStartNanos;
    private final long cooldownNanos;
    private final Rejection gate;
    private final float[] logSumExpHistory;
    private float smoothedLogSumExp;
    private long heldBack;
    private final long maxHoldNanos;
    private int heldClass = -1;
    private long heldSinceNanos;
    private int updates;
    private int latched = -1;
    private long lastEventNanos = NONE;
    private long firedStartNanos;
    private long lastNanos;

    /**
     * @param labels     the model's labels, in output order
     * @param background labels that never fire
     * @param allow      if not empty, only these fire
     * @param deny       these never fire
     * @throws ConfigException if allow or deny name a label the model does not have
     */
    public GestureSmoother(Smoothing smoothing, List<String> labels, Collection<String> background,
                           Collection<String> allow, Collection<String> deny) throws ConfigException {
        checkKnown("allow", allow, labels);
        checkKnown("deny", deny, labels);
        this.smoothing = smoothing;
        this.k = labels.size();
        this.canFire = new boolean[k];
        this.background = new boolean[k];
        this.ungated = new boolean[k];
        for (int i = 0; i < k; i++) {
            String l = labels.get(i);
            this.background[i] = background.contains(l);
            canFire[i] = !background.contains(l) && (allow.isEmpty() || allow.contains(l)) && !deny.contains(l);
        }
        this.smoothed = new float[k];
        this.history = smoothing.method() == Smoothing.Method.MEAN ? new float[smoothing.window()][k] : new float[0][];
        this.riseStartNanos = new long[k];
        this.cooldownNanos = smoothing.cooldown().toNanos();
        // A preset names the model's calibrated thresholds; without the model it cannot be looked up.
        this.gate = smoothing.rejection().preset() == Rejection.Preset.CUSTOM ? smoothing.rejection() : Rejection.OFF;
        this.logSumExpHistory = new float[history.length];
        this.maxHoldNanos = gate.maxHold() == null ? Long.MAX_VALUE : gate.maxHold().toNanos();
        reset();
    }

    /**
     * A smoother for {@code model}'s labels, with its background labels and the rejection thresholds the
     * options name (a preset is looked up in the model's calibration).
     */
    public static GestureSmoother forModel(Smoothing smoothing, ModelInfo model, Collection<String> allow,
                                           Collection<String> deny) throws ConfigException {
        return forModel(smoothing, model, allow, deny, List.of());
    }

    /**
     * As {@link #forModel(Smoothing, ModelInfo, Collection, Collection)}, with the classes a profile added.
     * The gate's thresholds were calibrated on the model's own classes; a class the model never learned
     * leaves mass on "Doing other things" however well the profile's head knows it, so the gate does not
     * judge it. The rest of the rules still hold for it: it never fires while a background class leads.
     */
    public static GestureSmoother forModel(Smoothing smoothing, ModelInfo model, Collection<String> allow,
                                           Collection<String> deny, Collection<String> profileClasses) throws ConfigException {
        Smoothing resolved = smoothing.toBuilder().rejection(smoothing.rejection().forModel(model)).build();
        GestureSmoother g = new GestureSmoother(resolved, model.labels(), model.backgroundLabels(), allow, deny);
        for (int i = 0; i < g.k; i++) g.ungated[i] = profileClasses.contains(model.labels().get(i));
        return g;
    }

    /** The rejection thresholds in force (never a preset). */
    public Rejection rejection() {
        return gate;
    }

    private static void checkKnown(String list, Collection<String> names, List<String> labels) throws ConfigException {
        List<String> unknown = new ArrayList<>();
        for (String n : names) if (!labels.contains(n)) unknown.add(n);
        if (!unknown.isEmpty()) {
            throw new ConfigException(list + " list names labels the model does not have: " + unknown
                    + "; the model's labels are " + labels);
        }
    }

    /**
     * Takes one inference's probabilities.
     *
     * @param probs          class probabilities, model order (not kept)
     * @param timestampNanos stream time of the clip's newest frame; must not go back
     * @return the index of the class that fires now, or -1
     */
    public int update(float[] probs, long timestampNanos) {
        return update(probs, Float.NaN, Float.NaN, timestampNanos);
    }

    /**
     * Takes one inference's probabilities and the evidence the {@link Rejection} gate reads.
     *
     * @param probs          class probabilities, model order (not kept)
     * @param logSumExp      {@code log(sum(exp(logits)))} of the clip; NaN if unknown (that test then passes)
     * @param motion         the clip's peak frame difference in grey levels; NaN if unknown (that test then passes)
     * @param timestampNanos stream time of the clip's newest frame; must not go back
     * @return the index of the class that fires now, or -1
     */
    public int update(float[] probs, float logSumExp, float motion, long timestampNanos) {
        return update(probs, logSumExp, motion, null, timestampNanos);
    }

    /**
     * Where the gate's hand test ({@link Rejection#minHand()}) reads the clip that would fire. Asked only
     * when every other test passed, since it runs a network.
     */
    public interface HandEvidence {
        /** The best palm score among the clip's frames; may stop early at the first that reaches {@code atLeast}. */
        double bestPalm(double atLeast);
    }

    /**
     * As {@link #update(float[], float, float, long)}, with the clip's hand evidence for the hand test;
     * null when unknown (that test then passes, as in a replay of recorded scores).
     */
    public int update(float[] probs, float logSumExp, float motion, HandEvidence hand, long timestampNanos) {
        return update(probs, logSumExp, motion, hand, false, timestampNanos);
    }

    /**
     * As {@link #update(float[], float, float, HandEvidence, long)}; {@code handVoted}: an ensemble's hands
     * model voted on this clip, so a gate with {@link Rejection#untrackedOnly()} lets it fire untested.
     */
    public int update(float[] probs, float logSumExp, float motion, HandEvidence hand, boolean handVoted,
                      long timestampNanos) {
        if (probs.length != k) throw new IllegalArgumentException("expected " + k + " probabilities, got " + probs.length);
        if (updates > 0 && timestampNanos < lastNanos) reset(); // time went back: a new stream
        lastNanos = timestampNanos;
        smooth(probs);
        smoothLogSumExp(logSumExp);
        updates++;
        float release = (float) smoothing.releaseThreshold();
        for (int c = 0; c < k; c++) {
            if (smoothed[c] >= release) {
                if (riseStartNanos[c] == NONE) riseStartNanos[c] = timestampNanos;
            } else {
                riseStartNanos[c] = NONE;
            }
        }
        int top1 = 0;
        for (int c = 1; c < k; c++) if (smoothed[c] > smoothed[top1]) top1 = c;
        if (latched >= 0 && (smoothed[latched] < release || this.background[top1])) latched = -1;
        float top2 = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) if (c != top1 && smoothed[c] > top2) top2 = smoothed[c];
        boolean fire = canFire[top1]
                && top1 != latched
                && smoothed[top1] >= smoothing.activationThreshold()
                && smoothed[top1] - top2 >= smoothing.margin()
                && (lastEventNanos == NONE || timestampNanos - lastEventNanos >= cooldownNanos);
        if (!fire) {
            heldClass = -1;
            return -1;
        }
        if (!ungated[top1] && !(handVoted && gate.untrackedOnly()) && !gatePasses(probs, motion, hand)) {
            heldBack++;
            if (heldClass != top1) {
                heldClass = top1;
                heldSinceNanos = timestampNanos;
            }
            if (timestampNanos - heldSinceNanos >= maxHoldNanos) {
                latched = top1; // held too long: this gesture is over without an event
                heldClass = -1;
            }
            return -1;
        }
        heldClass = -1;
        latched = top1;
        lastEventNanos = timestampNanos;
        firedStartNanos = riseStartNanos[top1] == NONE ? timestampNanos : riseStartNanos[top1];
        return top1;
    }

    private boolean gatePasses(float[] probs, float motion, HandEvidence hand) {
        if (gate.maxBackground() < 1) {
            float mass = 0;
            for (int c = 0; c < k; c++) if (background[c]) mass += probs[c];
            if (mass > gate.maxBackground()) return false;
        }
        if (!Float.isNaN(smoothedLogSumExp) && smoothedLogSumExp < gate.minLogSumExp()) return false;
        if (!Float.isNaN(motion) && motion < gate.minMotion()) return false;
        // Last: the only test that costs more than arithmetic.
        return gate.minHand() <= 0 || hand == null || hand.bestPalm(gate.minHand()) >= gate.minHand();
    }

    private void smoothLogSumExp(float v) {
        if (smoothing.method() == Smoothing.Method.EMA) {
            float a = (float) smoothing.emaAlpha();
            smoothedLogSumExp = updates == 0 || Float.isNaN(smoothedLogSumExp) ? v : a * v + (1 - a) * smoothedLogSumExp;
        } else {
            logSumExpHistory[updates % logSumExpHistory.length] = v;
            int n = Math.min(updates + 1, logSumExpHistory.length);
            float sum = 0;
            for (int i = 0; i < n; i++) sum += logSumExpHistory[i];
            smoothedLogSumExp = sum / n;
        }
    }

    private void smooth(float[] probs) {
        if (smoothing.method() == Smoothing.Method.EMA) {
            float a = (float) smoothing.emaAlpha();
            if (updates == 0) System.arraycopy(probs, 0, smoothed, 0, k);
            else for (int c = 0; c < k; c++) smoothed[c] = a * probs[c] + (1 - a) * smoothed[c];
        } else {
            System.arraycopy(probs, 0, history[updates % history.length], 0, k);
            int n = Math.min(updates + 1, history.length);
            Arrays.fill(smoothed, 0f);
            for (int i = 0; i < n; i++) for (int c = 0; c < k; c++) smoothed[c] += history[i][c];
            for (int c = 0; c < k; c++) smoothed[c] /= n;
        }
    }

    /** Smoothed probabilities after the last update; owned by this object. */
    public float[] smoothed() {
        return smoothed;
    }

    /** The smoothed log-sum-exp of the logits after the last update (NaN when the updates carried none). */
    public float smoothedLogSumExp() {
        return smoothedLogSumExp;
    }

    /** Updates at which a class met every firing rule but the rejection gate, since creation. */
    long heldBack() {
        return heldBack;
    }

    /** Stream time at which the class that just fired rose above the release threshold. */
    long firedStartNanos() {
        return firedStartNanos;
    }

    /** Forgets all history (a new stream). */
    void reset() {
        updates = 0;
        latched = -1;
        lastEventNanos = NONE;
        Arrays.fill(smoothed, 0f);
        Arrays.fill(riseStartNanos, NONE);
        smoothedLogSumExp = Float.NaN;
        heldClass = -1;
    }
}
