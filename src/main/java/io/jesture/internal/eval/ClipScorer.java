package io.jesture.internal.eval;

import ai.onnxruntime.OrtException;
import io.jesture.FrameSource;
import io.jesture.ModelInfo;
import io.jesture.ModelLoadException;
import io.jesture.PipelineStatus;
import io.jesture.Provider;
import io.jesture.SourceException;
import io.jesture.internal.hands.HandTracker;
import io.jesture.internal.model.Classifier;
import io.jesture.internal.model.EnsembleScores;
import io.jesture.internal.pipeline.Clip;
import io.jesture.internal.pipeline.ClipAssembler;
import io.jesture.internal.pipeline.ClipSink;
import io.jesture.internal.pipeline.Normalizer;
import io.jesture.internal.pipeline.SmallFrames;
import io.jesture.internal.source.FfmpegSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Scores whole clips (a video file, a frame folder, any finite {@link FrameSource}) with one model or
 * an ensemble, by the two protocols jesture reports, defined here and nowhere else:
 * <ul>
 *   <li><b>windows</b>: every sliding window the live pipeline would assemble (T frames at the model's
 *       fps, stride 1; a clip shorter than one window is padded with its last frame), each classified,
 *       the softmax averaged over all of them. What {@code jesture classify} prints.</li>
 *   <li><b>centre</b>: one window of T frames at the model's fps, centred in the clip, as the training
 *       side's evaluation samples it (src/train/jesture_train/data.py, {@code sample_indices} with
 *       {@code mode="center"}). On frames at the source's steady declared rate F (frame folders, most
 *       videos) it is training's arithmetic to the bit: stride {@code F / fps}, start
 *       {@code ((n - 1) - (T - 1) * stride) / 2}, frame {@code floor(start + k * stride + 0.5)} clamped to
 *       the clip. On irregular timestamps (GIFs, variable-rate video) model frame k is the source frame
 *       nearest to {@code centre + (k - (T-1)/2) / fps}, the later one on a tie, which is the same rule
 *       in time.</li>
 * </ul>
 * Ensemble members may have different contracts (input size, fps, normalisation, label order): each
 * preprocesses and assembles its own clips from the same decoded frames, and its probabilities are
 * mapped by label name into the first member's label order before the members are fused
 * ({@link EnsembleScores}).
 *
 * <p>Not thread-safe: one scorer per worker thread. Owns ONNX Runtime sessions and OpenCV buffers;
 * close it.
 */
public final class ClipScorer implements AutoCloseable {
    /** Bytes of model frames one member keeps for the centre clip; a longer clip gets no centre score. */
    static final long CENTRE_KEEP_BYTES = 256L << 20;
    /** Timestamps carry microseconds: frames this close to equidistant from a tick count as a tie. */
    static final long TIE_NANOS = 2_000;

    /**
     * Sees every window a member classifies, right after the model ran on it, while the member's
     * {@link Classifier} still holds that run's logits and embedding. Must not keep the classifier.
     */
    @FunctionalInterface
    public interface WindowTap {
        /**
         * @param centre   true for the centre clip (run once, after the sliding windows)
         * @param endNanos the source timestamp of the window's newest frame (the centre clip: -1)
         */
        void onWindow(int member, Classifier classifier, boolean centre, long endNanos);

        /** The source opened with this format, before its first frame. */
        default void onOpen(FrameSource.Format format) { }

        WindowTap NONE = (member, classifier, centre, endNanos) -> { };
    }

    private final List<Member> members;
    private final List<String> labels;
    private final Set<String> backgroundLabels;
    private byte[] frame = new byte[0];

    private ClipScorer(List<Member> members, Set<String> backgroundLabels) {
        this.members = members;
        this.labels = members.get(0).info.labels();
        this.backgroundLabels = backgroundLabels;
    }

    /**
     * Loads every model as a separate member.
     *
     * @param threads ONNX Runtime intra-op threads per model (0: ORT's choice)
     * @throws ModelLoadException a model is bad, or the members' label sets differ
     */
    public static ClipScorer load(List<Path> models, Provider provider, int threads, Consumer<PipelineStatus> status)
            throws ModelLoadException {
        if (models.isEmpty()) throw new ModelLoadException("no model given: pass --model FILE");
        List<Classifier> loaded = new ArrayList<>();
        try {
            for (Path m : models) loaded.add(Classifier.load(List.of(m), provider, threads, status));
            ModelInfo first = loaded.get(0).info();
            Set<String> background = new LinkedHashSet<>();
            List<Member> members = new ArrayList<>();
            for (Classifier c : loaded) {
                ModelInfo info = c.info();
                checkSameLabels(first, info);
                background.addAll(info.backgroundLabels());
                members.add(new Member(c, first.labels()));
            }
            return new ClipScorer(members, Collections.unmodifiableSet(background));
        } catch (ModelLoadException | RuntimeException e) {
            for (Classifier c : loaded) c.close();
            throw e;
        }
    }

    private static void checkSameLabels(ModelInfo a, ModelInfo b) throws ModelLoadException {
        for (String l : a.labels()) {
            if (b.indexOf(l) < 0) {
                throw new ModelLoadException("ensemble members disagree on labels: " + a.file() + " has '" + l + "' but "
                        + b.file() + " does not: an ensemble maps classes by name, so every member needs the same label set");
            }
        }
        for (String l : b.labels()) {
            if (a.indexOf(l) < 0) {
                throw new ModelLoadException("ensemble members disagree on labels: " + b.file() + " has '" + l + "' but "
                        + a.file() + " does not: an ensemble maps classes by name, so every member needs the same label set");
            }
        }
    }

    /** Class labels of every score, in the first member's order. */
    public List<String> labels() {
        return labels;
    }

    /** Labels any member calls background ("No gesture", ...): a clip whose top-1 is one is not called a gesture. */
    public Set<String> backgroundLabels() {
        return backgroundLabels;
    }

    /** Each member's contract, in the order given. */
    public List<ModelInfo> members() {
        List<ModelInfo> out = new ArrayList<>();
        for (Member m : members) out.add(m.info);
        return out;
    }

    /**
     * Opens {@code source}, reads it to the end and scores it by both protocols. A source that fails
     * part way gives a score of what was read, with {@link ClipScore#error()} saying why.
     *
     * @throws SourceException the source cannot be opened at all
     * @throws OrtException    a model failed to run
     */
    public ClipScore score(FrameSource source) throws SourceException, OrtException, InterruptedException {
        return score(source, WindowTap.NONE);
    }

    /** {@link #score(FrameSource)}, showing {@code tap} every window as it is classified. */
    public ClipScore score(FrameSource source, WindowTap tap) throws SourceException, OrtException, InterruptedException {
        if (source instanceof FfmpegSource) {
            // Scores stay comparable with the training side's evaluation: full frames unless decode=small
            // was asked for, and then near the largest member's input, so that every member scales down.
            int w = 0, h = 0;
            for (Member m : members) {
                w = Math.max(w, m.info.frameWidth());
                h = Math.max(h, m.info.frameHeight());
            }
            ((FfmpegSource) source).modelInput(w, h, false);
        }
        FrameSource.Format format = source.open();
        try {
            SmallFrames.warnIfSmall(source.description(), format, members.get(0).info);
            tap.onOpen(format);
            if (frame.length < format.frameBytes()) frame = new byte[format.frameBytes()];
            for (int i = 0; i < members.size(); i++) members.get(i).begin(i, tap);
            String error = null;
            int frames = 0;
            long first = 0, last = 0;
            while (true) {
                long ts;
                try {
                    ts = source.read(frame);
                } catch (SourceException | RuntimeException e) {
                    error = String.valueOf(e.getMessage());
                    break;
                }
                if (ts == FrameSource.END_OF_STREAM) break;
                boolean accepted = false;
                for (Member m : members) accepted |= m.assembler.onFrame(frame, format.width(), format.height(), ts, System.nanoTime());
                if (!accepted) continue; // a timestamp that did not rise: the assembler ignored it
                if (frames == 0) first = ts;
                last = ts;
                frames++;
            }
            for (Member m : members) m.assembler.onEndOfStream();
            if (frames == 0) {
                return new ClipScore(source.description(), labels, format.fps(), 0, 0, 0, null, null, null, null,
                        error != null ? error : source.description() + " has no frames");
            }
            return combine(source.description(), format.fps(), frames, last - first, error);
        } finally {
            source.close();
        }
    }

    private ClipScore combine(String description, double fps, int frames, long span, String error) throws OrtException {
        int k = labels.size();
        Member m0 = members.get(0);
        float[] windows = windowProbs();
        float[] mean = new float[k];
        float[] logs = new float[k];
        ClipScore.Window best = null;
        if (windows != null) {
            float[] p = new float[k];
            for (int w = 0; w < m0.windows; w++) {
                for (int i = 0; i < k; i++) mean[i] += windows[w * k + i] / m0.windows;
                System.arraycopy(windows, w * k, p, 0, k);
                best = better(best, p, m0.windowEnds[w]);
            }
        } else {
            // Members at other rates have no common windows: each one's window mean, fused; the most
            // confident window is any member's own.
            float[] memberMean = new float[k], window = new float[k];
            for (Member m : members) {
                Arrays.fill(memberMean, 0);
                for (int w = 0; w < m.windows; w++) {
                    for (int i = 0; i < k; i++) memberMean[i] += m.windowProbs[w * k + i] / m.windows;
                    System.arraycopy(m.windowProbs, w * k, window, 0, k);
                    best = better(best, window, m.windowEnds[w]);
                }
                EnsembleScores.addLogOf(memberMean, 0, k, 1f / members.size(), logs);
            }
            EnsembleScores.toProbs(logs, k, mean);
        }
        float[] centre = new float[k];
        String centreNote = null;
        Arrays.fill(logs, 0);
        for (Member m : members) {
            float[] c = m.centre(fps);
            if (c == null) centreNote = m.centreNote();
            else if (members.size() == 1) System.arraycopy(c, 0, centre, 0, k);
            else EnsembleScores.addLogOf(c, 0, k, 1f / members.size(), logs);
        }
        if (members.size() > 1) EnsembleScores.toProbs(logs, k, centre);
        return new ClipScore(description, labels, fps, frames, span, m0.windows, mean, best,
                centreNote == null ? centre : null, centreNote, error);
    }

    /**
     * Every window's probabilities, window after window, as the live pipeline would hand them to the
     * smoother: one model's own, or, where the members' windows pair up (the same fps and clip
     * length), the members' fused ({@link EnsembleScores}) once per window. Null when they do not pair up.
     */
    private float[] windowProbs() {
        Member m0 = members.get(0);
        if (members.size() == 1) return m0.windowProbs;
        for (Member m : members) {
            if (m.windows != m0.windows || m.info.fps() != m0.info.fps() || m.info.clipLength() != m0.info.clipLength()) return null;
        }
        int k = labels.size();
        float[] fused = new float[m0.windows * k];
        float[] logs = new float[k];
        float[] p = new float[k];
        for (int w = 0; w < m0.windows; w++) {
            Arrays.fill(logs, 0);
            // As the classifier fuses a clip: a hands member that saw no hand in the window does not vote.
            int voters = 0;
            for (Member m : members) if (!m.abstained[w]) voters++;
            for (Member m : members) {
                if (voters == 0 || !m.abstained[w]) EnsembleScores.addLogOf(m.windowProbs, w * k, k, 1f / (voters == 0 ? members.size() : voters), logs);
            }
            EnsembleScores.toProbs(logs, k, p);
            System.arraycopy(p, 0, fused, w * k, k);
        }
        return fused;
    }

    private static ClipScore.Window better(ClipScore.Window best, float[] p, long endNanos) {
        int top = 0;
        for (int i = 1; i < p.length; i++) if (p[i] > p[top]) top = i;
        return best == null || p[top] > best.probability() ? new ClipScore.Window(top, p[top], endNanos) : best;
    }

    /**
     * The source frames of the centre clip (see the class comment).
     *
     * @param nanos     timestamps of the clip's frames, rising; the first {@code n} are used
     * @param sourceFps the rate the source declared
     * @param fps       the model's rate
     */
    static int[] centreFrames(long[] nanos, int n, int clipLength, double sourceFps, double fps) {
        if (n < 1) throw new IllegalArgumentException("a clip needs at least one frame");
        if (steady(nanos, n, sourceFps)) {
            // Written as data.py's sample_indices computes it, so that float rounding at exact ties agrees.
            double stride = sourceFps / fps;
            double span = (clipLength - 1) * stride;
            double slack = (n - 1) - span;
            double start = slack / 2;
            int[] out = new int[clipLength];
            for (int k = 0; k < clipLength; k++) out[k] = (int) Math.max(0, Math.min(n - 1, Math.floor(start + k * stride + 0.5)));
            return out;
        }
        double period = 1e9 / fps;
        double centre = (nanos[0] + (double) nanos[n - 1]) / 2;
        int[] out = new int[clipLength];
        for (int t = 0; t < clipLength; t++) {
            double tick = centre + (t - (clipLength - 1) / 2.0) * period;
            int hi = Arrays.binarySearch(nanos, 0, n, (long) Math.ceil(tick));
            if (hi < 0) hi = -hi - 1; // first frame at or after the tick
            if (hi >= n) out[t] = n - 1;
            else if (hi == 0) out[t] = 0;
            else out[t] = nanos[hi] - tick <= tick - nanos[hi - 1] + TIE_NANOS ? hi : hi - 1;
        }
        return out;
    }

    /** Whether frame i is at {@code i / fps} from the first, to within timestamp rounding. */
    private static boolean steady(long[] nanos, int n, double fps) {
        if (!(fps > 0)) return false;
        for (int i = 1; i < n; i++) {
            if (Math.abs(nanos[i] - nanos[0] - i * 1e9 / fps) > TIE_NANOS) return false;
        }
        return true;
    }

    @Override
    public void close() {
        for (Member m : members) m.close();
    }

    /** One model: its own clip assembly, its windows, and the frames it keeps for the centre clip. */
    private static final class Member implements ClipSink, ClipAssembler.FrameTap, AutoCloseable {
        final Classifier classifier;
        final ModelInfo info;
        /** toOutput[j]: where this member's class j goes in the scorer's label order. */
        final int[] toOutput;
        final ClipAssembler assembler;
        final Normalizer normalizer;
        final Clip clip;
        final float[] probs;
        final int frameBytes;
        final int maxKept;
        float[] windowProbs = new float[0];
        long[] windowEnds = new long[0];
        /** Per window, whether this member (one that reads the hand) saw too few hands to vote. */
        boolean[] abstained = new boolean[0];
        int windows;
        final List<byte[]> kept = new ArrayList<>();
        long[] keptNanos = new long[64];
        int keptCount;
        boolean overflow;

        Member(Classifier classifier, List<String> outputLabels) {
            this.classifier = classifier;
            this.info = classifier.info();
            this.toOutput = new int[info.labels().size()];
            for (int j = 0; j < toOutput.length; j++) toOutput[j] = outputLabels.indexOf(info.labels().get(j));
            this.frameBytes = 3 * info.frameHeight() * info.frameWidth();
            this.clip = new Clip(info.clipLength(), frameBytes);
            this.probs = new float[toOutput.length];
            this.normalizer = new Normalizer(info);
            this.assembler = new ClipAssembler(info, 1, this, this);
            if (classifier.readsHands()) assembler.trackHands(new HandTracker(1));
            this.maxKept = (int) Math.max(info.clipLength(), Math.min(Integer.MAX_VALUE, CENTRE_KEEP_BYTES / frameBytes));
        }

        int index;
        WindowTap tap = WindowTap.NONE;

        void begin(int index, WindowTap tap) {
            this.index = index;
            this.tap = tap;
            assembler.reset();
            classifier.resetMotion(); // a new source: its motion path starts here
            windows = 0;
            keptCount = 0;
            overflow = false;
        }

        @Override
        public Clip writable() {
            return clip;
        }

        @Override
        public boolean publish() {
            run(clip.data);
            tap.onWindow(index, classifier, false, clip.endNanos());
            int k = probs.length;
            if (windowProbs.length < (windows + 1) * k) {
                windowProbs = Arrays.copyOf(windowProbs, Math.max(16, 2 * (windows + 1)) * k);
                windowEnds = Arrays.copyOf(windowEnds, Math.max(16, 2 * (windows + 1)));
                abstained = Arrays.copyOf(abstained, windowEnds.length);
            }
            abstained[windows] = classifier.handsAbstained();
            for (int j = 0; j < k; j++) windowProbs[windows * k + toOutput[j]] = probs[j];
            windowEnds[windows] = clip.endNanos();
            windows++;
            return true;
        }

        private void run(float[] data) {
            try {
                classifier.classify(data, clip.hands, probs);
            } catch (OrtException e) {
                throw new IllegalStateException(classifier.name() + " failed to run: " + e.getMessage(), e);
            }
        }

        @Override
        public void endOfStream() {
            // the scorer reads the windows once the source ended
        }

        @Override
        public void onModelFrame(byte[] cropped, long timestampNanos) {
            if (overflow) return;
            if (keptCount == maxKept) {
                overflow = true;
                return;
            }
            if (keptCount == kept.size()) kept.add(new byte[frameBytes]);
            System.arraycopy(cropped, 0, kept.get(keptCount), 0, frameBytes);
            if (keptCount == keptNanos.length) keptNanos = Arrays.copyOf(keptNanos, 2 * keptNanos.length);
            keptNanos[keptCount++] = timestampNanos;
        }

        /** The centre clip's probabilities in the scorer's order, or null (see {@link #centreNote()}). */
        float[] centre(double sourceFps) {
            if (overflow || keptCount == 0 || assembler.tracksHands()) return null;
            int t = info.clipLength();
            int[] pick = centreFrames(keptNanos, keptCount, t, sourceFps, info.fps());
            for (int i = 0; i < t; i++) normalizer.apply(kept.get(pick[i]), clip.data, i, t);
            classifier.resetMotion(); // the centre clip stands alone: its motion path is its own frames
            run(clip.data);
            tap.onWindow(index, classifier, true, -1);
            float[] out = new float[probs.length];
            for (int j = 0; j < probs.length; j++) out[toOutput[j]] = probs[j];
            return out;
        }

        String centreNote() {
            if (assembler.tracksHands()) return "no centre clip for a model that reads the tracked hand (" + info.file().getFileName() + ")";
            return overflow ? "clip longer than " + maxKept + " frames: no centre clip (kept frames are capped at "
                    + (CENTRE_KEEP_BYTES >> 20) + " MiB per model)" : "no frames";
        }

        @Override
        public void close() {
            assembler.close();
            classifier.close();
        }
    }
}
