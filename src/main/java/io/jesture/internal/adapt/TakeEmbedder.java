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
import io.jesture.internal.model.ModelContract;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads takes through {@link ClipScorer}, the same decoding, preprocessing and sliding windows as
 * {@code jesture eval-clips} and the live pipeline, and keeps each window's embedding and logits.
 * Not thread-safe; owns an ONNX Runtime session: close it.
 */
public final class TakeEmbedder implements AutoCloseable {
    private final ClipScorer scorer;
    private final ModelInfo info;
    private final int dim;

    private TakeEmbedder(ClipScorer scorer, ModelInfo info, int dim) {
        this.scorer = scorer;
        this.info = info;
        this.dim = dim;
    }

    /**
     * @throws ModelLoadException the model is bad, or has no {@code embedding} output
     */
    public static TakeEmbedder load(Path model, Provider provider, int threads) throws ModelLoadException {
        ClipScorer scorer = ClipScorer.load(List.of(model), provider, threads, s -> { });
        ModelInfo info = scorer.members().get(0);
        String dim = info.metadata().get(ModelContract.EMBEDDING_DIM_KEY);
        if (dim == null) {
            scorer.close();
            throw new ModelLoadException(noEmbedding(model));
        }
        return new TakeEmbedder(scorer, info, Integer.parseInt(dim.trim())); // Classifier.load checked it against the graph
    }

    /** The one line every adaptation path gives for a model exported before embeddings existed. */
    public static String noEmbedding(Path model) {
        return "model " + model + " has no embedding output: re-export it with jesture_train.export"
                + " (PYTHONPATH=src/train python3 -m jesture_train.export --add-embedding " + model.getFileName()
                + " --out NEW.onnx, or --checkpoint RUN/best.pt --out NEW.onnx)";
    }

    public ModelInfo info() {
        return info;
    }

    /** D, the length of every embedding. */
    public int dim() {
        return dim;
    }

    /**
     * Plays {@code source} to its end and returns every window's embedding and logits.
     *
     * @throws JestureException the source cannot be read, stops part way, or has no frame
     */
    public Take embed(String id, String label, FrameSource source) throws JestureException, InterruptedException {
        int k = info.labels().size();
        List<float[]> embeddings = new ArrayList<>();
        List<float[]> logits = new ArrayList<>();
        List<float[]> motions = new ArrayList<>();
        float[][] centre = new float[3][];
        FrameSource.Format[] format = new FrameSource.Format[1];
        ClipScore score;
        try {
            score = scorer.score(source, new ClipScorer.WindowTap() {
                @Override
                public void onWindow(int member, Classifier classifier, boolean isCentre, long endNanos) {
                    float[] e = new float[dim];
                    float[] l = new float[k];
                    classifier.copyEmbedding(0, e);
                    classifier.copyLogits(0, l);
                    // Every take carries its motion descriptors; the fitter decides whether the profile uses them.
                    float[] mo = new float[MotionTrajectory.DIM];
                    classifier.copyMotion(mo);
                    if (isCentre) {
                        centre[0] = e;
                        centre[1] = l;
                        centre[2] = mo;
                    } else {
                        embeddings.add(e);
                        logits.add(l);
                        motions.add(mo);
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
        if (score.failed() || embeddings.isEmpty()) {
            throw new SourceException("take " + id + " (" + source.description() + ") cannot be read to its end ("
                    + (score.error() != null ? score.error() : "no frames") + "): record it again or remove it");
        }
        if (centre[0] == null) { // a take too long to keep for a centre clip: its middle window stands in
            centre[0] = embeddings.get(embeddings.size() / 2);
            centre[1] = logits.get(logits.size() / 2);
            centre[2] = motions.get(motions.size() / 2);
        }
        int modelFrames = (int) Math.floor(score.spanNanos() * info.fps() / 1e9 + 1e-6) + 1;
        return new Take(id, label, format[0].width(), format[0].height(), modelFrames,
                embeddings.toArray(float[][]::new), logits.toArray(float[][]::new), centre[0], centre[1],
                motions.toArray(float[][]::new), centre[2]);
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
