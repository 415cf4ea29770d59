package io.jesture.internal.adapt;

import ai.onnxruntime.OrtException;
import io.jesture.FrameSource;
import io.jesture.JestureException;
import io.jesture.ModelInfo;
import io.jesture.ModelLoadException;
import io.jesture.Provider;
import io.jesture.SourceException;
import io.jesture.internal.eval.ClipScore;
import io.jesture.internal.eval.ClipScorer;
import io.jesture.internal.model.Classifier;
import io.jesture.internal.model.EnsembleScores;
import io.jesture.internal.model.ModelContract;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads takes through {@link ClipScorer}, the same decoding, preprocessing and sliding windows as
 * {@code jesture eval-clips} and the live pipeline, and keeps each window's embedding and logits.
 * For an ensemble the embedding is the members' embeddings one after the other and the logits are
 * those of the members' fused probabilities ({@link EnsembleScores}), what the live
 * {@link Classifier} hands a profile's head. Not thread-safe; owns ONNX Runtime sessions: close it.
 */
public final class TakeEmbedder implements AutoCloseable {
    private final ClipScorer scorer;
    private final ModelInfo info;
    private final List<Path> models;
    /** D of each member, in order. */
    private final int[] dims;
    private final int dim;

    private TakeEmbedder(ClipScorer scorer, ModelInfo info, List<Path> models, int[] dims) {
        this.scorer = scorer;
        this.info = info;
        this.models = List.copyOf(models);
        this.dims = dims;
        int d = 0;
        for (int x : dims) d += x;
        this.dim = d;
    }

    /**
     * @throws ModelLoadException the model is bad, or has no {@code embedding} output
     */
    public static TakeEmbedder load(Path model, Provider provider, int threads) throws ModelLoadException {
        return load(List.of(model), provider, threads);
    }

    /**
     * One model, or an ensemble: its members must share one contract, as the live pipeline's ensembles
     * must ({@link Classifier#checkSameContract}), so that their windows and scores line up one for one.
     *
     * @throws ModelLoadException a model is bad or has no {@code embedding} output, or the members disagree
     */
    public static TakeEmbedder load(List<Path> models, Provider provider, int threads) throws ModelLoadException {
        ClipScorer scorer = ClipScorer.load(models, provider, threads, s -> { });
        try {
            List<ModelInfo> members = scorer.members();
            ModelInfo info = members.get(0);
            int[] dims = new int[members.size()];
            for (int i = 0; i < dims.length; i++) {
                ModelInfo m = members.get(i);
                String dim = m.metadata().get(ModelContract.EMBEDDING_DIM_KEY);
                if (dim == null) throw new ModelLoadException(noEmbedding(m));
                dims[i] = Integer.parseInt(dim.trim()); // Classifier.load checked it against the graph
                // What the live pipeline's ensembles require: a profile fitted here must run there, window for window.
                if (i > 0) Classifier.checkSameContract(info, m);
            }
            return new TakeEmbedder(scorer, info, models, dims);
        } catch (ModelLoadException | RuntimeException e) {
            scorer.close();
            throw e;
        }
    }

    /**
     * The one line every adaptation path gives for a model without an embedding output: a hands model
     * never has one (it reads 71 landmark features, not pixels), so its line names the fix that exists,
     * fitting the profile on the pixel model alone; any other model was exported before embeddings existed.
     */
    public static String noEmbedding(ModelInfo model) {
        if (ModelContract.readsHands(model)) {
            return "model " + model.file() + " reads the tracked hand and has no embedding output, so no profile can be"
                    + " fitted on it or on an ensemble with it: adapt, and run the profile, with the pixel model alone"
                    + " (--model without " + model.file().getFileName() + ")";
        }
        return noEmbedding(model.file());
    }

    /** {@link #noEmbedding(ModelInfo)} for a pixel model exported before embeddings existed. */
    private static String noEmbedding(Path model) {
        return "model " + model + " has no embedding output: re-export it with jesture_train.export"
                + " (PYTHONPATH=src/train python3 -m jesture_train.export --add-embedding " + model.getFileName()
                + " --out NEW.onnx, or --checkpoint RUN/best.pt --out NEW.onnx)";
    }

    public ModelInfo info() {
        return info;
    }

    /** D, the length of every embedding (an ensemble's: the sum of its members'). */
    public int dim() {
        return dim;
    }

    /** The models, in order: one, or an ensemble's members. */
    public List<Path> models() {
        return models;
    }

    /** What a profile fitted on these takes records of each model, in order. */
    public List<Profile.Member> members(List<String> sha256) {
        List<Profile.Member> out = new ArrayList<>();
        for (int i = 0; i < dims.length; i++) out.add(new Profile.Member(models.get(i).getFileName().toString(), sha256.get(i), dims[i]));
        return out;
    }

    /**
     * Plays {@code source} to its end and returns every window's embedding and logits.
     *
     * @throws JestureException the source cannot be read, stops part way, or has no frame
     */
    public Take embed(String id, String label, FrameSource source) throws JestureException, InterruptedException {
        int k = info.labels().size();
        int n = dims.length;
        // Per member, its windows' embeddings and logits in order; the centre clip's apart, in centre[member].
        List<List<float[]>> embeddings = new ArrayList<>(), logits = new ArrayList<>();
        for (int m = 0; m < n; m++) {
            embeddings.add(new ArrayList<>());
            logits.add(new ArrayList<>());
        }
        List<float[]> motions = new ArrayList<>();
        float[][][] centre = new float[n][][];
        float[][] centreMotion = new float[1][];
        FrameSource.Format[] format = new FrameSource.Format[1];
        ClipScore score;
        try {
            score = scorer.score(source, new ClipScorer.WindowTap() {
                @Override
                public void onWindow(int member, Classifier classifier, boolean isCentre, long endNanos) {
                    float[] e = new float[dims[member]];
                    float[] l = new float[k];
                    classifier.copyEmbedding(0, e);
                    classifier.copyLogits(0, l);
                    // Every take carries its motion descriptors (the first member's clips: all members read the
                    // same); the fitter decides whether the profile uses them.
                    float[] mo = null;
                    if (member == 0) {
                        mo = new float[MotionTrajectory.DIM];
                        classifier.copyMotion(mo);
                    }
                    if (isCentre) {
                        centre[member] = new float[][] {e, l};
                        if (member == 0) centreMotion[0] = mo;
                    } else {
                        embeddings.get(member).add(e);
                        logits.get(member).add(l);
                        if (member == 0) motions.add(mo);
                    }
                }

                @Override
                public void onOpen(FrameSource.Format f) {
                    format[0] = f;
                }
            });
        } catch (OrtException e) {
            throw new JestureException("take " + id + ": the model failed to run on it: " + e.getMessage(), e);
        } catch (SourceException e) {
            throw new SourceException("take " + id + ": " + e.getMessage(), e);
        }
        if (score.failed() || embeddings.get(0).isEmpty()) {
            throw new SourceException("take " + id + " (" + source.description() + ") cannot be read to its end ("
                    + (score.error() != null ? score.error() : "no frames") + "): record it again or remove it");
        }
        int windows = embeddings.get(0).size();
        for (int m = 1; m < n; m++) {
            if (embeddings.get(m).size() != windows || (centre[m] == null) != (centre[0] == null)) {
                throw new IllegalStateException("take " + id + ": ensemble members saw " + embeddings.get(m).size() + " and " + windows + " windows");
            }
        }
        float[][] windowEmbeddings = new float[windows][], windowLogits = new float[windows][];
        for (int w = 0; w < windows; w++) {
            float[][] es = new float[n][], ls = new float[n][];
            for (int m = 0; m < n; m++) {
                es[m] = embeddings.get(m).get(w);
                ls[m] = logits.get(m).get(w);
            }
            windowEmbeddings[w] = join(es);
            windowLogits[w] = fuse(ls, k);
        }
        float[] centreEmbedding, centreLogits, centreMo;
        if (centre[0] != null) {
            float[][] es = new float[n][], ls = new float[n][];
            for (int m = 0; m < n; m++) {
                es[m] = centre[m][0];
                ls[m] = centre[m][1];
            }
            centreEmbedding = join(es);
            centreLogits = fuse(ls, k);
            centreMo = centreMotion[0];
        } else { // a take too long to keep for a centre clip: its middle window stands in
            centreEmbedding = windowEmbeddings[windows / 2];
            centreLogits = windowLogits[windows / 2];
            centreMo = motions.get(windows / 2);
        }
        int modelFrames = (int) Math.floor(score.spanNanos() * info.fps() / 1e9 + 1e-6) + 1;
        return new Take(id, label, format[0].width(), format[0].height(), modelFrames, windowEmbeddings, windowLogits, centreEmbedding,
                centreLogits, motions.toArray(float[][]::new), centreMo);
    }

    /** The members' embeddings one after the other (one member's as it is). */
    private static float[] join(float[][] es) {
        if (es.length == 1) return es[0];
        int d = 0;
        for (float[] e : es) d += e.length;
        float[] out = new float[d];
        int at = 0;
        for (float[] e : es) {
            System.arraycopy(e, 0, out, at, e.length);
            at += e.length;
        }
        return out;
    }

    /** The members' logits as the live {@link Classifier} hands them to a profile (one member's as they are). */
    private static float[] fuse(float[][] ls, int k) {
        if (ls.length == 1) return ls[0];
        float[] logs = new float[k], probs = new float[k];
        float weight = 1f / ls.length;
        double lse = 0;
        for (float[] l : ls) lse += EnsembleScores.addLogProbs(l, k, weight, logs) * weight;
        EnsembleScores.toProbs(logs, k, probs);
        float[] out = new float[k];
        EnsembleScores.toLogits(probs, k, lse, out);
        return out;
    }

    /**
     * Reads {@code source} once into memory and embeds it as it was recorded and then in each of
     * {@code views}: the original take first, then one {@link Take} per view, all with the take's id
     * and label (the head counts them as one take). Without views this is {@link #embed}.
     *
     * @throws JestureException the source cannot be read, or has no frame
     */
    public List<Take> embedViews(String id, String label, FrameSource source, List<TakeView> views)
            throws JestureException, InterruptedException {
        if (views.isEmpty()) return List.of(embed(id, label, source));
        List<byte[]> frames = new ArrayList<>();
        List<Long> stamps = new ArrayList<>();
        FrameSource.Format format;
        try {
            format = source.open();
            while (true) {
                byte[] f = new byte[format.frameBytes()]; // adapt time, once per frame of a few takes: not a hot path
                long ts = source.read(f);
                if (ts == FrameSource.END_OF_STREAM) break;
                frames.add(f);
                stamps.add(ts);
            }
        } catch (SourceException e) {
            throw new SourceException("take " + id + ": " + e.getMessage(), e);
        } finally {
            source.close();
        }
        if (frames.isEmpty()) {
            throw new SourceException("take " + id + " (" + source.description() + ") has no frames: record it again or remove it");
        }
        long[] ts = new long[stamps.size()];
        for (int i = 0; i < ts.length; i++) ts[i] = stamps.get(i);
        List<Take> out = new ArrayList<>();
        out.add(embed(id, label, AS_RECORDED.play(frames, ts, format, id)));
        for (TakeView v : views) out.add(embed(id, label, v.play(frames, ts, format, id)));
        return out;
    }

    private static final TakeView AS_RECORDED = new TakeView("as recorded", 1, 0, 1);

    @Override
    public void close() {
        scorer.close();
    }
}
