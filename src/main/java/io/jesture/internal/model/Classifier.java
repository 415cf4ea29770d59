package io.jesture.internal.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.jesture.ModelInfo;
import io.jesture.ModelLoadException;
import io.jesture.PipelineStatus;
import io.jesture.Provider;
import io.jesture.internal.adapt.MotionTrajectory;
import io.jesture.internal.adapt.Profile;
import io.jesture.internal.adapt.ProfileHead;
import io.jesture.internal.adapt.TakeEmbedder;
import io.jesture.internal.hands.HandFeatures;
import io.jesture.internal.hands.HandTracker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One model or an ensemble of models sharing one contract: a clip in, softmax probabilities (an ensemble's fused, {@link EnsembleScores})
 * out. Knows nothing about frames or labels beyond the contract. The input tensor and every output
 * tensor are created once over direct buffers and reused, so a run allocates only ORT's small result
 * wrapper. Not thread-safe: one inference thread owns it.
 */
public final class Classifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Classifier.class);
    /** Ensembles whose first member's gate was already said to be unused (see {@link #ensembleInfo}). */
    private static final java.util.Set<String> TOLD_UNGATED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** The model's contract; with a profile, its labels are the model's followed by the profile's new ones. */
    private ModelInfo info;
    private final Provider provider;
    private final String name;
    private final List<OrtSession> sessions;
    /** The members, in order: their files are what a profile checks it was fitted on. */
    private final List<ModelInfo> memberInfos;
    private final FloatBuffer input;
    private final OnnxTensor inputTensor;
    private final List<OnnxTensor> outputTensors;
    private final List<FloatBuffer> outputs;
    /** Per member, its {@code embedding} output, or null for a model exported without one. */
    private final List<FloatBuffer> embeddings = new ArrayList<>();
    /** D of every member's {@code embedding} output, or 0 when any member lacks it. */
    private final int embeddingDim;
    /** Set by {@link #useProfile}: the head, and the arrays it reads the model's outputs from. */
    private ProfileHead head;
    /** The motion descriptor, made when a profile reads it ({@link #useProfile}) or on {@link #copyMotion}. */
    private MotionTrajectory motion;
    /** The descriptor of the current window, when the profile reads it; else null. */
    private float[] headMotion;
    /** {@link #copyMotion}'s copy of the input clip. */
    private float[] motionClip;
    private float[] headLogits;
    private float[] headEmbedding;
    /** An ensemble with a profile: the members' fused probabilities, before the head. */
    private float[] headProbs;
    /** One member's logits, copied out of its output tensor to be fused ({@link EnsembleScores}). */
    private final float[] memberLogits;
    /** The members' log-probabilities, summed with their weights ({@link EnsembleScores}). */
    private final float[] memberLogProbs;
    /** Per member, what it reads: the clip, or {@link #flowTensor}. */
    private final List<Map<String, OnnxTensor>> memberInputs = new ArrayList<>();
    /** Set when a member reads optical flow: computes it from the clip, once per {@link #classify}. */
    private final ClipFlow flow;
    private final FloatBuffer flowInput;
    private final OnnxTensor flowTensor;
    /** Set when a member reads the tracked hand: its features from the clip's hand observations, once per {@link #classify}. */
    private final HandFeatures handFeatures;
    private final float[] handValues;
    private final FloatBuffer handInput;
    private final OnnxTensor handTensor;
    /** Per member, whether it reads the tracked hand. */
    private final boolean[] handMember;
    /** Whether the last {@link #classify} found too few frames with a hand for the hands members to vote. */
    private boolean handsAbstained;
    /** Per member, its output bound to a preallocated tensor. */
    private final List<Map<String, OnnxTensor>> pinnedOutputs = new ArrayList<>();
    private volatile boolean closed;
    private float logSumExp = Float.NaN;

    private Classifier(List<ModelInfo> members, ModelContract.FlowSpec spec, Provider provider, String name,
                       List<OrtSession> sessions, int[] embeddingDims) throws OrtException {
        ModelInfo info = members.size() == 1 ? members.get(0) : ensembleInfo(members, name);
        this.info = info;
        this.provider = provider;
        this.name = name;
        this.sessions = sessions;
        this.memberInfos = List.copyOf(members);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        int k = info.labels().size();
        this.memberLogits = new float[k];
        this.memberLogProbs = new float[k];
        this.input = direct(3 * info.clipLength() * info.frameHeight() * info.frameWidth());
        this.inputTensor = OnnxTensor.createTensor(env, input, info.inputShape());
        Map<String, OnnxTensor> frames = Map.of(ModelContract.INPUT_NAME, inputTensor);
        if (spec != null) {
            this.flowInput = direct(2 * info.clipLength() * info.frameHeight() * info.frameWidth());
            this.flowTensor = OnnxTensor.createTensor(env, flowInput,
                    new long[] {1, 2, info.clipLength(), info.frameHeight(), info.frameWidth()});
            this.flow = new ClipFlow(info, spec);
        } else {
            this.flowInput = null;
            this.flowTensor = null;
            this.flow = null;
        }
        if (members.stream().anyMatch(ModelContract::readsHands)) {
            int t = info.clipLength();
            this.handFeatures = new HandFeatures(t);
            this.handValues = new float[t * HandFeatures.DIM];
            this.handInput = direct(t * HandFeatures.DIM);
            this.handTensor = OnnxTensor.createTensor(env, handInput, new long[] {1, t, HandFeatures.DIM});
        } else {
            this.handFeatures = null;
            this.handValues = null;
            this.handInput = null;
            this.handTensor = null;
        }
        this.handMember = new boolean[members.size()];
        for (int i = 0; i < members.size(); i++) handMember[i] = ModelContract.readsHands(members.get(i));
        for (ModelInfo m : members) {
            int channels = ModelContract.inputChannels(m);
            memberInputs.add(channels == 2 ? Map.of(ModelContract.INPUT_NAME, flowTensor)
                    : channels == 0 ? Map.of(ModelContract.INPUT_NAME, handTensor) : frames);
        }
        this.outputTensors = new ArrayList<>();
        this.outputs = new ArrayList<>();
        int common = embeddingDims[0];
        for (int i = 0; i < sessions.size(); i++) {
            FloatBuffer out = direct(k);
            outputs.add(out);
            OnnxTensor t = OnnxTensor.createTensor(env, out, new long[] {1, k});
            outputTensors.add(t);
            if (embeddingDims[i] > 0) {
                // The embedding is the tensor the final layer reads anyway; binding it costs a copy of D floats.
                FloatBuffer emb = direct(embeddingDims[i]);
                embeddings.add(emb);
                OnnxTensor e = OnnxTensor.createTensor(env, emb, new long[] {1, embeddingDims[i]});
                outputTensors.add(e);
                pinnedOutputs.add(Map.of(ModelContract.OUTPUT_NAME, t, ModelContract.EMBEDDING_NAME, e));
            } else {
                embeddings.add(null);
                pinnedOutputs.add(Map.of(ModelContract.OUTPUT_NAME, t));
            }
            if (embeddingDims[i] != common) common = 0;
        }
        this.embeddingDim = common;
    }

    /**
     * The first member's contract, as the ensemble's, less its rejection gate: a gate's thresholds are
     * measured on one model's probabilities and logit scale, and fusing another model in moves both
     * (the default model's gate on it beside the flow network would be a guess). An ensemble's presets
     * are off until thresholds calibrated on the ensemble itself are set (docs/quiet.md). One exception:
     * a pixel model joined only by hands models keeps its points, applied only to clips on which no hands
     * model voted ({@link io.jesture.Rejection#untrackedOnly()}): there the ensemble's scores are the pixel
     * model's own, so its thresholds are exactly as calibrated; where the tracker follows a hand, the
     * hands model's vote is the evidence.
     */
    private static ModelInfo ensembleInfo(List<ModelInfo> members, String name) {
        ModelInfo m = members.get(0);
        Map<String, String> metadata = new java.util.HashMap<>(m.metadata());
        String gate = metadata.remove(io.jesture.internal.pipeline.RejectionCalibration.KEY);
        boolean pixelWithHands = ModelContract.inputChannels(m) == 3 && members.stream().skip(1).allMatch(ModelContract::readsHands);
        // Said once per ensemble and process: eval-quiet and eval-clips load the ensemble again for every input.
        if (gate != null && pixelWithHands) {
            metadata.put(io.jesture.internal.pipeline.RejectionCalibration.KEY,
                    io.jesture.internal.pipeline.RejectionCalibration.untrackedOnly(gate));
            if (TOLD_UNGATED.add(name)) {
                LOG.info("rejection gate: the ensemble {} applies {}'s thresholds only to clips on which no hands model voted",
                        name, m.file().getFileName());
            }
        } else if (gate != null && TOLD_UNGATED.add(name)) {
            LOG.info("rejection gate: {} carries thresholds calibrated for itself alone; the ensemble {} does not use them",
                    m.file().getFileName(), name);
        }
        metadata.put(ModelContract.ENSEMBLE_KEY, name);
        return with(m, m.labels(), metadata);
    }

    /** {@code m} with other labels and metadata: what an ensemble or a profile presents. */
    private static ModelInfo with(ModelInfo m, List<String> labels, Map<String, String> metadata) {
        return new ModelInfo(m.file(), m.contractVersion(), labels, m.backgroundLabels(), m.clipLength(), m.frameHeight(),
                m.frameWidth(), m.fps(), m.colorOrder(), m.mean(), m.std(), m.resize(), m.arch(), m.dataset(), m.accuracy(), m.mflops(),
                m.params(), Map.copyOf(metadata));
    }

    /** The flow recipe the flow members share, or null when none reads flow. */
    private static ModelContract.FlowSpec flowSpec(List<ModelInfo> members) throws ModelLoadException {
        ModelContract.FlowSpec spec = null;
        ModelInfo from = null;
        for (ModelInfo m : members) {
            ModelContract.FlowSpec s = ModelContract.flowSpec(m.file(), m.metadata());
            if (s == null) continue;
            if (spec != null && !(Arrays.equals(s.grey(), spec.grey()) && s.scale() == spec.scale() && s.clip() == spec.clip())) {
                throw new ModelLoadException("ensemble members " + from.file() + " and " + m.file() + " compute their flow"
                        + " differently (" + ModelContract.FLOW_KEY + "): an ensemble needs models exported with the same contract");
            }
            spec = s;
            from = m;
        }
        return spec;
    }

    private static FloatBuffer direct(int floats) {
        return ByteBuffer.allocateDirect(floats * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /**
     * Loads and validates every model. Several models must share input shape, fps, preprocessing and
     * labels; their probabilities are fused ({@link EnsembleScores}).
     *
     * @param status receives {@link PipelineStatus.Kind#PROVIDER_FALLBACK} when CUDA cannot be used
     */
    public static Classifier load(List<Path> files, Provider requested, Consumer<PipelineStatus> status)
            throws ModelLoadException {
        return load(files, requested, 0, status);
    }

    /** @param threads ONNX Runtime intra-op threads; 0 lets ORT choose (one per physical core) */
    public static Classifier load(List<Path> files, Provider requested, int threads, Consumer<PipelineStatus> status)
            throws ModelLoadException {
        if (files.isEmpty()) throw new ModelLoadException("no model given: pass --model FILE (or 'models' in the config)");
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        Provider actual = resolveProvider(env, requested, status);
        List<OrtSession> sessions = new ArrayList<>();
        List<ModelInfo> members = new ArrayList<>();
        int[] embeddingDims = new int[files.size()];
        ModelInfo first = null;
        try {
            for (Path file : files) {
                checkFile(file);
                OrtSession session;
                if (actual == Provider.CUDA) {
                    try {
                        session = open(env, file, Provider.CUDA, threads);
                    } catch (ModelLoadException cudaFailed) {
                        // The CUDA EP is present but unusable (no GPU, driver or cuDNN mismatch) - or the
                        // model is bad. A CPU session tells which; if it works, the rest run on CPU too.
                        session = open(env, file, Provider.CPU, threads);
                        actual = Provider.CPU;
                        fallBack(requested, "CUDA execution provider failed to start (" + rootMessage(cudaFailed)
                                + "); running on CPU", status);
                    }
                } else {
                    session = open(env, file, actual, threads);
                }
                sessions.add(session);
                ModelInfo info = validate(file, session);
                members.add(info);
                embeddingDims[sessions.size() - 1] = embeddingDim(file, session, info);
                if (first == null) first = info;
                else checkSameContract(first, info);
            }
            StringBuilder name = new StringBuilder();
            for (Path f : files) name.append(name.length() == 0 ? "" : "+").append(f.getFileName());
            Classifier c = new Classifier(members, flowSpec(members), actual, name.toString(), sessions, embeddingDims);
            c.warmUp(files);
            return c;
        } catch (ModelLoadException | RuntimeException e) {
            closeAll(sessions, e);
            throw e;
        } catch (OrtException e) {
            closeAll(sessions, e);
            throw new ModelLoadException("cannot prepare tensors for " + files + ": " + e.getMessage(), e);
        }
    }

    /**
     * One run on an all-zero clip: proves the graph runs on the declared shape, and moves ORT's one-time
     * setup (memory arenas, kernel selection) out of the first live clip's latency.
     */
    private void warmUp(List<Path> files) throws ModelLoadException {
        try {
            classify(new float[clipFloats()], null, new float[info.labels().size()]);
        } catch (OrtException | RuntimeException e) {
            close();
            throw new ModelLoadException(files + " loads but fails to run on a [1, 3, " + info.clipLength() + ", "
                    + info.frameHeight() + ", " + info.frameWidth() + "] clip: " + e.getMessage(), e);
        }
    }

    /** Reads one model's contract without keeping a session (for {@code jesture info}). */
    public static ModelInfo inspect(Path file) throws ModelLoadException {
        checkFile(file);
        try (OrtSession session = open(OrtEnvironment.getEnvironment(), file, Provider.CPU, 1)) {
            return validate(file, session);
        } catch (OrtException e) {
            throw new ModelLoadException(file + ": " + e.getMessage(), e);
        }
    }

    private static Provider resolveProvider(OrtEnvironment env, Provider requested, Consumer<PipelineStatus> status) {
        if (requested == Provider.CPU) return Provider.CPU;
        if (OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) return Provider.CUDA;
        String msg = "CUDA execution provider is not available in this ONNX Runtime build"
                + " (build with 'mvn -Pgpu package' for onnxruntime_gpu, and check the CUDA 12 / cuDNN 9 libraries);"
                + " running on CPU";
        fallBack(requested, msg, status);
        return Provider.CPU;
    }

    /** One log line and one status for an explicit cuda request; auto falling back to CPU is expected, so quiet. */
    private static void fallBack(Provider requested, String msg, Consumer<PipelineStatus> status) {
        if (requested == Provider.CUDA) {
            LOG.warn(msg);
            status.accept(new PipelineStatus(PipelineStatus.Kind.PROVIDER_FALLBACK, msg));
        } else {
            LOG.debug("provider auto: {}", msg);
        }
    }

    private static String rootMessage(Throwable t) {
        while (t.getCause() != null) t = t.getCause();
        String m = String.valueOf(t.getMessage()).strip();
        int nl = m.indexOf('\n');
        return nl > 0 ? m.substring(0, nl) : m;
    }

    private static void checkFile(Path file) throws ModelLoadException {
        if (!Files.exists(file)) {
            throw new ModelLoadException("model file " + file.toAbsolutePath() + " does not exist: pass --model FILE"
                    + " (the default is " + io.jesture.GestureOptions.DEFAULT_MODEL + ")");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ModelLoadException("model file " + file.toAbsolutePath() + " is not a readable file");
        }
    }

    private static OrtSession open(OrtEnvironment env, Path file, Provider provider, int threads) throws ModelLoadException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            if (threads > 0) options.setIntraOpNumThreads(threads);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            // Spinning worker threads would steal the cores that capture and preprocessing need.
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            if (provider == Provider.CUDA) options.addCUDA(0);
            return env.createSession(file.toString(), options);
        } catch (OrtException e) {
            throw new ModelLoadException(file + " is not a loadable ONNX model (" + e.getMessage().strip()
                    + "): re-export or re-download it", e);
        }
    }

    private static ModelInfo validate(Path file, OrtSession session) throws ModelLoadException {
        try {
            ModelInfo info = ModelContract.parse(file, session.getMetadata().getCustomMetadata());
            NodeInfo in = session.getInputInfo().get(ModelContract.INPUT_NAME);
            if (in == null || !(in.getInfo() instanceof TensorInfo)) {
                throw new ModelLoadException(file + ": the graph has no tensor input named '" + ModelContract.INPUT_NAME
                        + "' (inputs: " + session.getInputInfo().keySet() + ")");
            }
            long[] shape = ((TensorInfo) in.getInfo()).getShape();
            int channels = ModelContract.inputChannels(info);
            if (channels == 0) {
                if (shape.length != 3 || (shape[1] >= 0 && shape[1] != info.clipLength()) || shape[2] != HandFeatures.DIM) {
                    throw new ModelLoadException(file + ": graph input '" + ModelContract.INPUT_NAME + "' has shape " + dims(shape)
                            + " but a hands model reads [N, T=" + info.clipLength() + ", " + HandFeatures.DIM
                            + "]: the metadata does not belong to this graph; re-export the model");
                }
                return checkOutput(file, session, info);
            }
            long[] expected = {-1, channels, info.clipLength(), info.frameHeight(), info.frameWidth()};
            boolean ok = shape.length == 5;
            for (int i = 1; ok && i < 5; i++) ok = shape[i] == expected[i] || shape[i] < 0;
            if (!ok) {
                throw new ModelLoadException(file + ": graph input '" + ModelContract.INPUT_NAME + "' has shape "
                        + dims(shape) + " but the metadata says [N, " + channels + ", T=" + info.clipLength() + ", H=" + info.frameHeight()
                        + ", W=" + info.frameWidth() + "]: the metadata does not belong to this graph; re-export the model");
            }
            return checkOutput(file, session, info);
        } catch (OrtException e) {
            throw new ModelLoadException(file + ": cannot read the graph's metadata: " + e.getMessage(), e);
        }
    }

    private static ModelInfo checkOutput(Path file, OrtSession session, ModelInfo info) throws ModelLoadException {
        try {
            NodeInfo out = session.getOutputInfo().get(ModelContract.OUTPUT_NAME);
            if (out == null || !(out.getInfo() instanceof TensorInfo)) {
                throw new ModelLoadException(file + ": the graph has no tensor output named '" + ModelContract.OUTPUT_NAME
                        + "' (outputs: " + session.getOutputInfo().keySet() + ")");
            }
            long[] oshape = ((TensorInfo) out.getInfo()).getShape();
            int k = info.labels().size();
            if (oshape.length != 2 || (oshape[1] >= 0 && oshape[1] != k)) {
                throw new ModelLoadException(file + ": graph output '" + ModelContract.OUTPUT_NAME + "' has shape "
                        + dims(oshape) + " but jesture.labels lists " + k + " labels (expected [N, " + k
                        + "]): re-export the model with its own label list");
            }
            return info;
        } catch (OrtException e) {
            throw new ModelLoadException(file + ": cannot read the graph's metadata: " + e.getMessage(), e);
        }
    }

    /**
     * D of the optional {@code embedding} output, or 0 for a model exported before it existed. The
     * graph and {@code jesture.embedding_dim} must agree: a profile fitted on D features must never be
     * fed others.
     */
    private static int embeddingDim(Path file, OrtSession session, ModelInfo info) throws ModelLoadException {
        try {
            NodeInfo out = session.getOutputInfo().get(ModelContract.EMBEDDING_NAME);
            String declared = info.metadata().get(ModelContract.EMBEDDING_DIM_KEY);
            if (out == null && declared == null) return 0;
            if (out == null || !(out.getInfo() instanceof TensorInfo) || declared == null) {
                throw new ModelLoadException(file + ": the graph " + (out == null ? "lacks" : "has") + " an output named '"
                        + ModelContract.EMBEDDING_NAME + "' but the metadata " + (declared == null ? "lacks" : "has")
                        + " " + ModelContract.EMBEDDING_DIM_KEY + ": re-export the model with jesture_train.export");
            }
            long[] shape = ((TensorInfo) out.getInfo()).getShape();
            int d;
            try {
                d = Integer.parseInt(declared.trim());
            } catch (NumberFormatException e) {
                d = -1;
            }
            if (d <= 0 || shape.length != 2 || shape[1] != d) {
                throw new ModelLoadException(file + ": graph output '" + ModelContract.EMBEDDING_NAME + "' has shape "
                        + dims(shape) + " but " + ModelContract.EMBEDDING_DIM_KEY + " is '" + declared
                        + "': re-export the model with jesture_train.export");
            }
            return d;
        } catch (OrtException e) {
            throw new ModelLoadException(file + ": cannot read the graph's outputs: " + e.getMessage(), e);
        }
    }

    private static String dims(long[] shape) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) sb.append(i == 0 ? "" : ", ").append(shape[i] < 0 ? "N" : String.valueOf(shape[i]));
        return sb.append(']').toString();
    }

    /**
     * Refuses two models that cannot form an ensemble: other labels or label order, clip, frame size,
     * fps, colour order, normalisation or background labels.
     */
    public static void checkSameContract(ModelInfo a, ModelInfo b) throws ModelLoadException {
        check(a, b, "labels", a.labels(), b.labels());
        check(a, b, "clip_length", a.clipLength(), b.clipLength());
        check(a, b, "frame_height", a.frameHeight(), b.frameHeight());
        check(a, b, "frame_width", a.frameWidth(), b.frameWidth());
        check(a, b, "fps", a.fps(), b.fps());
        check(a, b, "color_order", a.colorOrder(), b.colorOrder());
        check(a, b, "mean", Arrays.toString(a.mean()), Arrays.toString(b.mean()));
        check(a, b, "std", Arrays.toString(a.std()), Arrays.toString(b.std()));
        check(a, b, "background_labels", a.backgroundLabels(), b.backgroundLabels());
    }

    private static void check(ModelInfo a, ModelInfo b, String key, Object va, Object vb) throws ModelLoadException {
        if (!Objects.equals(va, vb)) {
            throw new ModelLoadException("ensemble members disagree on jesture." + key + ": " + a.file() + " has " + va
                    + " but " + b.file() + " has " + vb + ": an ensemble needs models exported with the same contract");
        }
    }

    private static void closeAll(List<OrtSession> sessions, Exception into) {
        for (OrtSession s : sessions) {
            try {
                s.close();
            } catch (OrtException e) {
                into.addSuppressed(e);
            }
        }
    }

    public ModelInfo info() {
        return info;
    }

    /**
     * Whether the last {@link #classify} left the hands members out of the vote: fewer than
     * {@link HandFeatures#FRAMES_TO_VOTE} of the clip's frames had a hand. False for a classifier
     * without hands members.
     */
    public boolean handsAbstained() {
        return handFeatures != null && handsAbstained;
    }

    /** Whether a member reads the tracked hand: the clips must then carry hand observations ({@link HandTracker}). */
    public boolean readsHands() {
        return handFeatures != null;
    }

    /** The provider actually in use. */
    public Provider provider() {
        return provider;
    }

    /** File name, or names joined with '+' for an ensemble. */
    public String name() {
        return name;
    }

    /** Number of floats in one clip, {@code 3 * T * H * W}. */
    public int clipFloats() {
        return input.capacity();
    }

    /**
     * Runs every model on {@code clip} (layout {@code [3, T, H, W]}) and writes the (fused) softmax into
     * {@code probs}.
     */
    public void classify(float[] clip, float[] probs) throws OrtException {
        if (handFeatures != null) {
            throw new IllegalStateException(name + " reads the tracked hand: classify the clip with its hand observations");
        }
        classify(clip, null, probs);
    }

    /**
     * As {@link #classify(float[], float[])}, with the clip's hand observations ({@code T} times
     * {@link HandTracker#OBS} floats, {@link io.jesture.internal.pipeline.Clip#hands}) for members that
     * read the tracked hand; null reads as no hand in any frame.
     */
    public void classify(float[] clip, float[] hands, float[] probs) throws OrtException {
        // Running on freed native tensors would crash the JVM, not throw.
        if (closed) throw new IllegalStateException("classifier " + name + " is closed");
        input.clear();
        input.put(clip, 0, input.capacity());
        input.clear();
        if (flow != null) flow.compute(clip, flowInput);
        if (handFeatures != null) {
            if (hands == null) Arrays.fill(handValues, 0f);
            else handFeatures.compute(hands, info.clipLength(), handValues);
            handInput.clear();
            handInput.put(handValues);
            handInput.clear();
            handsAbstained = HandFeatures.framesWithHand(handValues, info.clipLength()) < HandFeatures.FRAMES_TO_VOTE;
        }
        if (head != null && sessions.size() == 1) {
            try (OrtSession.Result result = sessions.get(0).run(memberInputs.get(0), pinnedOutputs.get(0))) {
                FloatBuffer logits = outputs.get(0), emb = embeddings.get(0);
                for (int i = 0; i < headLogits.length; i++) headLogits[i] = logits.get(i);
                for (int i = 0; i < headEmbedding.length; i++) headEmbedding[i] = emb.get(i);
            }
            applyHead(clip, probs);
            return;
        }
        // With a profile the fused scores go to the head, not straight out.
        float[] fused = head != null ? headProbs : probs;
        int k = memberLogits.length; // the model's K: with a profile the labels also list its new classes
        Arrays.fill(memberLogProbs, 0f);
        // A hands member that saw (almost) no hand has no evidence about the gesture: it does not vote,
        // and the others decide alone (docs/hands.md, "No hand, no vote").
        int voters = 0;
        for (int m = 0; m < sessions.size(); m++) if (!(handMember[m] && handsAbstained)) voters++;
        if (voters == 0) voters = sessions.size();
        boolean everyone = voters == sessions.size();
        float weight = 1f / voters;
        double lse = 0;
        int at = 0;
        for (int m = 0; m < sessions.size(); m++) {
            // The result only wraps the pinned output tensor; closing it frees the wrapper, not the tensor.
            OrtSession.Result result = sessions.get(m).run(memberInputs.get(m), pinnedOutputs.get(m));
            try {
                FloatBuffer logits = outputs.get(m);
                for (int i = 0; i < k; i++) memberLogits[i] = logits.get(i);
                // One model: its softmax, as it always was; several: their log-probabilities, to be fused.
                if (sessions.size() == 1) lse = EnsembleScores.toProbs(memberLogits, k, fused);
                else if (everyone || !handMember[m]) lse += EnsembleScores.addLogProbs(memberLogits, k, weight, memberLogProbs) * weight;
                if (head != null) {
                    FloatBuffer emb = embeddings.get(m);
                    for (int i = 0; i < emb.capacity(); i++) headEmbedding[at + i] = emb.get(i);
                    at += emb.capacity();
                }
            } finally {
                result.close();
            }
        }
        if (sessions.size() > 1) EnsembleScores.toProbs(memberLogProbs, k, fused);
        if (head != null) {
            EnsembleScores.toLogits(headProbs, k, lse, headLogits);
            applyHead(clip, probs);
            return;
        }
        logSumExp = (float) lse;
    }

    private void applyHead(float[] clip, float[] probs) {
        // The descriptor only where the profile reads it: it costs a pass over the clip.
        if (headMotion != null) {
            motion.update(clip);
            motion.describe(headMotion);
        }
        head.apply(headLogits, headEmbedding, headMotion, probs);
        logSumExp = head.logSumExp();
    }

    /**
     * {@code log(sum(exp(logits)))} of the last {@link #classify} run, averaged over the ensemble's
     * members: the negative free energy of "Energy-based Out-of-distribution Detection" (Liu, Wang,
     * Owens and Li, NeurIPS 2020). Softmax discards it, yet it is what tells a confident answer on
     * familiar input from a confident-looking one on input the model never saw: it tends to be lower
     * on the latter. NaN before the first run.
     */
    public float logSumExp() {
        return logSumExp;
    }

    /**
     * Copies the raw logits that ensemble member {@code member} produced in the last {@link #classify}
     * into {@code out[0 .. K)}: what the ONNX graph itself computed, before the softmax.
     */
    public void copyLogits(int member, float[] out) {
        if (closed) throw new IllegalStateException("classifier " + name + " is closed");
        FloatBuffer logits = outputs.get(member);
        for (int i = 0; i < logits.capacity(); i++) out[i] = logits.get(i);
    }

    /**
     * Runs {@code profileFile}'s head after the model from now on: {@link #info()} then lists the
     * model's labels followed by the profile's new ones, and {@link #classify} writes probabilities for
     * all of them. Call before the classifier is shared with another thread.
     *
     * <p>A profile fitted on an ensemble runs on that ensemble (the same members in the same order): the
     * head then reads the members' embeddings one after the other and the logits of their fused
     * probabilities ({@link EnsembleScores}), as adaptation embedded the takes.
     *
     * @throws ModelLoadException the profile is missing or corrupt, belongs to other models, or a
     *                            member has no embedding output
     */
    public void useProfile(Path profileFile) throws ModelLoadException {
        if (embeddings.contains(null)) {
            throw new ModelLoadException(TakeEmbedder.noEmbedding(memberInfos.get(embeddings.indexOf(null))));
        }
        Profile p = Profile.read(profileFile);
        p.checkModels(profileFile, memberInfos.stream().map(ModelInfo::file).toList());
        int total = 0;
        for (FloatBuffer e : embeddings) total += e.capacity();
        if (p.dim() != total || !p.modelLabels().equals(info.labels())) {
            throw new ModelLoadException("profile " + profileFile + " does not match " + name + " (embedding " + p.dim()
                    + " vs " + total + ", labels " + p.modelLabels().size() + " vs " + info.labels().size()
                    + "): adapt again on " + (sessions.size() == 1 ? "this model" : "these models"));
        }
        String rest = p.info().path("rest_label").asText(null);
        this.head = new ProfileHead(p, rest != null && info.labels().contains(rest) ? rest : null);
        this.headLogits = new float[info.labels().size()];
        this.headProbs = sessions.size() > 1 ? new float[info.labels().size()] : null;
        this.headEmbedding = new float[total];
        if (head.usesMotion()) {
            if (motion == null) this.motion = new MotionTrajectory(info);
            this.headMotion = new float[MotionTrajectory.DIM];
        } else {
            this.headMotion = null;
        }
        java.util.Map<String, String> metadata = new java.util.HashMap<>(info.metadata());
        metadata.put("jesture.profile", profileFile.toString());
        this.info = with(info, p.labels(), metadata);
    }

    /** Labels a profile added to the model's own (empty without a profile), in output order. */
    public List<String> profileClasses() {
        return head == null ? List.of() : info.labels().subList(headLogits.length, info.labels().size());
    }

    /**
     * D of the {@code embedding} output every member has (docs/model-contract.md), or 0 when a member
     * was exported without it.
     */
    public int embeddingDim() {
        return embeddingDim;
    }

    /**
     * Writes the {@link MotionTrajectory} descriptor of the path up to the clip of the last
     * {@link #classify} into {@code out[0 .. MotionTrajectory.DIM)}: what a profile with a motion block
     * reads beside the embedding. For adaptation, called once after each window of a source in stream
     * order (a profile's own runs keep the same path, so calling both adds nothing twice); allocates its
     * buffers on the first call.
     */
    public void copyMotion(float[] out) {
        if (closed) throw new IllegalStateException("classifier " + name + " is closed");
        if (motion == null) motion = new MotionTrajectory(info);
        if (motionClip == null) motionClip = new float[input.capacity()];
        input.get(0, motionClip); // absolute bulk read: the buffer's position is left alone
        motion.update(motionClip);
        motion.describe(out);
    }

    /**
     * Forgets the motion path: the next window starts a new one. Call when a new source begins (each
     * clip {@code eval-clips} or {@code adapt} reads), so that no take's path runs on from the last one.
     */
    public void resetMotion() {
        if (motion != null) motion.reset();
    }

    /**
     * Copies the embedding that member {@code member} computed in the last {@link #classify} into
     * {@code out[0 .. D)}.
     *
     * @throws IllegalStateException when that member has no embedding output
     */
    public void copyEmbedding(int member, float[] out) {
        if (closed) throw new IllegalStateException("classifier " + name + " is closed");
        FloatBuffer e = embeddings.get(member);
        if (e == null) throw new IllegalStateException("model " + name + " has no embedding output");
        for (int i = 0; i < e.capacity(); i++) out[i] = e.get(i);
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public synchronized void close() {
        if (closed) return;
        closed = true;
        for (OnnxTensor t : outputTensors) t.close();
        inputTensor.close();
        if (handTensor != null) handTensor.close();
        if (flow != null) {
            flowTensor.close();
            flow.close();
        }
        for (OrtSession s : sessions) {
            try {
                s.close();
            } catch (OrtException e) {
                LOG.warn("closing an ONNX Runtime session failed: {}", e.toString());
            }
        }
        // The OrtEnvironment is a process-wide singleton shared with other recognizers; ORT frees it at exit.
    }
}
