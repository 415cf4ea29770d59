package io.jesture.internal.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jesture.ModelInfo;
import io.jesture.Rejection;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The model metadata entry {@code jesture.rejection} (docs/model-contract.md): a model's calibrated
 * rejection operating points, as JSON:
 *
 * <pre>{@code {"standard": {"max_background": 0.04, "min_log_sum_exp": 3.8, "max_hold_ms": 500},
 *  "strict": {"max_background": 0.03, "min_log_sum_exp": 4.0, "min_motion": 1.0, "min_hand": 0.4, "max_hold_ms": 500,
 *             "untracked_only": true},
 *  "note": "how it was measured"}}</pre>
 *
 * A test left out of a point is off (no hold limit for {@code max_hold_ms}). It lives in the model because the thresholds mean nothing for
 * another model: they are read from its logit scale and its background probabilities.
 */
public final class RejectionCalibration {
    /** The metadata key. */
    public static final String KEY = "jesture.rejection";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> POINTS = Set.of("standard", "strict");
    private static final Set<String> TESTS = Set.of("max_background", "min_log_sum_exp", "min_motion", "min_hand", "max_hold_ms",
            "untracked_only");

    private RejectionCalibration() {}

    /**
     * The operating points {@code model} carries; empty when it has no {@value #KEY} entry.
     *
     * @throws IllegalArgumentException naming what is wrong with the entry
     */
    public static Map<Rejection.Preset, Rejection> read(ModelInfo model) {
        String v = model.metadata().get(KEY);
        return v == null ? new EnumMap<>(Rejection.Preset.class) : parse(v);
    }

    /** Parses the JSON value of the entry. @throws IllegalArgumentException naming what is wrong */
    public static Map<Rejection.Preset, Rejection> parse(String json) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException(KEY + " is not JSON: '" + json + "'");
        }
        if (root == null || !root.isObject()) throw new IllegalArgumentException(KEY + " must be a JSON object with 'standard' and/or 'strict', was " + json);
        Map<Rejection.Preset, Rejection> out = new EnumMap<>(Rejection.Preset.class);
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("note")) continue;
            if (!POINTS.contains(e.getKey())) {
                throw new IllegalArgumentException(KEY + ": unknown key '" + e.getKey() + "'; valid: standard, strict, note");
            }
            out.put(Rejection.Preset.valueOf(e.getKey().toUpperCase(Locale.ROOT)), point(e.getKey(), e.getValue()));
        }
        return out;
    }

    private static Rejection point(String name, JsonNode n) {
        if (!n.isObject()) throw new IllegalArgumentException(KEY + "." + name + " must be an object of " + TESTS + ", was " + n);
        Rejection.Builder b = Rejection.builder();
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String where = KEY + "." + name + "." + e.getKey();
            if (!TESTS.contains(e.getKey())) throw new IllegalArgumentException(KEY + "." + name + ": unknown key '" + e.getKey() + "'; valid: " + TESTS);
            if (e.getKey().equals("untracked_only")) {
                if (!e.getValue().isBoolean()) throw new IllegalArgumentException(where + " must be true or false, was " + e.getValue());
                b.untrackedOnly(e.getValue().asBoolean());
                continue;
            }
            if (!e.getValue().isNumber()) throw new IllegalArgumentException(where + " must be a number, was " + e.getValue());
            double d = e.getValue().asDouble();
            switch (e.getKey()) {
                case "max_background": b.maxBackground(d); break;
                case "min_log_sum_exp": b.minLogSumExp(d); break;
                case "max_hold_ms":
                    if (!(d >= 0 && d <= 60_000)) throw new IllegalArgumentException(where + " must be in 0..60000, was " + d);
                    b.maxHold(Duration.ofMillis(Math.round(d)));
                    break;
                case "min_hand": b.minHand(d); break;
                default: b.minMotion(d); break;
            }
        }
        try {
            return b.build();
        } catch (IllegalArgumentException ex) {
            throw new IllegalArgumentException(KEY + "." + name + ": " + ex.getMessage());
        }
    }

    /** The JSON value of the entry for these points (custom thresholds), with a provenance note. */
    public static String format(Rejection standard, Rejection strict, String note) {
        ObjectNode root = JSON.createObjectNode();
        put(root.putObject("standard"), standard);
        put(root.putObject("strict"), strict);
        if (note != null) root.put("note", note);
        return root.toString();
    }

    private static void put(ObjectNode n, Rejection r) {
        if (r.preset() != Rejection.Preset.CUSTOM) throw new IllegalArgumentException("only custom thresholds can be written, not " + r);
        if (r.maxBackground() < 1) n.put("max_background", r.maxBackground());
        if (r.minLogSumExp() != Double.NEGATIVE_INFINITY) n.put("min_log_sum_exp", r.minLogSumExp());
        if (r.minMotion() > 0) n.put("min_motion", r.minMotion());
        if (r.minHand() > 0) n.put("min_hand", r.minHand());
        if (r.maxHold() != null) n.put("max_hold_ms", r.maxHold().toMillis());
        if (r.untrackedOnly()) n.put("untracked_only", true);
    }

    /**
     * The same points with {@link Rejection#untrackedOnly()} set: what a pixel model's calibration means
     * beside a hands model. Where every hands member abstains the ensemble's scores are the pixel
     * model's own, so its thresholds hold exactly there (docs/quiet.md).
     */
    public static String untrackedOnly(String json) {
        ObjectNode root = JSON.createObjectNode();
        for (Map.Entry<Rejection.Preset, Rejection> e : parse(json).entrySet()) {
            Rejection r = e.getValue();
            put(root.putObject(e.getKey().name().toLowerCase(Locale.ROOT)), new Rejection(Rejection.Preset.CUSTOM,
                    r.maxBackground(), r.minLogSumExp(), r.minMotion(), r.minHand(), r.maxHold(), true));
        }
        root.put("note", "the pixel model's points, applied only where no hands model voted");
        return root.toString();
    }
}
