package io.jesture.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jesture.ModelInfo;
import io.jesture.Rejection;
import io.jesture.internal.hands.HandFeatures;
import io.jesture.internal.model.Classifier;
import io.jesture.internal.model.ModelContract;
import io.jesture.internal.pipeline.RejectionCalibration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code jesture info}: a model's contract (docs/model-contract.md), validated; or what a profile holds. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = {"Validate a model and print its contract: input shape, fps, preprocessing, labels, provenance.",
                "Given a profile written by 'jesture adapt': the models it runs on, its gestures and how it was fitted."})
final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "MODEL|PROFILE", description = "An ONNX model exported with the jesture contract, or a profile.")
    Path model;

    @Option(names = "--json", description = "Print the metadata as one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (ProfileInfo.isProfile(model)) {
            ProfileInfo.print(model, json, out);
            out.flush();
            return ExitCode.OK;
        }
        ModelInfo m = Classifier.inspect(model);
        if (json) {
            ObjectNode n = new ObjectMapper().createObjectNode().put("file", model.toString());
            new TreeMap<>(m.metadata()).forEach(n::put);
            out.println(n);
        } else {
            out.printf(Locale.ROOT, "model        %s%n", model);
            out.printf(Locale.ROOT, "contract     %s%n", m.contractVersion());
            out.printf(Locale.ROOT, "arch         %s%n", m.arch());
            out.printf(Locale.ROOT, "dataset      %s%n", m.dataset());
            String source = m.metadata().get(IMPORTED_FROM);
            if (source != null) out.printf(Locale.ROOT, "imported     %s%n", importedFrom(source));
            out.printf(Locale.ROOT, "accuracy     %s%n", accuracy(m.accuracy()));
            out.printf(Locale.ROOT, "cost         %s MFLOPs/clip, %s parameters%n",
                    Double.isNaN(m.mflops()) ? "?" : String.valueOf(m.mflops()), m.params() < 0 ? "?" : String.valueOf(m.params()));
            boolean hands = ModelContract.readsHands(m);
            if (hands) {
                out.printf(Locale.ROOT, "input        clip [N, %d, %d] float32 (T, features): the tracked hand per model frame,"
                        + " which jesture finds and computes from the frames (%s)%n", m.clipLength(), HandFeatures.DIM,
                        m.metadata().get(ModelContract.HANDS_KEY));
                out.printf(Locale.ROOT, "ensemble     joins a pixel model with its contract (below); votes only on clips with a hand"
                        + " in at least %d of their %d frames%n", HandFeatures.FRAMES_TO_VOTE, m.clipLength());
            } else if (ModelContract.inputChannels(m) == 2) {
                out.printf(Locale.ROOT, "input        clip [N, 2, %d, %d, %d] float32 (T, H, W): optical flow, which jesture computes"
                        + " from the frames (%s)%n", m.clipLength(), m.frameHeight(), m.frameWidth(), m.metadata().get(ModelContract.FLOW_KEY));
            } else {
                out.printf(Locale.ROOT, "input        clip [N, 3, %d, %d, %d] float32 (T, H, W)%n", m.clipLength(), m.frameHeight(), m.frameWidth());
            }
            out.printf(Locale.ROOT, "fps          %s (%.2f s per clip)%n", fmt(m.fps()), m.clipLength() / m.fps());
            // A hands model carries the pixel contract of the model it joins: how the frames it is tracked in are cut.
            out.printf(Locale.ROOT, "preprocess   %s%s, %s, mean %s, std %s%n", hands ? "(the joined pixel model's) " : "", m.resize(), m.colorOrder(),
                    Arrays.toString(m.mean()), Arrays.toString(m.std()));
            // The same rule on the 0..255 scale: how checkpoints trained on raw pixels state it.
            out.printf(Locale.ROOT, "pixels       x = (p/255 - mean) / std = (p - %s) / %s for p in 0..255%n",
                    times255(m.mean()), times255(m.std()));
            out.printf(Locale.ROOT, "output       logits [N, %d]%n", m.labels().size());
            String dim = m.metadata().get(ModelContract.EMBEDDING_DIM_KEY);
            out.printf(Locale.ROOT, "embedding    %s%n", dim != null ? "[N, " + dim.trim() + "] (jesture adapt can fit profiles on it)"
                    : hands ? "none (a hands model has none: adapt on the pixel model alone)"
                    : "none (exported before embeddings: re-export with jesture_train.export to adapt it)");
            Map<Rejection.Preset, Rejection> gate = RejectionCalibration.read(m);
            if (gate.isEmpty() && hands) {
                // Its ensemble's gate comes from the pixel model it joins (Classifier.ensembleInfo).
                out.printf(Locale.ROOT, "rejection    beside a pixel model: that model's points, applied only to clips on which"
                        + " this model does not vote (untracked-only, docs/quiet.md)%n");
            } else if (gate.isEmpty()) {
                out.printf(Locale.ROOT, "rejection    not calibrated: the gate is off (jesture eval-quiet --calibrate, docs/quiet.md)%n");
            } else {
                for (Map.Entry<Rejection.Preset, Rejection> e : gate.entrySet()) {
                    out.printf(Locale.ROOT, "rejection    %-9s %s%n", e.getKey().name().toLowerCase(Locale.ROOT), e.getValue());
                }
            }
            out.printf(Locale.ROOT, "labels       (* = background, never fires)%n");
            for (int i = 0; i < m.labels().size(); i++) {
                String l = m.labels().get(i);
                out.printf(Locale.ROOT, "  %2d %s%s%n", i, l, m.backgroundLabels().contains(l) ? " *" : "");
            }
            new TreeMap<>(m.metadata()).forEach((k, v) -> {
                if (!SHOWN.contains(k)) out.printf(Locale.ROOT, "other        %s = %s%n", k, v);
            });
        }
        out.flush();
        return ExitCode.OK;
    }

    static final String IMPORTED_FROM = "jesture.imported_from";
    /** Keys the lines above show; any other metadata is printed as it is. */
    private static final Set<String> SHOWN = Set.of("jesture.contract", "jesture.labels", "jesture.background_labels",
            "jesture.clip_length", "jesture.frame_height", "jesture.frame_width", "jesture.fps", "jesture.color_order",
            "jesture.mean", "jesture.std", "jesture.resize", "jesture.arch", "jesture.dataset", "jesture.accuracy",
            "jesture.mflops", "jesture.params", IMPORTED_FROM, ModelContract.EMBEDDING_DIM_KEY, "jesture.rejection");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code top-1 89.23% (split), epoch 67}; the raw text where it is not the contract's JSON. */
    static String accuracy(String raw) {
        try {
            JsonNode n = JSON.readTree(raw);
            if (n == null || !n.isObject()) return raw;
            JsonNode top1 = n.get("top1");
            StringBuilder sb = new StringBuilder();
            sb.append(top1 != null && top1.isNumber()
                    ? String.format(Locale.ROOT, "top-1 %.2f%%", top1.asDouble() * 100) : "top-1 not measured");
            JsonNode top5 = n.get("top5");
            if (top5 != null && top5.isNumber()) sb.append(String.format(Locale.ROOT, ", top-5 %.2f%%", top5.asDouble() * 100));
            if (n.hasNonNull("split")) sb.append(" (").append(n.get("split").asText()).append(')');
            n.fields().forEachRemaining(e -> {
                if (!Set.of("top1", "top5", "split").contains(e.getKey()) && !e.getValue().isNull()) {
                    sb.append(", ").append(e.getKey()).append(' ').append(e.getValue().isTextual() ? e.getValue().asText() : e.getValue());
                }
            });
            return sb.toString();
        } catch (Exception e) {
            return raw;
        }
    }

    /** {@code efficient-3dcnns checkpoint NAME, sha256 ..., epoch 67}. */
    static String importedFrom(String raw) {
        try {
            JsonNode n = JSON.readTree(raw);
            if (n == null || !n.isObject()) return raw;
            StringBuilder sb = new StringBuilder();
            sb.append(n.path("format").asText("?")).append(" checkpoint ").append(n.path("file").asText("?"));
            n.fields().forEachRemaining(e -> {
                if (!Set.of("format", "file").contains(e.getKey())) {
                    sb.append(", ").append(e.getKey()).append(' ').append(e.getValue().isTextual() ? e.getValue().asText() : e.getValue());
                }
            });
            return sb.toString();
        } catch (Exception e) {
            return raw;
        }
    }

    private static String times255(float[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", v[i] * 255.0));
        return sb.append(']').toString();
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
