package io.jesture.internal.adapt;

import java.util.List;

/**
 * Runs a {@link Profile} on one window: the model's logits and embedding (and the window's
 * {@link MotionTrajectory} descriptor where the profile has the motion block) in, probabilities over
 * the model's labels followed by the profile's new ones out. Allocation-free after construction; not
 * thread-safe (one per inference thread).
 *
 * <p>Every class competes in one softmax: a model class keeps its own logit (plus the head's term when
 * it was recorded), a new class has only the head's. So a new class wins only where the head scores
 * it above what the model says for its own classes, on the model's own logit scale.
 *
 * <p>Rest guard: a new class never takes probability from the model's rest class. Its probability
 * is scaled by {@code 1 - p_rest}, where {@code p_rest} is the unadapted model's probability of rest
 * (e.g. "No gesture"), and what it loses goes to rest. Where the model is sure nothing happens, no
 * profile class can fire, however the embedding of a still scene happens to lie.
 */
public final class ProfileHead {
    private final int k;
    private final int d;
    private final Features features;
    private final float[][] weights;
    private final float[] bias;
    /** For recorded class r: its index in the output (a model label, or K + j for the j-th new class). */
    private final int[] target;
    private final boolean[] isNew;
    private final int rest;
    private final int outputs;
    private final float[] f;
    private final float[] z;
    private float logSumExp = Float.NaN;
    private final PathTemplates path;
    private final float pathWeight;
    private final double[] pathDistances;

    /**
     * @param restLabel the model label that means "nothing happens", or null for no rest guard
     */
    public ProfileHead(Profile p, String restLabel) {
        List<String> modelLabels = p.modelLabels();
        this.k = modelLabels.size();
        this.features = p.features();
        this.d = features.dim();
        this.weights = p.weights();
        this.bias = p.bias();
        int m = p.classes().size();
        this.target = new int[m];
        this.isNew = new boolean[m];
        int next = k;
        for (int r = 0; r < m; r++) {
            Profile.RecordedClass c = p.classes().get(r);
            isNew[r] = c.isNew();
            target[r] = c.isNew() ? next++ : modelLabels.indexOf(c.label());
            if (target[r] < 0) throw new IllegalArgumentException("profile class '" + c.label() + "' is marked as a model label but is not one");
        }
        this.outputs = next;
        this.rest = restLabel == null ? -1 : modelLabels.indexOf(restLabel);
        this.f = new float[d];
        this.z = new float[outputs];
        this.path = p.paths().isEmpty() ? null : PathTemplates.of(p);
        this.pathWeight = p.paths().weight();
        this.pathDistances = new double[m];
    }

    /** K plus the number of new classes: the length of {@link #apply}'s output. */
    public int outputs() {
        return outputs;
    }

    /** Whether {@link #apply} reads the window's {@link MotionTrajectory} descriptor. */
    public boolean usesMotion() {
        return features.usesMotion();
    }

    /** {@link #apply(float[], float[], float[], float[])} for a profile without a motion block. */
    public void apply(float[] logits, float[] embedding, float[] probs) {
        if (usesMotion()) throw new IllegalStateException("this profile reads the motion descriptor: pass it");
        apply(logits, embedding, null, probs);
    }

    /**
     * @param logits    the model's logits, {@code [K]}
     * @param embedding the model's embedding, {@code [D]}
     * @param motion    the window's {@link MotionTrajectory} descriptor where {@link #usesMotion()}, else ignored
     * @param probs     receives {@code [K + new classes]} probabilities
     */
    public void apply(float[] logits, float[] embedding, float[] motion, float[] probs) {
        features.write(embedding, motion, f);
        System.arraycopy(logits, 0, z, 0, k);
        for (int i = k; i < outputs; i++) z[i] = 0;
        for (int r = 0; r < target.length; r++) {
            float[] w = weights[r];
            float s = bias[r];
            for (int i = 0; i < d; i++) s += w[i] * f[i];
            z[target[r]] += s;
        }
        // The path term: each recorded class loses weight * (its distance - the nearest class's) / scale, so the
        // class whose templates the window's path matches best keeps its logit and the others fall behind it;
        // a window without a path (nothing moved) leaves the head as it is.
        // A class with no template (its takes never moved: a held pose) has no distance and gets no term.
        if (path != null && path.distances(motion, pathDistances)) {
            double min = Double.POSITIVE_INFINITY;
            for (double v : pathDistances) min = Math.min(min, v);
            for (int r = 0; r < target.length; r++) {
                if (pathDistances[r] == Double.POSITIVE_INFINITY) continue;
                z[target[r]] -= (float) (pathWeight * (pathDistances[r] - min) / path.scale());
            }
        }
        logSumExp = softmax(z, outputs, probs);
        if (rest >= 0) {
            float pRest = restProbability(logits);
            float moved = 0;
            for (int r = 0; r < target.length; r++) {
                if (!isNew[r]) continue;
                float before = probs[target[r]];
                probs[target[r]] = before * (1 - pRest);
                moved += before * pRest;
            }
            probs[rest] += moved;
        }
    }

    /** The unadapted model's softmax probability of the rest class. */
    private float restProbability(float[] logits) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < k; i++) max = Math.max(max, logits[i]);
        double sum = 0;
        for (int i = 0; i < k; i++) sum += Math.exp(logits[i] - max);
        return (float) (Math.exp(logits[rest] - max) / sum);
    }

    /**
     * {@code log(sum(exp(z)))} of the adapted logits of the last {@link #apply}: the model's logits with
     * the head's terms, what the rejection gate's energy test reads with a profile. NaN before the first.
     */
    public float logSumExp() {
        return logSumExp;
    }

    /** Writes softmax(z[0 .. n)) into out; returns log(sum(exp(z))). */
    static float softmax(float[] z, int n, float[] out) {
        float max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) max = Math.max(max, z[i]);
        double sum = 0;
        for (int i = 0; i < n; i++) sum += Math.exp(z[i] - max);
        for (int i = 0; i < n; i++) out[i] = (float) (Math.exp(z[i] - max) / sum);
        return (float) (max + Math.log(sum));
    }
}
