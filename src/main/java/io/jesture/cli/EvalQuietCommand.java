package io.jesture.cli;

import io.jesture.InvalidInputException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jesture.ConfigException;
import io.jesture.GestureEvent;
import io.jesture.GestureOptions;
import io.jesture.GestureRecognizer;
import io.jesture.JestureException;
import io.jesture.ModelInfo;
import io.jesture.Rejection;
import io.jesture.RunningMode;
import io.jesture.Smoothing;
import io.jesture.internal.config.Durations;
import io.jesture.internal.eval.GateCalibration;
import io.jesture.internal.model.ModelContract;
import io.jesture.internal.eval.QuietInput;
import io.jesture.internal.eval.QuietRun;
import io.jesture.internal.eval.QuietSet;
import io.jesture.internal.eval.ScoreTrace;
import io.jesture.internal.eval.StreamScore.Segment;
import io.jesture.internal.pipeline.RejectionCalibration;
import io.jesture.synth.ScriptedStream;
import io.jesture.synth.SyntheticSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code jesture eval-quiet}: how often the whole pipeline fires on scenes with no gesture in them.
 * A command of its own rather than an {@code eval-stream} mode: eval-stream scores one scripted
 * stream against its ground truth, this one runs a fixed set of many inputs that have none and counts.
 *
 * <p>By default every input is paced live (frames at their own rate, windows skipped when the
 * machine falls behind), which is what a camera user gets; {@code --offline} classifies every window,
 * as fast as possible, with the same windowing. {@code --calibrate} records offline runs of the set and
 * of the eval-stream tuning seeds, sweeps the rejection gate over them and writes the model's
 * operating points (docs/quiet.md).
 */
@Command(name = "eval-quiet", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Count false events on scenes without a gesture: FFmpeg's moving test",
                "patterns, OpenCV's sample videos, real head-worn clips of hand motion that is",
                "no gesture, synthetic rest. Paced live by default (--offline: every window).",
                "With --calibrate: choose the model's rejection gate operating points.",
                "See docs/quiet.md. Example: jesture eval-quiet --offline --json quiet.json"})
final class EvalQuietCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Spec
    CommandSpec spec;

    @Mixin
    RecognizerOptions recognizer;

    @Option(names = "--offline", description = "Classify every window as fast as possible (same windowing; repeatable) instead of pacing live.")
    boolean offline;

    @Option(names = "--groups", split = ",", paramLabel = "GROUP",
            description = "Only these groups: pattern, film, egocentric, synthetic (default: all).")
    List<String> groups = new ArrayList<>();

    @Option(names = "--pattern-seconds", defaultValue = "60", description = "Length of each generated test pattern (default ${DEFAULT-VALUE}).")
    double patternSeconds;

    @Option(names = "--opencv-samples", paramLabel = "DIR", description = "OpenCV's sample videos (default ${DEFAULT-VALUE}).")
    Path openCv = QuietSet.OPENCV_SAMPLES;

    @Option(names = "--real-dev", paramLabel = "DIR", description = "The real development clips, holding egogestar/labels.csv (default ${DEFAULT-VALUE}).")
    Path realDev = Path.of("..", "shared", "real-dev");

    @Option(names = "--still", paramLabel = "S", defaultValue = "0",
            description = "Hold each egocentric clip's first frame S seconds before it and its last frame S seconds after it, as a live"
                    + " camera shows a still person around a motion (file:...,still=S); a clip of a few seconds alone gets a few"
                    + " windows (default ${DEFAULT-VALUE}: the clips as they are).")
    double still;

    @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON (an existing file is not overwritten).")
    Path jsonFile;

    @Option(names = "--events", description = "List every event under its input.")
    boolean listEvents;

    @Option(names = "--calibrate", description = "Record the set and the tuning streams offline, sweep the gate, print the chosen operating points.")
    boolean calibrate;

    @Option(names = "--tune-seeds", split = ",", paramLabel = "SEED", description = "eval-stream seeds whose recall the gate must keep (default 201,202).")
    List<Long> tuneSeeds = new ArrayList<>(List.of(201L, 202L));

    @Option(names = "--tune-minutes", defaultValue = "3", description = "Length of each tuning stream (default ${DEFAULT-VALUE}).")
    double tuneMinutes;

    @Option(names = "--max-added-delay", defaultValue = "100ms", description = "Delay (p95) the standard point may add on the tuning streams (default ${DEFAULT-VALUE}).")
    String maxAddedDelay;

    @Option(names = "--strict-recall-loss", defaultValue = "0.05", description = "Recall the strict point may give up on the tuning streams (default ${DEFAULT-VALUE}).")
    double strictRecallLoss;

    @Option(names = "--strict-max-added-delay", defaultValue = "250ms", description = "Delay (p95) the strict point may add on the tuning streams (default ${DEFAULT-VALUE}).")
    String strictMaxAddedDelay;

    @Option(names = "--real-recall-loss", defaultValue = "1", description = "Share of the real EgoGestAR gesture clips read right that either point may give up (default ${DEFAULT-VALUE}: reported, not constrained).")
    double realRecallLoss;

    @Option(names = "--calibration-out", paramLabel = "FILE", description = "With --calibrate: write the jesture.rejection value here (an existing file is not overwritten).")
    Path calibrationOut;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Set<String> wanted = new LinkedHashSet<>();
        for (String g : groups) {
            String n = g.strip().toLowerCase(Locale.ROOT);
            if (!QuietSet.groups().contains(n)) throw new InvalidInputException("unknown group '" + g + "': use " + String.join(", ", QuietSet.groups()));
            wanted.add(n);
        }
        if (!(patternSeconds > 0) || patternSeconds > 3600) throw new InvalidInputException("--pattern-seconds must be in (0, 3600], was " + patternSeconds);
        if (!(still >= 0) || still > 60) throw new InvalidInputException("--still must be in [0, 60] seconds, was " + still);
        refuseExisting(jsonFile, "--json");
        refuseExisting(calibrationOut, "--calibration-out");
        if (calibrate && offline) err.println("jesture: --calibrate always runs offline (every window), --offline is implied");
        boolean runOffline = offline || calibrate;

        GestureOptions base = recognizer.builder().build();
        // Only gzip-compressed samples are unpacked here, and only when there are some.
        Path scratch = Path.of(System.getProperty("java.io.tmpdir"), "jesture-eval-quiet-" + ProcessHandle.current().pid());
        QuietSet.Selection sel = QuietSet.build(wanted, patternSeconds, openCv, realDev, scratch, still);
        if (sel.inputs().isEmpty()) throw new ConfigException("eval-quiet: no input left to run (" + sel.skipped() + ")");
        for (QuietSet.Skipped s : sel.skipped()) err.println("jesture: eval-quiet: skipped " + s.name() + ": " + s.reason());

        List<QuietRun.Outcome> outcomes = new ArrayList<>();
        int done = 0;
        for (QuietInput in : sel.inputs()) {
            outcomes.add(QuietRun.run(base, in, runOffline));
            if (++done % 25 == 0) err.println("jesture: eval-quiet: " + done + " of " + sel.inputs().size() + " inputs done");
        }
        ModelInfo model = outcomes.get(0).model();
        Smoothing smoothing = base.smoothing();
        Rejection inForce = smoothing.rejection().forModel(model);
        Report report = new Report(outcomes);
        report.print(out, runOffline, model, outcomes.get(0).stats().provider().name(), smoothing.rejection(), inForce, listEvents);
        if (jsonFile != null) {
            Files.writeString(jsonFile, JSON.writeValueAsString(report.json(runOffline, model, smoothing.rejection(), inForce, sel.skipped())));
            err.println("jesture: eval-quiet: wrote " + jsonFile);
        }
        if (calibrate) calibrate(out, err, base, model, outcomes);
        out.flush();
        return ExitCode.OK;
    }

    private static void refuseExisting(Path p, String option) throws ConfigException {
        if (p != null && Files.exists(p)) throw new ConfigException(option + " " + p + " exists: choose another file or remove it first");
    }

    private void calibrate(PrintWriter out, PrintWriter err, GestureOptions base, ModelInfo model, List<QuietRun.Outcome> quiet)
            throws Exception {
        long toleranceNanos = Durations.parse("1s").toNanos();
        List<GateCalibration.Stream> tuning = new ArrayList<>();
        for (long seed : tuneSeeds) {
            String uri = String.format(Locale.ROOT, "seed=%d,size=640x480,fps=30,pace=fast,split=test,minutes=%s", seed, trim(tuneMinutes));
            SyntheticSource source = SyntheticSource.parse(uri);
            ScriptedStream stream = source.stream();
            ScoreTrace trace = new ScoreTrace();
            try (GestureRecognizer r = GestureRecognizer.create(base.newBuilder().source(source)
                    .runningMode(RunningMode.OFFLINE).listener(trace).build())) {
                r.start();
                if (!r.awaitEndOfStream(Duration.ofMinutes(30))) throw new JestureException("eval-quiet: tuning stream " + seed + " did not end in 30 minutes");
            }
            List<Segment> truth = new ArrayList<>();
            for (ScriptedStream.Segment s : stream.groundTruth()) truth.add(new Segment(s.label(), s.startNanos(), s.endNanos()));
            tuning.add(new GateCalibration.Stream("seed " + seed, trace, truth, stream.timestampNanos(stream.frameCount())));
            err.println("jesture: eval-quiet: recorded tuning stream seed " + seed);
        }
        List<GateCalibration.Positive> positives = new ArrayList<>();
        for (QuietSet.Positive p : QuietSet.realPositives(realDev, still)) {
            positives.add(new GateCalibration.Positive(QuietRun.run(base, p.input(), true).trace(), p.accept()));
        }
        if (!positives.isEmpty()) err.println("jesture: eval-quiet: recorded " + positives.size() + " real gesture clips (EgoGestAR)");
        GateCalibration cal = new GateCalibration(model, base.smoothing(), base.allow(), base.deny(), toleranceNanos);
        GateCalibration.Result r = cal.run(quiet, tuning, positives, Durations.parse(maxAddedDelay), strictRecallLoss,
                Durations.parse(strictMaxAddedDelay), realRecallLoss);
        out.println();
        out.printf(Locale.ROOT, "calibration: %d gate candidates replayed over %d quiet inputs and tuning seeds %s (%s min each)%n",
                r.all().size(), quiet.size(), tuneSeeds, trim(tuneMinutes));
        out.printf(Locale.ROOT, "  standard: no recall, Levenshtein or false-activation cost on the tuning seeds, p95 delay + %s at most;%n", maxAddedDelay);
        out.printf(Locale.ROOT, "  strict: recall and Levenshtein - %s, no false-activation cost, p95 delay + %s at most; the single-test rows obey standard's rules%n",
                strictRecallLoss, strictMaxAddedDelay);
        long meeting = r.all().stream().filter(GateCalibration.Point::meetsTargets).count();
        out.printf(Locale.ROOT, "  strict is the cheapest of those on the tuning seeds that meets the quiet targets on every input%s (%d of the %d candidates meet them)%n",
                !r.strict().meetsTargets() ? "; none does: the quietest of them"
                        : r.strict() == r.quietest() ? ", here also the quietest" : "; 'quietest' is the quietest of them",
                meeting, r.all().size());
        out.printf(Locale.ROOT, "  ego%%: egocentric non-gesture clips that fire; real: EgoGestAR gesture clips whose accepted label fires%n");
        out.printf(Locale.ROOT, "  %-96s %7s %6s %6s | %6s %6s %6s %7s%n", "gate", "quiet/m", "ego%", "real", "recall", "lev", "FA/min", "p95 ms");
        row(out, "off", r.off());
        for (String[] only : new String[][] {{"max-background only", "bg"}, {"min-log-sum-exp only", "lse"}, {"min-motion only", "motion"}}) {
            GateCalibration.Point best = bestSingle(r, only[1], Durations.parse(maxAddedDelay));
            if (best != null) row(out, only[0], best);
        }
        row(out, "standard", r.standard());
        row(out, "strict", r.strict());
        if (r.quietest() != r.strict()) row(out, "quietest", r.quietest());
        out.printf(Locale.ROOT, "  quiet/m per input (%s):%n", String.join(", ", r.inputNames()));
        out.printf(Locale.ROOT, "    off      %s%n    standard %s%n    strict   %s%n", perInput(r.off()), perInput(r.standard()), perInput(r.strict()));
        if (r.quietest() != r.strict()) out.printf(Locale.ROOT, "    quietest %s%n", perInput(r.quietest()));
        String value = RejectionCalibration.format(r.standard().gate(), r.strict().gate(),
                "jesture eval-quiet --calibrate: tuning seeds " + tuneSeeds + ", " + quiet.size() + " quiet inputs");
        out.println("  jesture.rejection = " + value);
        String ensemble = model.metadata().get(ModelContract.ENSEMBLE_KEY);
        if (ensemble != null) {
            // A stamp lives in one file and is read for that model alone; an ensemble's gate is set by hand.
            out.println("  " + ensemble + " is an ensemble: no file carries its gate; set the standard point under smoothing:"
                    + " in the config (docs/quiet.md): " + customRejection(r.standard().gate()));
        }
        if (calibrationOut != null) {
            Files.writeString(calibrationOut, value + "\n");
            if (ensemble != null) {
                out.println("  wrote " + calibrationOut);
                return;
            }
            out.println("  wrote " + calibrationOut + "; put it into the model with:");
            out.println("    PYTHONPATH=src/train /usr/bin/python3 -m jesture_train.stamp " + model.file()
                    + " --key " + RejectionCalibration.KEY + " --value-file " + calibrationOut + " --in-place [--replace]");
        }
    }

    /** The gate as the config's {@code smoothing: rejection:} block spells it ("off" for a test not used). */
    private static String customRejection(Rejection g) {
        return String.format(Locale.ROOT, "rejection: {max-background: %s, min-log-sum-exp: %s, min-motion: %s, min-hand: %s, max-hold: %s}",
                g.maxBackground() >= 1 ? "off" : g.maxBackground(),
                g.minLogSumExp() == Double.NEGATIVE_INFINITY ? "off" : g.minLogSumExp(),
                g.minMotion() <= 0 ? "off" : g.minMotion(),
                g.minHand() <= 0 ? "off" : g.minHand(),
                g.maxHold() == null ? "off" : g.maxHold().toMillis() + "ms");
    }

    private static GateCalibration.Point bestSingle(GateCalibration.Result r, String test, Duration delay) {
        GateCalibration.Point best = null;
        for (GateCalibration.Point p : r.all()) {
            Rejection g = p.gate();
            boolean only = switch (test) {
                case "bg" -> g.minLogSumExp() == Double.NEGATIVE_INFINITY && g.minMotion() <= 0 && g.maxBackground() < 1;
                case "lse" -> g.maxBackground() >= 1 && g.minMotion() <= 0 && g.minLogSumExp() != Double.NEGATIVE_INFINITY;
                default -> g.maxBackground() >= 1 && g.minLogSumExp() == Double.NEGATIVE_INFINITY && g.minMotion() > 0;
            };
            if (only && GateCalibration.admissible(p, r.off(), 0, delay) && (best == null || p.quietScore() < best.quietScore() - 1e-9)) best = p;
        }
        return best;
    }

    private static void row(PrintWriter out, String name, GateCalibration.Point p) {
        out.printf(Locale.ROOT, "  %-96s %7.2f %5.1f%% %6.3f | %6.3f %6.3f %6.2f %7.0f%n", name + ": " + p.gate(), p.quietScore(),
                100 * p.egocentricShare(), p.realRecall(), p.recall(), p.levenshtein(), p.falsePerMinute(), p.delayP95Millis());
    }

    private static String perInput(GateCalibration.Point p) {
        StringBuilder sb = new StringBuilder();
        for (double v : p.perInput()) sb.append(String.format(Locale.ROOT, "%6.2f", v));
        return sb.toString();
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    /** The model's file name, or an ensemble's members' joined by '+' (its first member's file would misname it). */
    private static String name(ModelInfo model) {
        return model.metadata().getOrDefault(ModelContract.ENSEMBLE_KEY, String.valueOf(model.file().getFileName()));
    }

    /** The table and the JSON report of one run of the set. */
    private static final class Report {
        private final List<QuietRun.Outcome> outcomes;

        Report(List<QuietRun.Outcome> outcomes) {
            this.outcomes = outcomes;
        }

        void print(PrintWriter out, boolean offline, ModelInfo model, String provider, Rejection asked, Rejection inForce, boolean events) {
            out.printf(Locale.ROOT, "eval-quiet: %d inputs, %s, model %s on %s, rejection %s%s%n", outcomes.size(),
                    offline ? "offline (every window)" : "paced live", name(model), provider,
                    asked.preset() == Rejection.Preset.CUSTOM ? "" : asked.preset().name().toLowerCase(Locale.ROOT) + ": ", inForce);
            out.printf(Locale.ROOT, "  %-24s %-10s %8s %7s %8s %8s  %s%n", "input", "group", "minutes", "events", "per min", "skipped", "fired");
            List<QuietRun.Outcome> ego = new ArrayList<>();
            for (QuietRun.Outcome o : outcomes) {
                if (o.input().group().equals(QuietInput.EGOCENTRIC)) {
                    ego.add(o);
                    continue;
                }
                out.printf(Locale.ROOT, "  %-24s %-10s %8.2f %7d %8.2f %8s  %s%n", o.input().name(), o.input().group(), o.minutes(),
                        o.events().size(), o.perMinute(), skipped(o), labels(o.events()));
                if (events) for (GestureEvent e : o.events()) out.printf(Locale.ROOT, "      %8.2f s  %s (%.2f)%n", e.detectedNanos() / 1e9, e.label(), e.confidence());
            }
            if (!ego.isEmpty()) {
                Ego e = new Ego(ego);
                out.printf(Locale.ROOT, "  %-24s %-10s %8.2f %7d %8.2f %8s  %d of %d clips fire (%.1f%%) %s%n", "egogestar (" + ego.size() + " clips)",
                        QuietInput.EGOCENTRIC, e.minutes, e.events, e.perMinute(), e.skipped + "/" + e.windows, e.firing, e.clips,
                        100.0 * e.firing / e.clips, labels(e.all));
                if (events) for (QuietRun.Outcome o : ego) for (GestureEvent ev : o.events()) {
                    out.printf(Locale.ROOT, "      %s %6.2f s  %s (%.2f)%n", o.input().name(), ev.detectedNanos() / 1e9, ev.label(), ev.confidence());
                }
            }
            out.printf(Locale.ROOT, "  targets: <= %s events per minute on every input and none on the patterns; <= %.0f%% of the egocentric clips fire%n",
                    GateCalibration.TARGET_PER_MINUTE, 100 * GateCalibration.TARGET_EGOCENTRIC_SHARE);
        }

        ObjectNode json(boolean offline, ModelInfo model, Rejection asked, Rejection inForce, List<QuietSet.Skipped> skippedInputs) {
            ObjectNode n = JSON.createObjectNode();
            n.put("mode", offline ? "offline" : "live").put("model", model.metadata().getOrDefault(ModelContract.ENSEMBLE_KEY, model.file().toString()))
                    .put("rejection", asked.preset().name().toLowerCase(Locale.ROOT));
            ObjectNode g = n.putObject("rejection_in_force");
            g.put("max_background", inForce.maxBackground()).put("min_log_sum_exp", String.valueOf(inForce.minLogSumExp()))
                    .put("min_motion", inForce.minMotion()).put("min_hand", inForce.minHand());
            ArrayNode arr = n.putArray("inputs");
            List<QuietRun.Outcome> ego = new ArrayList<>();
            for (QuietRun.Outcome o : outcomes) {
                if (o.input().group().equals(QuietInput.EGOCENTRIC)) ego.add(o);
                ObjectNode i = arr.addObject();
                i.put("name", o.input().name()).put("group", o.input().group()).put("source", o.input().uri())
                        .put("minutes", o.minutes()).put("inferences", o.stats().inferences())
                        .put("windows_skipped", o.stats().windowsSkipped()).put("frames_dropped", o.stats().framesDropped())
                        .put("events", o.events().size()).put("events_per_minute", o.perMinute());
                ArrayNode ev = i.putArray("event_list");
                for (GestureEvent e : o.events()) ev.addObject().put("label", e.label()).put("detected_ms", e.detectedNanos() / 1e6).put("confidence", e.confidence());
            }
            if (!ego.isEmpty()) {
                Ego e = new Ego(ego);
                n.putObject("egocentric").put("clips", e.clips).put("clips_firing", e.firing).put("share_firing", (double) e.firing / e.clips)
                        .put("minutes", e.minutes).put("events", e.events).put("events_per_minute", e.perMinute());
            }
            ArrayNode sk = n.putArray("skipped");
            for (QuietSet.Skipped s : skippedInputs) sk.addObject().put("name", s.name()).put("reason", s.reason());
            return n;
        }

        private static String skipped(QuietRun.Outcome o) {
            return o.stats().windowsSkipped() + "/" + o.stats().clipsAssembled();
        }

        private static String labels(List<GestureEvent> events) {
            Map<String, Integer> count = new TreeMap<>();
            for (GestureEvent e : events) count.merge(e.label(), 1, Integer::sum);
            StringBuilder sb = new StringBuilder();
            count.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(3)
                    .forEach(x -> sb.append(sb.length() == 0 ? "" : ", ").append(x.getKey()).append(" x").append(x.getValue()));
            return sb.toString();
        }
    }

    /** The egocentric clips, pooled. */
    private static final class Ego {
        final int clips;
        int firing;
        int events;
        long skipped;
        long windows;
        double minutes;
        final List<GestureEvent> all = new ArrayList<>();

        Ego(List<QuietRun.Outcome> ego) {
            clips = ego.size();
            for (QuietRun.Outcome o : ego) {
                if (!o.events().isEmpty()) firing++;
                events += o.events().size();
                minutes += o.minutes();
                skipped += o.stats().windowsSkipped();
                windows += o.stats().clipsAssembled();
                all.addAll(o.events());
            }
        }

        double perMinute() {
            return minutes > 0 ? events / minutes : Double.NaN;
        }
    }
}
