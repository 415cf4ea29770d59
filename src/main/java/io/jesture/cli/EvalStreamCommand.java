package io.jesture.cli;

import io.jesture.InvalidInputException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jesture.GestureEvent;
import io.jesture.GestureListener;
import io.jesture.GestureOptions;
import io.jesture.GestureRecognizer;
import io.jesture.JestureException;
import io.jesture.RecognizerStats;
import io.jesture.RunningMode;
import io.jesture.internal.config.Durations;
import io.jesture.internal.eval.StreamScore;
import io.jesture.internal.eval.StreamScore.Detection;
import io.jesture.internal.eval.StreamScore.Result;
import io.jesture.internal.eval.StreamScore.Segment;
import io.jesture.synth.ScriptedStream;
import io.jesture.synth.SyntheticSource;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code jesture eval-stream}: the number that matters to a user. Renders a scripted synthetic stream
 * with ground truth at camera resolution and frame rate, runs the whole pipeline on it (capture,
 * ring, clips, inference, smoothing) and scores the events it fires.
 *
 * <p>By default the stream is paced live, so drops, skipped windows and delays are what a 30 fps
 * camera would see on this machine. {@code --offline} runs as fast as possible and loses nothing,
 * which makes runs repeatable for tuning; its delays then count stream time only.
 */
@Command(name = "eval-stream", mixinStandardHelpOptions = true,
        description = {"Score the whole pipeline on a scripted synthetic stream with ground truth:",
                "Levenshtein accuracy, event precision/recall, false activations per minute of rest,",
                "detection delay after each gesture ends (p50, p95), dropped frames and skipped windows.",
                "Example: jesture eval-stream --seed 101 --minutes 5"})
final class EvalStreamCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    RecognizerOptions recognizer;

    @Option(names = "--seed", defaultValue = "101", description = "Stream seed (default ${DEFAULT-VALUE}). Tune on some seeds, report on others.")
    long seed;

    @Option(names = "--minutes", defaultValue = "3", description = "Stream length in minutes (default ${DEFAULT-VALUE}).")
    double minutes;

    @Option(names = "--size", defaultValue = "640x480", description = "Frame size (default ${DEFAULT-VALUE}).")
    String size;

    @Option(names = "--fps", defaultValue = "30", description = "Camera frame rate (default ${DEFAULT-VALUE}).")
    double fps;

    @Option(names = "--split", defaultValue = "test", description = "Synthetic-world split whose backgrounds and seeds are used (default ${DEFAULT-VALUE}: never seen in training).")
    String split;

    @Option(names = "--view", defaultValue = "webcam", description = "webcam: the performer faces a camera in front (default); "
            + "head: the stream is seen from a camera worn on the performer's head.")
    String view;

    @Option(names = "--offline", description = "As fast as possible, dropping and skipping nothing (repeatable; for tuning).")
    boolean offline;

    @Option(names = "--tolerance", defaultValue = "1s", description = "How long after a gesture ends an event still counts for it (default ${DEFAULT-VALUE}).")
    String tolerance;

    @Option(names = "--json", description = "Print the report as one JSON object.")
    boolean json;

    @Option(names = "--events", description = "Also list every true gesture and every event, in time order.")
    boolean listEvents;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (!(minutes > 0) || minutes > 120) throw new InvalidInputException("--minutes must be in (0, 120], was " + minutes);
        long toleranceNanos = Durations.parseOption("--tolerance", tolerance, Duration.ofMillis(1), Duration.ofMinutes(1)).toNanos();
        if (!view.equals("webcam") && !view.equals("head")) throw new InvalidInputException("--view must be webcam or head, was '" + view + "'");
        String uri = String.format(Locale.ROOT, "seed=%d,size=%s,fps=%s,pace=%s,split=%s,minutes=%s%s",
                seed, size, trim(fps), offline ? "fast" : "live", split, trim(minutes), view.equals("head") ? ",view=head" : "");
        SyntheticSource source = SyntheticSource.parse(uri);
        ScriptedStream stream = source.stream();

        List<GestureEvent> events = new ArrayList<>();
        GestureOptions.Builder b = recognizer.builder();
        b.source(source).runningMode(offline ? RunningMode.OFFLINE : RunningMode.LIVE);
        b.listener(new GestureListener() {
            @Override
            public void onGesture(GestureEvent e) {
                synchronized (events) {
                    events.add(e);
                }
            }
        });

        long streamNanos = stream.timestampNanos(stream.frameCount());
        Result result;
        RecognizerStats stats;
        double inferP50;
        String modelName;
        List<Segment> truth = new ArrayList<>();
        for (ScriptedStream.Segment s : stream.groundTruth()) truth.add(new Segment(s.label(), s.startNanos(), s.endNanos()));
        List<GestureEvent> fired;
        try (GestureRecognizer r = GestureRecognizer.create(b.build())) {
            r.start();
            // Live pacing takes the stream's own length; allow generous slack for a slow machine.
            Duration wait = Duration.ofNanos(streamNanos * 3).plusMinutes(2);
            if (!r.awaitEndOfStream(wait)) {
                throw new JestureException("eval-stream: the pipeline did not finish a " + trim(minutes)
                        + " min stream within " + wait.toSeconds() + " s; is the machine overloaded?");
            }
            stats = r.stats();
            inferP50 = r.inferenceTimes().p50Millis();
            modelName = stats.modelName();
            synchronized (events) {
                fired = List.copyOf(events);
            }
            List<Detection> detections = new ArrayList<>();
            for (GestureEvent e : fired) {
                // Live: what the user waits for is stream time plus the pipeline's own latency.
                long at = e.detectedNanos() + (offline ? 0 : e.latencyNanos());
                detections.add(new Detection(e.label(), at));
            }
            result = StreamScore.score(truth, detections, new HashSet<>(r.modelInfo().backgroundLabels()), toleranceNanos, streamNanos);
        }

        if (json) {
            ObjectNode n = JSON.createObjectNode();
            n.put("seed", seed).put("minutes", minutes).put("size", size).put("fps", fps).put("split", split)
                    .put("mode", offline ? "offline" : "live").put("model", modelName).put("provider", stats.provider().name())
                    .put("true_gestures", result.trueGestures()).put("events", result.events()).put("matched", result.matched())
                    .put("levenshtein_accuracy", result.levenshteinAccuracy()).put("edit_distance", result.editDistance())
                    .put("precision", result.precision()).put("recall", result.recall())
                    .put("false_activations", result.falseActivations()).put("rest_minutes", result.restMinutes())
                    .put("false_activations_per_minute", result.falseActivationsPerMinute())
                    .put("delay_p50_ms", result.delayP50Millis()).put("delay_p95_ms", result.delayP95Millis())
                    .put("frames_captured", stats.framesCaptured()).put("frames_dropped", stats.framesDropped())
                    .put("clips", stats.clipsAssembled()).put("windows_skipped", stats.windowsSkipped())
                    .put("inferences", stats.inferences()).put("inference_p50_ms", inferP50);
            if (listEvents) {
                ArrayNode ev = n.putArray("event_list");
                for (GestureEvent e : fired) ev.addObject().put("label", e.label()).put("detected_ms", e.detectedNanos() / 1e6)
                        .put("confidence", e.confidence()).put("latency_ms", e.latencyMillis());
                ArrayNode gt = n.putArray("truth");
                for (Segment s : truth) gt.addObject().put("label", s.label()).put("start_ms", s.startNanos() / 1e6).put("end_ms", s.endNanos() / 1e6);
            }
            out.println(n);
        } else {
            out.printf(Locale.ROOT, "eval-stream: seed %d, %s min at %s@%s (%s split), %s, model %s on %s%n",
                    seed, trim(minutes), size, trim(fps), split, offline ? "offline" : "paced live", modelName, stats.provider());
            out.printf(Locale.ROOT, "  true gestures %d, events %d, matched %d%n", result.trueGestures(), result.events(), result.matched());
            out.printf(Locale.ROOT, "  Levenshtein accuracy      %.3f  (edit distance %d)%n", result.levenshteinAccuracy(), result.editDistance());
            out.printf(Locale.ROOT, "  precision / recall        %.3f / %.3f%n", result.precision(), result.recall());
            out.printf(Locale.ROOT, "  false activations         %d in %.2f min of rest = %.2f per min%n",
                    result.falseActivations(), result.restMinutes(), result.falseActivationsPerMinute());
            out.printf(Locale.ROOT, "  delay after gesture end   p50 %.0f ms, p95 %.0f ms%s%n", result.delayP50Millis(), result.delayP95Millis(),
                    offline ? " (stream time only)" : " (stream time + pipeline latency)");
            out.printf(Locale.ROOT, "  frames dropped            %d of %d; windows skipped %d of %d clips%n",
                    stats.framesDropped(), stats.framesCaptured(), stats.windowsSkipped(), stats.clipsAssembled());
            out.printf(Locale.ROOT, "  inference                 %d runs, p50 %.1f ms%n", stats.inferences(), inferP50);
            if (listEvents) {
                List<String[]> rows = new ArrayList<>();
                for (Segment s : truth) rows.add(new String[] {String.format(Locale.ROOT, "%010.3f", s.startNanos() / 1e9),
                        String.format(Locale.ROOT, "  truth %7.2f-%7.2f s  %s", s.startNanos() / 1e9, s.endNanos() / 1e9, s.label())});
                for (GestureEvent e : fired) rows.add(new String[] {String.format(Locale.ROOT, "%010.3f", e.detectedNanos() / 1e9),
                        String.format(Locale.ROOT, "  EVENT         %7.2f s  %s (%.2f)", e.detectedNanos() / 1e9, e.label(), e.confidence())});
                rows.sort((x, y) -> x[0].compareTo(y[0]));
                for (String[] row : rows) out.println(row[1]);
            }
        }
        out.flush();
        return ExitCode.OK;
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
