package io.jesture.internal.adapt;

import io.jesture.ModelInfo;
import io.jesture.internal.model.Classifier;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The few-shot benchmark of docs/adapt.md on real clips from ../shared/real-dev. Not a unit test:
 * run it (after {@code mvn -o -q test-compile}) as
 * <pre>java -cp target/classes:target/test-classes:target/lib/* io.jesture.internal.adapt.AdaptBench MODEL.onnx [CACHE_DIR]</pre>
 * Each clip is embedded once (every sliding window, as the live pipeline classifies it) and cached
 * in CACHE_DIR (default target/adapt); the draws then fit and score in memory.
 */
public final class AdaptBench {
    static final Path SHARED = Path.of("..", "shared", "real-dev");
    static final String UNCLASSIFIED = "unclassified";
    static final int DRAWS = 5;
    /** -Dseed=21: the first draw's seed (draws use SEED to SEED + 4); docs/adapt.md reports 11 unless it says otherwise. */
    static final long SEED = Long.getLong("seed", 11);
    static List<Take> ANCHORS = List.of();
    /** The views (TakeView.TIME) of every clip by id, used for the support takes when {@link #USE_VIEWS}. */
    static Map<String, List<Take>> VIEWS = Map.of();
    static boolean USE_VIEWS;
    /** The model or the ensemble's members, as a profile records them. */
    static List<Profile.Member> MEMBERS = List.of();
    /** -Dks=5,10: the k to run (on a busy machine a fit with views takes minutes); -Dks= runs none. */
    static final int[] KS = java.util.Arrays.stream(System.getProperty("ks", "1,5,10").split(",")).filter(x -> !x.isBlank()).mapToInt(x -> Integer.parseInt(x.trim())).toArray();
    /** -Dother=false skips the second fit of every draw (unclassified takes recorded as the model's "other" class). */
    static final boolean OTHER = Boolean.parseBoolean(System.getProperty("other", "true"));
    /** -Djester=false skips the Jester leave-one-out. */
    static final boolean JESTER = Boolean.parseBoolean(System.getProperty("jester", "true"));
    /** -Dl2=...: the penalty of every fit (the sweep in docs/adapt.md). */
    static final double L2 = Double.parseDouble(System.getProperty("l2", String.valueOf(HeadFitter.DEFAULT_L2)));
    /** -Dmotion=false: fit on the embedding alone (no motion block); -DmotionShare=...: the block's share a. */
    static final double MOTION_SHARE = Boolean.parseBoolean(System.getProperty("motion", "true"))
            ? Double.parseDouble(System.getProperty("motionShare", String.valueOf(HeadFitter.DEFAULT_MOTION_SHARE))) : 0;

    /** -DpathWeight=...: the path templates' weight (0: none; HeadFitter.DEFAULT_PATH_WEIGHT by default). */
    static final double PATH_WEIGHT = Double.parseDouble(System.getProperty("pathWeight", String.valueOf(HeadFitter.DEFAULT_PATH_WEIGHT)));

    static String tag(HeadFitter f) {
        return f.kind().key() + (ANCHORS.isEmpty() ? "" : "+anchors") + (USE_VIEWS ? "+views" : "")
                + (MOTION_SHARE > 0 ? String.format(Locale.ROOT, "+motion%.2f", MOTION_SHARE) : "")
                + (MOTION_SHARE > 0 && PATH_WEIGHT > 0 ? String.format(Locale.ROOT, "+paths%.1f", PATH_WEIGHT) : "");
    }

    /** The support takes, and with {@link #USE_VIEWS} each one's views too (queries never have views). */
    static List<Take> withViews(List<Take> support) {
        if (!USE_VIEWS) return support;
        List<Take> out = new ArrayList<>(support);
        for (Take t : support) out.addAll(VIEWS.getOrDefault(t.id(), List.of()));
        return out;
    }

    static Map<String, List<Take>> byId(List<Take> views) {
        Map<String, List<Take>> out = new LinkedHashMap<>();
        for (Take t : views) out.computeIfAbsent(t.id(), k -> new ArrayList<>()).add(t);
        return out;
    }

    public static void main(String[] args) throws Exception {
        Path first = Path.of(args[0]);
        Path cacheDir = args.length > 1 ? Path.of(args[1]) : Path.of("target", "adapt");
        // -Dpartner=B.onnx[,C.onnx]: adapt the ensemble of MODEL and those, as jesture adapt --model MODEL B.onnx does.
        List<Path> model = new ArrayList<>(List.of(first));
        for (String p : System.getProperty("partner", "").split(",")) if (!p.isBlank()) model.add(Path.of(p.trim()));
        // The motion descriptor's version is in the name, and an ensemble's profile format (which says how its
        // members are fused): a cache made with another one is not read.
        String name = model.stream().map(m -> m.getFileName().toString().replace(".onnx", "")).collect(java.util.stream.Collectors.joining("+"))
                + "-motion" + MotionTrajectory.VERSION + (model.size() > 1 ? "-format" + Profile.VERSION_ENSEMBLE : "");
        ModelInfo info = Classifier.inspect(first);
        String sha = Profile.sha256(first);
        try (TakeEmbedder e = TakeEmbedder.load(model, io.jesture.Provider.CPU, 1)) {
            List<String> shas = new ArrayList<>();
            for (Path m : model) shas.add(Profile.sha256(m));
            MEMBERS = e.members(shas);
        }
        System.out.printf(Locale.ROOT, "model %s (%s), %d labels, background %s%n", name, info.arch(), info.labels().size(), info.backgroundLabels());
        List<Take> ego = TakeCache.load(model, TakeCache.egogestar(SHARED.resolve("egogestar")), cacheDir.resolve(name + "-egogestar.takes"), 12);
        List<Take> jester = TakeCache.load(model, TakeCache.jester(SHARED.resolve("jester")), cacheDir.resolve(name + "-jester.takes"), 12);
        String rest = info.labels().contains("No gesture") ? "No gesture" : null;
        String other = info.labels().contains("Doing other things") ? "Doing other things" : null;
        List<Take> anchors = TakeCache.anchors(model, cacheDir.resolve(name + "-anchors.takes"), Adapter.DEFAULT_ANCHORS);
        String only = System.getProperty("only", "");
        // The views are several times the clips to embed (4 for time, 7 for time+space): only when a configuration reads them.
        boolean needViews = only.isEmpty() || only.contains("+views");
        // -Dviews=time (the default of jesture adapt), space or time+space: which TakeView list the support takes get.
        String viewsName = System.getProperty("views", "time");
        List<TakeView> views = TakeView.parse(viewsName);
        String viewsTag = viewsName.equals("time") ? "views" : "views-" + viewsName.replace('+', '-');
        Map<String, List<Take>> egoViews = !needViews ? Map.of() : byId(TakeCache.loadViews(model, TakeCache.egogestar(SHARED.resolve("egogestar")),
                cacheDir.resolve(name + "-egogestar-" + viewsTag + ".takes"), 12, views));
        Map<String, List<Take>> jesterViews = !needViews ? Map.of() : byId(TakeCache.loadViews(model, TakeCache.jester(SHARED.resolve("jester")),
                cacheDir.resolve(name + "-jester-" + viewsTag + ".takes"), 12, views));
        if (ego.get(0).hasMotion()) for (int k : new int[] {1, 5, 10}) motionAlone(ego, k);
        // -Donly=logistic+anchors+views (a tag) runs one configuration.
        String[] configs = {"logistic+anchors+views", "logistic+anchors", "logistic+views", "logistic", "prototype+anchors", "prototype"};
        for (String config : configs) {
            if (!only.isEmpty() && !only.equals(config)) continue;
            HeadFitter.Kind kind = HeadFitter.Kind.parse(config.split("\\+")[0]);
            ANCHORS = config.contains("+anchors") ? anchors : List.of();
            USE_VIEWS = config.contains("+views");
            HeadFitter fitter = new HeadFitter(kind, L2, HeadFitter.DEFAULT_ITERATIONS, MOTION_SHARE, PATH_WEIGHT);
            VIEWS = egoViews;
            if (Boolean.getBoolean("ceiling")) {
                ceiling(ego, info, sha, fitter);
                continue;
            }
            for (int k : KS) egogestar(ego, info, sha, fitter, k, rest, OTHER ? other : null);
            VIEWS = jesterViews;
            if (JESTER) jesterLeaveOneOut(jester, info, sha, fitter, rest);
        }
        // -Dcost=true prints the cost lines after a single configuration too (-Donly=none: the cost lines alone).
        if (Boolean.getBoolean("ceiling") || (!only.isEmpty() && !Boolean.getBoolean("cost"))) return;
        ANCHORS = anchors;
        VIEWS = egoViews;
        for (boolean v : needViews ? new boolean[] {false, true} : new boolean[] {false}) {
            USE_VIEWS = v;
            cost(ego, info, sha, rest, cacheDir.resolve(name + "-bench.profile"));
        }
    }

    static List<String> gestureClasses(List<Take> takes) {
        List<String> out = new ArrayList<>();
        for (Take t : takes) if (!t.label().equals(UNCLASSIFIED) && !out.contains(t.label())) out.add(t.label());
        java.util.Collections.sort(out);
        return out;
    }

    /** k takes of each class, drawn with {@code seed}; the rest are the queries. */
    static List<List<Take>> draw(List<Take> takes, List<String> classes, int k, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Take> support = new ArrayList<>(), query = new ArrayList<>();
        for (String c : classes) {
            List<Take> of = new ArrayList<>();
            for (Take t : takes) if (t.label().equals(c)) of.add(t);
            for (int i = of.size() - 1; i > 0; i--) java.util.Collections.swap(of, i, rnd.nextInt(i + 1));
            support.addAll(of.subList(0, k));
            query.addAll(of.subList(k, of.size()));
        }
        return List.of(support, query);
    }

    /** Probabilities averaged over every window of a take, as jesture classify and eval-clips do. */
    static float[] score(ProfileHead head, Take t) {
        float[] mean = new float[head.outputs()];
        float[] p = new float[head.outputs()];
        for (int w = 0; w < t.windows(); w++) {
            head.apply(t.windowLogits()[w], t.windowEmbeddings()[w], t.motion(w), p);
            for (int i = 0; i < p.length; i++) mean[i] += p[i] / t.windows();
        }
        return mean;
    }

    static float[] unadapted(Take t) {
        int k = t.windowLogits()[0].length;
        float[] mean = new float[k], p = new float[k];
        for (float[] l : t.windowLogits()) {
            ProfileHead.softmax(l, k, p);
            for (int i = 0; i < k; i++) mean[i] += p[i] / t.windows();
        }
        return mean;
    }

    /**
     * The labels the live smoother (default smoothing, the recognizer's activation rules) fires on the
     * take's windows, played one per model frame.
     */
    static List<String> fires(ProfileHead head, Take t, List<String> labels, List<String> background) {
        try {
            io.jesture.internal.pipeline.GestureSmoother s = new io.jesture.internal.pipeline.GestureSmoother(io.jesture.Smoothing.defaults(),
                    labels, background, List.of(), List.of());
            List<String> out = new ArrayList<>();
            float[] p = new float[head.outputs()];
            for (int w = 0; w < t.windows(); w++) {
                head.apply(t.windowLogits()[w], t.windowEmbeddings()[w], t.motion(w), p);
                int c = s.update(p, w * 166_666_667L);
                if (c >= 0) out.add(labels.get(c));
            }
            return out;
        } catch (io.jesture.ConfigException e) {
            throw new IllegalStateException(e);
        }
    }

    static int argmax(float[] p, int from, int to) {
        int best = from;
        for (int i = from + 1; i < to; i++) if (p[i] > p[best]) best = i;
        return best;
    }

    static void egogestar(List<Take> takes, ModelInfo info, String sha, HeadFitter fitter, int k, String rest, String other) {
        List<String> classes = gestureClasses(takes);
        int kModel = info.labels().size();
        List<Take> unclassified = new ArrayList<>();
        for (Take t : takes) if (t.label().equals(UNCLASSIFIED)) unclassified.add(t);
        double[] profileOnly = new double[DRAWS], whole = new double[DRAWS], falseGuard = new double[DRAWS], falseNoGuard = new double[DRAWS];
        double[] falseRecorded = new double[DRAWS], wholeRecorded = new double[DRAWS];
        double[] firesRight = new double[DRAWS], firesOnUnclassified = new double[DRAWS], firesNothing = new double[DRAWS];
        double fitMs = 0;
        for (int d = 0; d < DRAWS; d++) {
            List<List<Take>> sq = draw(takes, classes, k, SEED + d);
            long t0 = System.nanoTime();
            Profile p = fitter.fit(withViews(sq.get(0)), ANCHORS, info.labels(), classes, MEMBERS);
            fitMs += (System.nanoTime() - t0) / 1e6 / DRAWS;
            ProfileHead guarded = new ProfileHead(p, rest), open = new ProfileHead(p, null);
            int ok = 0, okWhole = 0, right = 0, firedUn = 0, silent = 0;
            for (Take q : sq.get(1)) {
                List<String> f = fires(guarded, q, p.labels(), info.backgroundLabels());
                right += !f.isEmpty() && f.get(0).equals(q.label()) ? 1 : 0;
                silent += f.isEmpty() ? 1 : 0;
                float[] s = score(guarded, q);
                int truth = kModel + classes.indexOf(q.label());
                ok += argmax(s, kModel, s.length) == truth ? 1 : 0;
                okWhole += argmax(s, 0, s.length) == truth ? 1 : 0;
            }
            for (Take u : unclassified) firedUn += fires(guarded, u, p.labels(), info.backgroundLabels()).isEmpty() ? 0 : 1;
            firesRight[d] = (double) right / sq.get(1).size();
            firesNothing[d] = (double) silent / sq.get(1).size();
            firesOnUnclassified[d] = (double) firedUn / unclassified.size();
            profileOnly[d] = (double) ok / sq.get(1).size();
            whole[d] = (double) okWhole / sq.get(1).size();
            falseGuard[d] = falseRate(guarded, unclassified, info);
            falseNoGuard[d] = falseRate(open, unclassified, info);
            // The same draw with k random-motion takes recorded as the model's "other motion" background class.
            if (other != null) {
                SplittableRandom rnd = new SplittableRandom(SEED + 100 + d);
                List<Take> un = new ArrayList<>(unclassified);
                for (int i = un.size() - 1; i > 0; i--) java.util.Collections.swap(un, i, rnd.nextInt(i + 1));
                List<Take> support = new ArrayList<>(withViews(sq.get(0)));
                for (Take t : un.subList(0, k)) support.add(relabel(t, other));
                List<String> withOther = new ArrayList<>(classes);
                withOther.add(other);
                Profile p2 = fitter.fit(support, ANCHORS, info.labels(), withOther, MEMBERS);
                ProfileHead h2 = new ProfileHead(p2, rest);
                falseRecorded[d] = falseRate(h2, un.subList(k, un.size()), info);
                int okw = 0;
                for (Take q : sq.get(1)) {
                    float[] s = score(h2, q);
                    okw += argmax(s, 0, s.length) == kModel + classes.indexOf(q.label()) ? 1 : 0;
                }
                wholeRecorded[d] = (double) okw / sq.get(1).size();
            }
        }
        System.out.printf(Locale.ROOT, "egogestar %-17s k=%-2d  top-1 among the 10: %s  over all %d labels: %s  | unclassified called a gesture: "
                        + "guard %s, no guard %s; with %d unclassified takes as '%s': %s (top-1 all %s)  | fit %.0f ms%n",
                tag(fitter), k, ms(profileOnly), kModel + classes.size(), ms(whole), ms(falseGuard), ms(falseNoGuard), k, other,
                ms(falseRecorded), ms(wholeRecorded), fitMs);
        System.out.printf(Locale.ROOT, "egogestar %-17s k=%-2d  live smoother: first event right %s, no event %s; unclassified clips with an event %s%n",
                tag(fitter), k, ms(firesRight), ms(firesNothing), ms(firesOnUnclassified));
        if (k == 5 && fitter.kind() == HeadFitter.Kind.LOGISTIC) {
            int called = 0, fired = 0;
            Profile none = new Profile("m", sha, info.labels(), ego0(unclassified).length, List.of(new Profile.RecordedClass(info.labels().get(0), false, 1)),
                    new float[ego0(unclassified).length], new float[1][ego0(unclassified).length], new float[1], new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode());
            ProfileHead identity = new ProfileHead(none, null);
            for (Take t : unclassified) {
                called += info.backgroundLabels().contains(info.labels().get(argmax(unadapted(t), 0, kModel))) ? 0 : 1;
                fired += fires(identity, t, info.labels(), info.backgroundLabels()).isEmpty() ? 0 : 1;
            }
            System.out.printf(Locale.ROOT, "egogestar unadapted model, live smoother: %d of %d unclassified clips with an event%n", fired, unclassified.size());
            System.out.printf(Locale.ROOT, "egogestar unadapted model: %d of %d unclassified clips called a gesture (%.2f)%n", called,
                    unclassified.size(), (double) called / unclassified.size());
        }
    }

    /**
     * -Dceiling=true: five folds over all the clips of the 10 classes (about 17 takes per class to fit,
     * every clip scored once): what the head reaches on this embedding with three times the takes.
     */
    static void ceiling(List<Take> takes, ModelInfo info, String sha, HeadFitter fitter) {
        List<String> classes = gestureClasses(takes);
        int kModel = info.labels().size(), ok = 0, n = 0;
        for (int fold = 0; fold < 5; fold++) {
            List<Take> support = new ArrayList<>(), query = new ArrayList<>();
            for (String c : classes) {
                int i = 0;
                for (Take t : takes) if (t.label().equals(c)) (i++ % 5 == fold ? query : support).add(t);
            }
            ProfileHead h = new ProfileHead(fitter.fit(withViews(support), ANCHORS, info.labels(), classes, MEMBERS), "No gesture");
            for (Take q : query) {
                float[] s = score(h, q);
                ok += argmax(s, kModel, s.length) == kModel + classes.indexOf(q.label()) ? 1 : 0;
                n++;
            }
        }
        System.out.printf(Locale.ROOT, "egogestar %-17s five folds over all %d clips: top-1 among the 10: %.3f%n", tag(fitter), n, (double) ok / n);
    }

    static float[] ego0(List<Take> t) {
        return t.get(0).centreEmbedding();
    }

    static Take relabel(Take t, String label) {
        return t.relabel(label);
    }

    /** Share of clips whose top-1 (windows averaged) is not a background class. */
    static double falseRate(ProfileHead head, List<Take> clips, ModelInfo info) {
        int called = 0;
        for (Take t : clips) {
            float[] s = score(head, t);
            int top = argmax(s, 0, s.length);
            called += top < info.labels().size() && info.backgroundLabels().contains(info.labels().get(top)) ? 0 : 1;
        }
        return (double) called / clips.size();
    }

    static void jesterLeaveOneOut(List<Take> takes, ModelInfo info, String sha, HeadFitter fitter, String rest) {
        int adapted = 0, before = 0;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < takes.size(); i++) {
            Take test = takes.get(i);
            List<Take> support = new ArrayList<>(takes);
            support.remove(i);
            List<String> classes = new ArrayList<>();
            for (Take t : support) if (!classes.contains(t.label())) classes.add(t.label());
            Profile p = fitter.fit(withViews(support), ANCHORS, info.labels(), classes, MEMBERS);
            float[] s = score(new ProfileHead(p, rest), test);
            int truth = info.labels().indexOf(test.label());
            boolean ok = argmax(s, 0, s.length) == truth;
            boolean ok0 = argmax(unadapted(test), 0, info.labels().size()) == truth;
            adapted += ok ? 1 : 0;
            before += ok0 ? 1 : 0;
            sb.append(String.format(Locale.ROOT, "%n    %-26s unadapted %-26s adapted %s", test.label(),
                    info.labels().get(argmax(unadapted(test), 0, info.labels().size())),
                    s.length > 0 ? (argmax(s, 0, s.length) < info.labels().size() ? info.labels().get(argmax(s, 0, s.length)) : "new") : ""));
        }
        System.out.printf(Locale.ROOT, "jester leave-one-out %-17s: unadapted %d of %d, adapted on the other 9: %d of %d%s%n", tag(fitter),
                before, takes.size(), adapted, takes.size(), sb);
    }

    static void cost(List<Take> takes, ModelInfo info, String sha, String rest, Path profileFile) throws Exception {
        List<String> classes = gestureClasses(takes);
        List<Take> support = withViews(draw(takes, classes, 5, SEED).get(0));
        HeadFitter fitter = new HeadFitter(HeadFitter.Kind.LOGISTIC, HeadFitter.DEFAULT_L2, HeadFitter.DEFAULT_ITERATIONS, MOTION_SHARE, PATH_WEIGHT);
        fitter.fit(support, ANCHORS, info.labels(), classes, MEMBERS); // warm-up
        long t0 = System.nanoTime();
        Profile p = fitter.fit(support, ANCHORS, info.labels(), classes, MEMBERS);
        double fitMs = (System.nanoTime() - t0) / 1e6;
        p.write(profileFile, true);
        ProfileHead head = new ProfileHead(p, rest);
        float[] probs = new float[head.outputs()];
        // Wall time and this thread's CPU time: on a loaded machine at nice 10 the wall time also counts the
        // time the thread waited for a core.
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        Take t = takes.get(0);
        int n = 200_000;
        for (int i = 0; i < n; i++) head.apply(t.windowLogits()[0], t.windowEmbeddings()[0], t.motion(0), probs);
        long a = System.nanoTime(), aCpu = mx.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) head.apply(t.windowLogits()[i % t.windows()], t.windowEmbeddings()[i % t.windows()], t.motion(i % t.windows()), probs);
        double us = (System.nanoTime() - a) / 1e3 / n, cpuUs = (mx.getCurrentThreadCpuTime() - aCpu) / 1e3 / n;
        // The motion descriptor, as Classifier.classify updates and describes it per window when the profile reads
        // it: the windows of a stream in order (stride 1), on clips of the model's size showing a square moving
        // over a noisy background (the cost hardly depends on the content). Each pass over the windows starts
        // with one new path, as a new source would.
        double motionUs = 0, motionCpuUs = 0;
        if (head.usesMotion()) {
            MotionTrajectory mt = new MotionTrajectory(info);
            int len = info.clipLength(), length = 2 * len, h = info.frameHeight(), w = info.frameWidth();
            float[] stream = MotionTrajectoryTest.clip(length, h, w, f -> new double[] {w / 2.0 + 20 * Math.cos(f * 0.3),
                    h / 2.0 + 20 * Math.sin(f * 0.3)}, 3, 2);
            float[][] windows = new float[length - len + 1][3 * len * h * w];
            for (int s = 0; s < windows.length; s++) {
                for (int ch = 0; ch < 3; ch++) System.arraycopy(stream, (ch * length + s) * h * w, windows[s], ch * len * h * w, len * h * w);
            }
            float[] out = new float[MotionTrajectory.DIM];
            int calls = 20_000;
            for (int i = 0; i < calls; i++) {
                mt.update(windows[i % windows.length]);
                mt.describe(out);
            }
            long c0 = System.nanoTime(), cpu0 = mx.getCurrentThreadCpuTime();
            for (int i = 0; i < calls; i++) {
                mt.update(windows[i % windows.length]);
                mt.describe(out);
            }
            motionUs = (System.nanoTime() - c0) / 1e3 / calls;
            motionCpuUs = (mx.getCurrentThreadCpuTime() - cpu0) / 1e3 / calls;
        }
        System.out.printf(Locale.ROOT, "cost%s: fit on 10 classes x 5 takes (%d windows) %.0f ms; head per window %.2f us (CPU %.2f us); motion descriptor per window"
                        + " %.1f us (CPU %.1f us; %s); profile %d bytes%n",
                USE_VIEWS ? " (with views)" : "", p.info().path("windows").asInt(), fitMs, us, cpuUs, motionUs, motionCpuUs,
                head.usesMotion() ? "the profile reads it" : "not computed: no motion block", Files.size(profileFile));
    }

    /**
     * The motion descriptor alone, without the model: nearest class mean by cosine on each clip's centre
     * clip descriptor, the same draws as the heads. What the descriptor carries by itself.
     */
    static void motionAlone(List<Take> takes, int k) {
        motionAlone(takes, k, false);
        motionAlone(takes, k, true);
        templatesAlone(takes, k);
    }

    /**
     * The path templates alone, without the model: each clip's whole path (its last window) against the
     * drawn takes' whole paths (no views), the class with the smallest {@link PathTemplates} distance.
     */
    static void templatesAlone(List<Take> takes, int k) {
        List<String> classes = gestureClasses(takes);
        double[] acc = new double[DRAWS];
        for (int d = 0; d < DRAWS; d++) {
            List<List<Take>> sq = draw(takes, classes, k, SEED + d);
            float[][] paths = new float[sq.get(0).size()][];
            int[] classOf = new int[paths.length];
            for (int i = 0; i < paths.length; i++) {
                Take t = sq.get(0).get(i);
                paths[i] = t.motion(t.windows() - 1);
                classOf[i] = classes.indexOf(t.label());
            }
            PathTemplates m = new PathTemplates(paths, classOf, classes.size(), 1f);
            double[] dist = new double[classes.size()];
            int ok = 0;
            for (Take q : sq.get(1)) {
                if (!m.distances(q.motion(q.windows() - 1), dist)) continue;
                int best = 0;
                for (int c = 1; c < dist.length; c++) if (dist[c] < dist[best]) best = c;
                ok += classes.get(best).equals(q.label()) ? 1 : 0;
            }
            acc[d] = (double) ok / sq.get(1).size();
        }
        System.out.printf(Locale.ROOT, "egogestar path templates alone (warped, %d nearest, the whole path) k=%-2d  top-1 among the 10: %s%n",
                PathTemplates.NEAREST, k, ms(acc));
    }

    /**
     * @param lastWindow read the last sliding window's descriptor, the path of the whole clip up to
     *                   {@link MotionTrajectory#HISTORY_CLIPS} clip lengths, instead of the centre clip's
     */
    static void motionAlone(List<Take> takes, int k, boolean lastWindow) {
        List<String> classes = gestureClasses(takes);
        double[] acc = new double[DRAWS];
        for (int d = 0; d < DRAWS; d++) {
            List<List<Take>> sq = draw(takes, classes, k, SEED + d);
            float[][] mean = new float[classes.size()][MotionTrajectory.DIM];
            for (Take t : sq.get(0)) {
                float[] m = mean[classes.indexOf(t.label())];
                float[] mo = lastWindow ? t.motion(t.windows() - 1) : t.centreMotion();
                for (int i = 0; i < m.length; i++) m[i] += mo[i];
            }
            for (int c = 0; c < mean.length; c++) mean[c] = HeadFitter.normalise(mean[c]);
            int ok = 0;
            for (Take q : sq.get(1)) {
                float[] f = HeadFitter.normalise(lastWindow ? q.motion(q.windows() - 1) : q.centreMotion());
                int best = 0;
                for (int c = 1; c < mean.length; c++) if (HeadFitter.dot(mean[c], f) > HeadFitter.dot(mean[best], f)) best = c;
                ok += classes.get(best).equals(q.label()) ? 1 : 0;
            }
            acc[d] = (double) ok / sq.get(1).size();
        }
        System.out.printf(Locale.ROOT, "egogestar motion descriptor alone (nearest class mean, %s) k=%-2d  top-1 among the 10: %s%n",
                lastWindow ? "last window, the whole path" : "centre clip", k, ms(acc));
    }

    static String ms(double[] v) {
        double mean = 0;
        for (double x : v) mean += x / v.length;
        double var = 0;
        for (double x : v) var += (x - mean) * (x - mean) / v.length;
        double min = Double.MAX_VALUE, max = -Double.MAX_VALUE;
        for (double x : v) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        return String.format(Locale.ROOT, "%.3f±%.3f [%.2f-%.2f]", mean, Math.sqrt(var), min, max);
    }

    private AdaptBench() {}

    static Map<String, Object> unused() {
        return new LinkedHashMap<>();
    }
}
