package io.jesture.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jesture.ModelInfo;
import io.jesture.Rejection;
import io.jesture.internal.model.Classifier;
import io.jesture.internal.smooth.RejectionCalibration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code jesture info}: a model's contract (docs/model-contract.md), validated. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Validate a model and print its contract: input shape, fps, preprocessing, labels, provenance.")
final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "MODEL", description = "An ONNX model exported with the jesture contract.")
    Path model;

    @Option(names = "--json", description = "Print the metadata as one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        ModelInfo m = Classifier.inspect(model);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectNode n = new ObjectMapper().createObjectNode().put("file", model.toString());
            new TreeMap<>(m.metadata()).forEach(n::put);
            out.println(n);
        } else {
            out.printf(Locale.ROOT, "model        %s%n", model);
            out.printf(Locale.ROOT, "contract     %s%n", m.contractVersion());
            out.printf(Locale.ROOT, "arch         %s%n", m.arch());
            out.printf(Locale.ROOT, "dataset      %s%n", m.dataset());
            out.printf(Locale.ROOT, "accuracy     %s%n", m.accuracy());
            out.printf(Locale.ROOT, "cost         %s MFLOPs/clip, %s parameters%n",
                    Double.isNaN(m.mflops()) ? "?" : String.valueOf(m.mflops()), m.params() < 0 ? "?" : String.valueOf(m.params()));
            out.printf(Locale.ROOT, "input        clip [N, 3, %d, %d, %d] float32 (T, H, W)%n", m.clipLength(), m.frameHeight(), m.frameWidth());
            out.printf(Locale.ROOT, "fps          %s (%.2f s per clip)%n", fmt(m.fps()), m.clipLength() / m.fps());
            out.printf(Locale.ROOT, "preprocess   %s, %s, mean %s, std %s%n", m.resize(), m.colorOrder(),
                    Arrays.toString(m.mean()), Arrays.toString(m.std()));
            out.printf(Locale.ROOT, "output       logits [N, %d]%n", m.labels().size());
            Map<Rejection.Preset, Rejection> gate = RejectionCalibration.read(m);
            if (gate.isEmpty()) {
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
        }
        out.flush();
        return ExitCode.OK;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
