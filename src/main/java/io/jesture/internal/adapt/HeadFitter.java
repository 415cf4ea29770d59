package io.jesture.internal.adapt;

import io.jesture.InvalidInputException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Fits a {@link Profile}'s head on embedded takes. Two kinds, both trained on every sliding window of
 * every take, with the same objective: the softmax cross-entropy of the recorded class among all the
 * model's classes and the new ones, each class weighted equally and each take equally within its
 * class (a long take has more windows but no more say).
 * <ul>
 *   <li>{@link Kind#LOGISTIC}: L2-regularised multinomial logistic regression on the feature of
 *       {@link Features} (the normalised, centred embedding, and by default the motion descriptor),
 *       one weight row and bias per recorded class, added to the model's logit (zero for a new
 *       class). The rows of new classes start at their scaled class prototype (weight
 *       imprinting, Qi, Brown and Lowe, "Low-Shot Learning with Imprinted Weights", CVPR 2018), the
 *       rows of recorded model classes at zero, so the model is where the fit starts.</li>
 *   <li>{@link Kind#PROTOTYPE}: nearest class mean by cosine (the prototypes of Snell, Swersky and
 *       Zemel, "Prototypical Networks for Few-shot Learning", 2017, on a centred and normalised
 *       embedding as in Wang et al., "SimpleShot", 2019): row r is {@code scale * prototype_r}; only
 *       the shared scale and bias are fitted, which is what puts the cosines on the model's logit
 *       scale.</li>
 * </ul>
 * Full-batch gradient descent with momentum: a few hundred windows and D up to a few thousand take
 * well under a second.
 */
public final class HeadFitter {
    public enum Kind {
        LOGISTIC, PROTOTYPE;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Kind parse(String s) {
            for (Kind k : values()) if (k.key().equals(s.trim().toLowerCase(Locale.ROOT))) return k;
            throw new InvalidInputException("unknown head '" + s + "': use logistic or prototype");
        }
    }

    /** Defaults measured on the benchmark in docs/adapt.md. */
    public static final double DEFAULT_L2 = 1e-3;
    public static final int DEFAULT_ITERATIONS = 300;
    static final double STEP = 0.5;
    static final double MOMENTUM = 0.9;
    /** Imprinted rows start at this norm: about the logit a confident model gives its top class. */
    static final float IMPRINT_SCALE = 10f;
    /** Share of each take's target left to the unadapted model's own distribution (see subtractTarget). */
    static final double SMOOTHING = 0.1;
    /** Weight of the recorded classes when anchors take part (see fit). */
    static final double TAKE_SHARE = 0.5;
    /** a, the motion block's share of the feature ({@link Features}); docs/adapt.md has the measurement. */
    public static final double DEFAULT_MOTION_SHARE = 0.5;
    /**
     * How many logits one typical distance between two takes' paths is worth ({@link PathTemplates}); chosen
     * among 0.5, 1, 2 and 3 on one set of draws and checked on two others (docs/adapt.md).
     */
    public static final double DEFAULT_PATH_WEIGHT = 2;

    private final Kind kind;
    private final double l2;
    private final int iterations;
    private final double motionShare;
    private final double pathWeight;

    /** With the motion block at its default share. */
    public HeadFitter(Kind kind, double l2, int iterations) {
        this(kind, l2, iterations, DEFAULT_MOTION_SHARE);
    }

    /** With path templates at their default weight where the motion block is fitted. */
    public HeadFitter(Kind kind, double l2, int iterations, double motionShare) {
        this(kind, l2, iterations, motionShare, DEFAULT_PATH_WEIGHT);
    }

    /**
     * @param motionShare the motion block's share of the feature, in [0, 1); 0 fits on the embedding
     *                    alone. Takes without motion descriptors are always fitted without it.
     * @param pathWeight  the weight of the takes' path templates ({@link PathTemplates}), kept only with the
     *                    motion block; 0 keeps none
     */
    public HeadFitter(Kind kind, double l2, int iterations, double motionShare, double pathWeight) {
        if (!(l2 >= 0)) throw new InvalidInputException("l2 must be >= 0, was " + l2);
        if (iterations < 1) throw new InvalidInputException("iterations must be >= 1, was " + iterations);
        if (!(motionShare >= 0 && motionShare < 1)) throw new InvalidInputException("motion share must be in [0, 1), was " + motionShare);
        if (!(pathWeight >= 0 && pathWeight <= 100)) throw new InvalidInputException("path weight must be in [0, 100], was " + pathWeight);
        this.pathWeight = pathWeight;
        this.kind = kind;
        this.l2 = l2;
        this.iterations = iterations;
        this.motionShare = motionShare;
    }

    /** The head {@code jesture adapt} fits by default (and the demo's Teach mode). */
    public static HeadFitter defaults() {
        return new HeadFitter(Kind.LOGISTIC, DEFAULT_L2, DEFAULT_ITERATIONS);
    }

    public Kind kind() {
        return kind;
    }

    /**
     * @param takes       the embedded takes; every label is a recorded class
     * @param modelLabels the model's labels, in output order
     * @param classOrder  the recorded classes in head order (each has at least one take)
     */
    public Profile fit(List<Take> takes, List<String> modelLabels, List<String> classOrder, String modelFile, String modelSha256) {
        return fit(takes, List.of(), modelLabels, classOrder, modelFile, modelSha256);
    }

    /**
     * @param anchors rendered clips of the model's own classes ({@link Anchors}): negatives for the new
     *                classes, and the centre of the embedding; each of their classes weighs as much as a recorded one
     */
    public Profile fit(List<Take> takes, List<Take> anchors, List<String> modelLabels, List<String> classOrder, String modelFile,
                       String modelSha256) {
        return fit(takes, anchors, modelLabels, classOrder,
                List.of(new Profile.Member(modelFile, modelSha256, takes.get(0).centreEmbedding().length)));
    }

    /**
     * @param members the models the takes were embedded with, in order: one, or an ensemble's members,
     *                whose embeddings the takes hold one after the other (each a block of {@link Features})
     */
    public Profile fit(List<Take> takes, List<Take> anchors, List<String> modelLabels, List<String> classOrder,
                       List<Profile.Member> members) {
        int k = modelLabels.size();
        int m = classOrder.size();
        int d = takes.get(0).centreEmbedding().length;
        int[] blocks = Profile.blocks(members);
        if (java.util.Arrays.stream(blocks).sum() != d) {
            throw new IllegalArgumentException("the takes' embeddings have " + d + " floats, the members' " + java.util.Arrays.toString(blocks));
        }
        // Takes with the same id are views of one take (TakeView): a class counts its takes, and a take
        // shares its weight among its views.
        Map<String, Integer> takesPerClass = new LinkedHashMap<>();
        Map<String, Integer> viewsPerTake = new LinkedHashMap<>();
        for (Take t : takes) {
            if (viewsPerTake.merge(t.label() + "\u0000" + t.id(), 1, Integer::sum) == 1) takesPerClass.merge(t.label(), 1, Integer::sum);
        }
        int[] target = new int[m];
        List<Profile.RecordedClass> classes = new ArrayList<>();
        int next = k;
        for (int r = 0; r < m; r++) {
            String label = classOrder.get(r);
            int idx = modelLabels.indexOf(label);
            target[r] = idx >= 0 ? idx : next++;
            classes.add(new Profile.RecordedClass(label, idx < 0, takesPerClass.getOrDefault(label, 0)));
        }
        int outputs = next;

        // Centre: the mean of the take means (every take counts once whatever its length) over the anchors,
        // which stand for the model's classes (SimpleShot's base-class mean); without them over the takes.
        // With one recorded class and no anchors that mean is the class itself, and centring would leave
        // only its noise: no centre then.
        List<Take> centreOn = !anchors.isEmpty() ? anchors : m > 1 ? takes : List.of();
        // The motion block only where every take and anchor has its descriptors (a take cache or a caller
        // from before them has none).
        boolean motion = motionShare > 0;
        for (Take t : takes) motion &= t.hasMotion();
        for (Take t : anchors) motion &= t.hasMotion();
        int md = motion ? MotionTrajectory.DIM : 0;
        int fd = d + md;
        float[] mean = new float[fd];
        for (Take t : centreOn) {
            float[][] e = t.windowEmbeddings();
            for (float[] row : e) for (int i = 0; i < d; i++) mean[i] += row[i] / e.length / centreOn.size();
            if (motion) for (float[] row : t.windowMotion()) for (int i = 0; i < md; i++) mean[d + i] += row[i] / e.length / centreOn.size();
        }
        Features features = new Features(mean, blocks, md, motionShare);
        int n = 0;
        for (Take t : takes) n += t.windows();
        for (Take t : anchors) n += t.windows();
        float[][] x = new float[n][];
        float[][] base = new float[n][];
        int[] y = new int[n];
        double[] weight = new double[n];
        int i = 0;
        // The recorded classes share TAKE_SHARE of the weight, the anchors' other classes the rest, each
        // class equally within its group.
        Map<String, Integer> anchorsPerClass = new LinkedHashMap<>();
        for (Take t : anchors) anchorsPerClass.merge(t.label(), 1, Integer::sum);
        int classesInFit = m;
        for (String l : anchorsPerClass.keySet()) if (!classOrder.contains(l)) classesInFit++;
        double takeShare = classesInFit == m ? 1 : TAKE_SHARE;
        // The penalty is per class: the weights sum to one over all classes, so it shrinks with their number.
        double penalty = l2 / classesInFit;
        for (Take t : takes) {
            int r = classOrder.indexOf(t.label());
            double w = takeShare / m / (takesPerClass.get(t.label()) + anchorsPerClass.getOrDefault(t.label(), 0)) / t.windows()
                    / viewsPerTake.get(t.label() + "\u0000" + t.id());
            for (int j = 0; j < t.windows(); j++, i++) {
                x[i] = features.of(t.windowEmbeddings()[j], t.motion(j));
                base[i] = t.windowLogits()[j];
                y[i] = target[r];
                weight[i] = w;
            }
        }
        for (Take t : anchors) {
            int r = classOrder.indexOf(t.label());
            double w = (1 - takeShare) / (classesInFit - m) / anchorsPerClass.get(t.label()) / t.windows();
            if (classOrder.contains(t.label())) w = takeShare / m / (takesPerClass.get(t.label()) + anchorsPerClass.get(t.label())) / t.windows();
            for (int j = 0; j < t.windows(); j++, i++) {
                x[i] = features.of(t.windowEmbeddings()[j], t.motion(j));
                base[i] = t.windowLogits()[j];
                y[i] = r >= 0 ? target[r] : modelLabels.indexOf(t.label());
                weight[i] = w;
            }
        }
        // Class prototypes: the normalised mean of each take's mean feature.
        float[][] proto = new float[m][fd];
        for (Take t : takes) {
            int r = classOrder.indexOf(t.label());
            float[] tm = new float[fd];
            for (int j = 0; j < t.windows(); j++) {
                float[] f = features.of(t.windowEmbeddings()[j], t.motion(j));
                for (int q = 0; q < fd; q++) tm[q] += f[q];
            }
            float[] u = normalise(tm);
            for (int q = 0; q < fd; q++) proto[r][q] += u[q];
        }
        for (int r = 0; r < m; r++) proto[r] = normalise(proto[r]);

        float[][] weights = new float[m][fd];
        float[] bias = new float[m];
        long t0 = System.nanoTime();
        double loss;
        if (kind == Kind.LOGISTIC) {
            for (int r = 0; r < m; r++) {
                if (target[r] >= k) for (int q = 0; q < fd; q++) weights[r][q] = IMPRINT_SCALE * proto[r][q];
            }
            loss = fitLogistic(x, base, y, weight, target, outputs, weights, bias, penalty);
        } else {
            loss = fitPrototypes(x, base, y, weight, target, outputs, proto, weights, bias, penalty);
        }
        ObjectNode info = new ObjectMapper().createObjectNode();
        info.put("head", kind.key());
        info.put("l2", l2);
        info.put("iterations", iterations);
        info.put("windows", n);
        info.put("anchors", anchors.size());
        info.put("motion_share", motion ? motionShare : 0);
        info.put("loss", Math.round(loss * 1e4) / 1e4);
        Profile.Paths paths = motion && pathWeight > 0 ? paths(takes, classOrder) : Profile.Paths.NONE;
        info.put("path_weight", paths.isEmpty() ? 0 : pathWeight);
        info.put("fit_ms", Math.round((System.nanoTime() - t0) / 1e5) / 10.0);
        return Profile.of(members, List.copyOf(modelLabels), List.copyOf(classes), mean, weights, bias, info,
                motion ? Profile.Motion.of(motionShare) : Profile.Motion.NONE, paths);
    }

    /**
     * Every take's and view's whole path (its last window's descriptor, which spans up to
     * {@link MotionTrajectory#HISTORY_CLIPS} clip lengths) as a template of its class. The views matter: a
     * take played faster, slower or cut at either end is how the same person draws the shape another time.
     * A take in which nothing moved has no path and gives none.
     */
    private Profile.Paths paths(List<Take> takes, List<String> classOrder) {
        List<float[]> points = new ArrayList<>();
        List<Integer> classOf = new ArrayList<>();
        for (Take t : takes) {
            float[] d = t.motion(t.windows() - 1);
            if (!PathTemplates.moved(d)) continue;
            points.add(java.util.Arrays.copyOf(d, 2 * MotionTrajectory.POINTS));
            classOf.add(classOrder.indexOf(t.label()));
        }
        if (points.isEmpty()) return Profile.Paths.NONE;
        float[][] p = points.toArray(new float[0][]);
        return new Profile.Paths((float) pathWeight, PathTemplates.typicalScale(p), classOf.stream().mapToInt(Integer::intValue).toArray(), p);
    }

    private double fitLogistic(float[][] x, float[][] base, int[] y, double[] weight, int[] target, int outputs,
                               float[][] w, float[] b, double l2) {
        int m = w.length, d = w[0].length, k = base[0].length;
        double[][] modelProbs = modelProbabilities(base);
        double[][] gw = new double[m][d], vw = new double[m][d];
        double[] gb = new double[m], vb = new double[m];
        double[] z = new double[outputs];
        double loss = 0;
        for (int it = 0; it < iterations; it++) {
            for (double[] g : gw) java.util.Arrays.fill(g, 0);
            java.util.Arrays.fill(gb, 0);
            loss = 0;
            for (int n = 0; n < x.length; n++) {
                loss += weight[n] * forward(x[n], base[n], w, b, target, k, z, y[n]);
                subtractTarget(z, y[n], modelProbs[n]);
                for (int r = 0; r < m; r++) {
                    double g = weight[n] * z[target[r]];
                    gb[r] += g;
                    float[] xn = x[n];
                    double[] row = gw[r];
                    for (int q = 0; q < d; q++) row[q] += g * xn[q];
                }
            }
            for (int r = 0; r < m; r++) {
                for (int q = 0; q < d; q++) {
                    vw[r][q] = MOMENTUM * vw[r][q] - STEP * (gw[r][q] + l2 * w[r][q]);
                    w[r][q] += (float) vw[r][q];
                }
                vb[r] = MOMENTUM * vb[r] - STEP * (gb[r] + l2 * b[r]);
                b[r] += (float) vb[r];
            }
        }
        return loss;
    }

    private double fitPrototypes(float[][] x, float[][] base, int[] y, double[] weight, int[] target, int outputs,
                                 float[][] proto, float[][] w, float[] b, double l2) {
        int m = proto.length, d = proto[0].length, k = base[0].length;
        double[][] modelProbs = modelProbabilities(base);
        double[][] cos = new double[x.length][m];
        for (int n = 0; n < x.length; n++) for (int r = 0; r < m; r++) cos[n][r] = dot(proto[r], x[n]);
        double scale = IMPRINT_SCALE, bias = 0, vs = 0, vbias = 0;
        double[] z = new double[outputs];
        double loss = 0;
        for (int it = 0; it < iterations; it++) {
            double gs = 0, gbias = 0;
            loss = 0;
            for (int n = 0; n < x.length; n++) {
                java.util.Arrays.fill(z, 0);
                for (int q = 0; q < k; q++) z[q] = base[n][q];
                for (int r = 0; r < m; r++) z[target[r]] += scale * cos[n][r] + bias;
                loss += weight[n] * softmaxLoss(z, y[n]);
                subtractTarget(z, y[n], modelProbs[n]);
                for (int r = 0; r < m; r++) {
                    gs += weight[n] * z[target[r]] * cos[n][r];
                    gbias += weight[n] * z[target[r]];
                }
            }
            vs = MOMENTUM * vs - STEP * (gs + l2 * scale);
            vbias = MOMENTUM * vbias - STEP * (gbias + l2 * bias);
            scale += vs;
            bias += vbias;
        }
        for (int r = 0; r < m; r++) {
            for (int q = 0; q < d; q++) w[r][q] = (float) (scale * proto[r][q]);
            b[r] = (float) bias;
        }
        return loss;
    }

    /**
     * Turns the softmax in z into the gradient of the cross-entropy against a smoothed target: the
     * recorded class with {@link #SMOOTHING} of the mass spread as the unadapted model spreads it.
     * Without it a class with no competitor among the takes (one new gesture) is fitted to certainty
     * on everything, and fires wherever the model is unsure; with it the head only has to beat the
     * model by a bounded margin.
     */
    private static void subtractTarget(double[] z, int y, double[] modelProbs) {
        z[y] -= 1 - SMOOTHING;
        for (int q = 0; q < modelProbs.length; q++) z[q] -= SMOOTHING * modelProbs[q];
    }

    private static double[][] modelProbabilities(float[][] base) {
        double[][] out = new double[base.length][];
        for (int n = 0; n < base.length; n++) {
            double[] p = new double[base[n].length];
            for (int q = 0; q < p.length; q++) p[q] = base[n][q];
            softmaxLoss(p, 0);
            out[n] = p;
        }
        return out;
    }

    /** Writes the softmax over the outputs into z and returns the cross-entropy of y. */
    private static double forward(float[] x, float[] base, float[][] w, float[] b, int[] target, int k, double[] z, int y) {
        java.util.Arrays.fill(z, 0);
        for (int q = 0; q < k; q++) z[q] = base[q];
        for (int r = 0; r < w.length; r++) z[target[r]] += b[r] + dot(w[r], x);
        return softmaxLoss(z, y);
    }

    private static double softmaxLoss(double[] z, int y) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : z) max = Math.max(max, v);
        double sum = 0;
        for (int i = 0; i < z.length; i++) {
            z[i] = Math.exp(z[i] - max);
            sum += z[i];
        }
        for (int i = 0; i < z.length; i++) z[i] /= sum;
        return -Math.log(Math.max(z[y], 1e-30));
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    /** v / |v| (zeros stay zeros). */
    static float[] normalise(float[] v) {
        float[] out = v.clone();
        double norm = 0;
        for (float x : out) norm += (double) x * x;
        float inv = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0f;
        for (int i = 0; i < v.length; i++) out[i] *= inv;
        return out;
    }
}
