package io.jesture.internal.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jesture.ModelInfo;
import io.jesture.ModelLoadException;
import io.jesture.internal.pipeline.RejectionCalibration;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Reads and checks the {@code jesture.*} metadata of docs/model-contract.md. */
public final class ModelContract {
    public static final String INPUT_NAME = "clip";
    public static final String OUTPUT_NAME = "logits";
    /** Optional second output, float {@code [N, D]}: the features the final linear layer reads. */
    public static final String EMBEDDING_NAME = "embedding";
    /** D of {@link #EMBEDDING_NAME}; present exactly when the graph has that output. */
    public static final String EMBEDDING_DIM_KEY = "jesture.embedding_dim";
    static final String SUPPORTED_CONTRACT = "1";
    /** Optional: what {@link #INPUT_NAME} holds, {@code rgb} (the default), {@code flow} or {@code hands}. */
    public static final String INPUT_KIND_KEY = "jesture.input";
    /**
     * Set by the runtime, never in a file: the members' names joined by '+', in the contract an
     * ensemble presents (its first member's, without that member's rejection gate).
     */
    public static final String ENSEMBLE_KEY = "jesture.ensemble";
    /** With {@code jesture.input = flow}: how the runtime computes the flow ({@link FlowSpec}). */
    public static final String FLOW_KEY = "jesture.flow";
    /**
     * With {@code jesture.input = hands}: how the runtime finds the hand and what it feeds the graph, per
     * model frame ({@code [N, T, 71]}). Only the recipe {@link #HANDS_SPEC} is defined: MediaPipe Hands
     * (lite) on every model frame ({@link io.jesture.internal.hands.HandTracker}) and the features of
     * {@link io.jesture.internal.hands.HandFeatures}.
     */
    public static final String HANDS_KEY = "jesture.hands";
    static final String HANDS_SPEC = "{\"tracker\": \"mediapipe-hands-lite\", \"tracking\": \"every-frame\", \"features\": \"hands-71-v1\"}";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelContract() {}

    /** Parses {@code metadata}; every problem names the file, the key and what was found. */
    public static ModelInfo parse(Path file, Map<String, String> metadata) throws ModelLoadException {
        if (!metadata.containsKey("jesture.contract")) {
            throw new ModelLoadException(file + ": no jesture metadata (key 'jesture.contract' is missing; found keys "
                    + new TreeMap<>(metadata).keySet() + "): export the model with src/train (jesture_train.export), "
                    + "see docs/model-contract.md");
        }
        Reader r = new Reader(file, metadata);
        String contract = r.string("jesture.contract");
        if (!SUPPORTED_CONTRACT.equals(contract.trim())) {
            throw new ModelLoadException(file + ": jesture.contract is '" + contract + "' but this jesture reads contract "
                    + SUPPORTED_CONTRACT + ": re-export the model or upgrade jesture");
        }
        List<String> labels = r.stringList("jesture.labels");
        if (labels.size() < 2) throw r.bad("jesture.labels", "at least 2 labels", labels.toString());
        if (new HashSet<>(labels).size() != labels.size()) throw r.bad("jesture.labels", "unique labels", labels.toString());
        List<String> background = r.stringList("jesture.background_labels");
        for (String b : background) {
            if (!labels.contains(b)) throw r.bad("jesture.background_labels", "labels that are among jesture.labels", "'" + b + "'");
        }
        int t = r.positiveInt("jesture.clip_length");
        int h = r.positiveInt("jesture.frame_height");
        int w = r.positiveInt("jesture.frame_width");
        double fps = r.positiveDouble("jesture.fps");
        String colorOrder = r.string("jesture.color_order").trim().toUpperCase(java.util.Locale.ROOT);
        if (!colorOrder.equals("RGB") && !colorOrder.equals("BGR")) throw r.bad("jesture.color_order", "RGB or BGR", colorOrder);
        float[] mean = r.floats3("jesture.mean", false);
        float[] std = r.floats3("jesture.std", true);
        String resize = r.string("jesture.resize").trim();
        if (!resize.equals("cover_center_crop")) throw r.bad("jesture.resize", "cover_center_crop", resize);
        String arch = metadata.getOrDefault("jesture.arch", "unknown");
        String dataset = metadata.getOrDefault("jesture.dataset", "unknown");
        String accuracy = metadata.getOrDefault("jesture.accuracy", "{}");
        if (metadata.containsKey(RejectionCalibration.KEY)) {
            try {
                RejectionCalibration.parse(metadata.get(RejectionCalibration.KEY));
            } catch (IllegalArgumentException e) {
                throw new ModelLoadException(file + ": metadata " + e.getMessage()
                        + ": calibrate again with jesture eval-quiet --calibrate, or remove the entry (docs/quiet.md)");
            }
        }
        flowSpec(file, metadata);
        double mflops = parseDoubleOr(metadata.get("jesture.mflops"), Double.NaN);
        long params = (long) parseDoubleOr(metadata.get("jesture.params"), -1);
        return new ModelInfo(file, contract, List.copyOf(labels), List.copyOf(background), t, h, w, fps, colorOrder,
                mean, std, resize, arch, dataset, accuracy, mflops, params, Map.copyOf(metadata));
    }

    /** Channels of the graph's {@link #INPUT_NAME}: 3 for frames, 2 for a flow network, 0 for a hands model (no pixels). */
    public static int inputChannels(ModelInfo info) {
        String kind = info.metadata().getOrDefault(INPUT_KIND_KEY, "rgb").trim();
        return kind.equals("flow") ? 2 : kind.equals("hands") ? 0 : 3;
    }

    /** Whether the model reads the tracked hand's features ({@link #HANDS_KEY}) instead of pixels. */
    public static boolean readsHands(ModelInfo info) {
        return inputChannels(info) == 0;
    }

    /** Refuses a hands model whose recipe this runtime does not compute. */
    static void checkHands(Path file, Map<String, String> metadata) throws ModelLoadException {
        Reader r = new Reader(file, metadata);
        JsonNode n = r.json(HANDS_KEY);
        JsonNode want;
        try {
            want = JSON.readTree(HANDS_SPEC);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        if (!n.equals(want)) throw r.bad(HANDS_KEY, HANDS_SPEC, n.toString());
    }

    /**
     * The flow recipe of a flow network, or null for one that reads frames. Only what this runtime
     * computes is accepted: DIS with the medium preset, as the trainer's OpenCV does.
     */
    static FlowSpec flowSpec(Path file, Map<String, String> metadata) throws ModelLoadException {
        Reader r = new Reader(file, metadata);
        String kind = metadata.getOrDefault(INPUT_KIND_KEY, "rgb").trim();
        if (kind.equals("rgb")) return null;
        if (kind.equals("hands")) {
            checkHands(file, metadata);
            return null;
        }
        if (!kind.equals("flow")) throw r.bad(INPUT_KIND_KEY, "rgb, flow or hands", "'" + kind + "'");
        JsonNode n = r.json(FLOW_KEY);
        String expected = "{\"method\": \"dis\", \"preset\": \"medium\", \"grey\": [3 weights], \"scale\": > 0, "
                + "\"clip\": > 0, \"first_frame\": \"zero\"}";
        JsonNode grey = n.path("grey");
        double scale = n.path("scale").asDouble(-1), clip = n.path("clip").asDouble(-1);
        if (!n.path("method").asText().equals("dis") || !n.path("preset").asText().equals("medium")
                || !n.path("first_frame").asText().equals("zero") || !grey.isArray() || grey.size() != 3
                || !(scale > 0) || !(clip > 0)) {
            throw r.bad(FLOW_KEY, expected, n.toString());
        }
        float[] weights = new float[3];
        for (int i = 0; i < 3; i++) {
            if (!grey.get(i).isNumber()) throw r.bad(FLOW_KEY, expected, n.toString());
            weights[i] = (float) grey.get(i).asDouble();
        }
        return new FlowSpec(weights, (float) scale, (float) clip);
    }

    /**
     * How a flow network's input is made from the clip: grey {@code = 255 * sum(weights * rgb) + 0.5}
     * truncated to a byte, DIS flow between consecutive frames divided by {@code scale} and clipped to
     * {@code +-clip}, and zero for the first frame.
     */
    record FlowSpec(float[] grey, float scale, float clip) {}

    private static double parseDoubleOr(String s, double fallback) {
        if (s == null) return fallback;
        try {
            return Double.parseDouble(s.trim());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static final class Reader {
        private final Path file;
        private final Map<String, String> metadata;

        Reader(Path file, Map<String, String> metadata) {
            this.file = file;
            this.metadata = metadata;
        }

        ModelLoadException bad(String key, String expected, String found) {
            return new ModelLoadException(file + ": metadata " + key + " must be " + expected + ", found " + found
                    + ": re-export the model (docs/model-contract.md)");
        }

        String string(String key) throws ModelLoadException {
            String v = metadata.get(key);
            if (v == null || v.isBlank()) {
                throw new ModelLoadException(file + ": metadata key '" + key + "' is missing: re-export the model with "
                        + "src/train (docs/model-contract.md lists every key)");
            }
            return v;
        }

        JsonNode json(String key) throws ModelLoadException {
            String v = string(key);
            try {
                return JSON.readTree(v);
            } catch (Exception e) {
                throw bad(key, "JSON", "'" + v + "'");
            }
        }

        List<String> stringList(String key) throws ModelLoadException {
            JsonNode n = json(key);
            if (!n.isArray()) throw bad(key, "a JSON array of strings", n.toString());
            List<String> out = new ArrayList<>();
            for (JsonNode e : n) {
                if (!e.isTextual() || e.asText().isBlank()) throw bad(key, "a JSON array of non-empty strings", n.toString());
                out.add(e.asText());
            }
            return out;
        }

        int positiveInt(String key) throws ModelLoadException {
            String v = string(key).trim();
            try {
                int i = Integer.parseInt(v);
                if (i > 0) return i;
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw bad(key, "a positive integer", "'" + v + "'");
        }

        double positiveDouble(String key) throws ModelLoadException {
            String v = string(key).trim();
            try {
                double d = Double.parseDouble(v);
                if (d > 0 && Double.isFinite(d)) return d;
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw bad(key, "a positive number", "'" + v + "'");
        }

        float[] floats3(String key, boolean positive) throws ModelLoadException {
            JsonNode n = json(key);
            String expected = "a JSON array of 3 " + (positive ? "positive " : "") + "numbers";
            if (!n.isArray() || n.size() != 3) throw bad(key, expected, n.toString());
            float[] out = new float[3];
            for (int i = 0; i < 3; i++) {
                if (!n.get(i).isNumber()) throw bad(key, expected, n.toString());
                out[i] = (float) n.get(i).asDouble();
                if (positive && !(out[i] > 0)) throw bad(key, expected, n.toString());
            }
            return out;
        }
    }
}
