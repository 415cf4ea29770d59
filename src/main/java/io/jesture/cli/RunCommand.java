package io.jesture.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jesture.GestureEvent;
import io.jesture.GestureListener;
import io.jesture.GestureOptions;
import io.jesture.GestureRecognizer;
import io.jesture.PipelineStatus;
import io.jesture.RecognizerStats;
import io.jesture.RunningMode;
import io.jesture.ScoreUpdate;
import io.jesture.internal.config.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code jesture run}: recognizes gestures from a source and prints each event as it happens. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Recognize gestures from a camera, file, stream or the synthetic world and print each event as it happens.",
                "Events go to stdout (one line each, or JSON lines with --json); status and errors to stderr.",
                "Example: jesture run --source synthetic:seed=7 --duration 20s"})
final class RunCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    RecognizerOptions recognizer;

    @Mixin
    SourceOptions sources;

    @Option(names = "--json", description = "Print JSON lines (events, status, final stats) to stdout.")
    boolean json;

    @Option(names = "--duration", paramLabel = "D", description = "Stop after this long (1ms..8760h), e.g. 30s or 2m. Default: until the source ends or Ctrl-C.")
    String duration;

    @Option(names = "--stats", paramLabel = "D", arity = "0..1", fallbackValue = "5s",
            description = "Print pipeline stats (fps, drops, inference time) every D (100ms..24h, default 5s) to stderr, or as JSON lines with --json.")
    String statsEvery;

    @Option(names = "--scores", description = "Also print the top 3 smoothed probabilities after every inference.")
    boolean scores;

    @Option(names = "--offline", description = "Process a finite source as fast as possible, dropping and skipping nothing.")
    boolean offline;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        // Every duration is checked before anything opens: --stats=0s would be a busy loop.
        Duration limit = duration == null ? null : Durations.parseOption("--duration", duration, Duration.ofMillis(1), Duration.ofDays(365));
        Duration every = statsEvery == null ? null : Durations.parseOption("--stats", statsEvery, Duration.ofMillis(100), Duration.ofHours(24));
        String source = sources.uri();
        GestureOptions.Builder b = recognizer.builder();
        if (source != null) b.source(source);
        if (offline) b.runningMode(RunningMode.OFFLINE);
        Printer printer = new Printer(out, err, json, scores);
        b.listener(printer).errorListener(printer::error);
        long t0 = System.nanoTime();
        try (GestureRecognizer r = GestureRecognizer.create(b.build())) {
            // The final stats line, printed once: by this thread at the end, or by the shutdown hook on
            // SIGTERM/Ctrl-C (the JVM exits when the hooks return, so this thread never gets there).
            FinalStats last = new FinalStats(() -> {
                r.close(); // the counts are final once every stage has stopped
                printer.stats(r.stats(), (System.nanoTime() - t0) / 1e9);
            });
            Thread hook = new Thread(last::print, "jesture-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            boolean ended = false;
            try {
                r.start();
                long deadline = limit == null ? Long.MAX_VALUE : System.nanoTime() + limit.toNanos();
                while (true) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) break;
                    long step = every == null ? left : Math.min(left, every.toNanos());
                    if (r.awaitEndOfStream(Duration.ofNanos(step))) {
                        ended = true;
                        break;
                    }
                    if (every != null && System.nanoTime() < deadline) printer.stats(r.stats(), (System.nanoTime() - t0) / 1e9);
                }
                last.print();
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException alreadyExiting) {
                    // SIGTERM/Ctrl-C: the hook is printing the final stats
                }
            }
            // A file that broke off part way (cut short, damaged) is not a run that went well: its
            // error line was printed when it happened; the status says so for scripts.
            if (ended && printer.sourceFailure() != null) return ExitCode.BAD_INPUT;
        }
        return ExitCode.OK;
    }

    /**
     * Runs the final report exactly once, whoever asks first; a second caller (the shutdown hook racing
     * the normal end) waits for it to be written, so the JVM does not exit half-way through the line.
     */
    static final class FinalStats {
        private final Runnable report;
        private final java.util.concurrent.atomic.AtomicBoolean started = new java.util.concurrent.atomic.AtomicBoolean();
        private final java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);

        FinalStats(Runnable report) {
            this.report = report;
        }

        void print() {
            if (!started.compareAndSet(false, true)) {
                try {
                    done.await(10, java.util.concurrent.TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            try {
                report.run();
            } finally {
                done.countDown();
            }
        }
    }

    /** Prints as events happen; called on pipeline threads, so it synchronizes on the writer. */
    static final class Printer implements GestureListener {
        private final PrintWriter out;
        private final PrintWriter err;
        private final boolean json;
        private final boolean scores;
        private volatile Throwable sourceFailure;

        Printer(PrintWriter out, PrintWriter err, boolean json, boolean scores) {
            this.out = out;
            this.err = err;
            this.json = json;
            this.scores = scores;
        }

        @Override
        public void onScores(ScoreUpdate u) {
            if (!scores) return;
            float[] p = u.smoothed();
            int[] top = {-1, -1, -1};
            for (int i = 0; i < p.length; i++) {
                for (int r = 0; r < 3; r++) {
                    if (top[r] < 0 || p[i] > p[top[r]]) {
                        System.arraycopy(top, r, top, r + 1, 2 - r);
                        top[r] = i;
                        break;
                    }
                }
            }
            if (json) {
                ObjectNode n = JSON.createObjectNode().put("type", "scores").put("clip_end_ms", round(u.clipEndNanos() / 1e6, 1))
                        .put("inference_ms", round(u.inferenceNanos() / 1e6, 2));
                var arr = n.putArray("top");
                for (int t : top) if (t >= 0) arr.addObject().put("label", u.labels().get(t)).put("p", round(p[t], 4));
                line(out, n.toString());
            } else {
                StringBuilder sb = new StringBuilder(clock(u.clipEndNanos())).append("  scores:");
                for (int t : top) if (t >= 0) sb.append(String.format(Locale.ROOT, "  %s %.2f", u.labels().get(t), p[t]));
                line(out, sb.toString());
            }
        }

        @Override
        public void onGesture(GestureEvent e) {
            if (json) {
                ObjectNode n = JSON.createObjectNode().put("type", "gesture").put("label", e.label())
                        .put("index", e.classIndex()).put("confidence", round(e.confidence(), 4))
                        .put("start_ms", round(e.startNanos() / 1e6, 1)).put("detected_ms", round(e.detectedNanos() / 1e6, 1))
                        .put("latency_ms", round(e.latencyMillis(), 1));
                line(out, n.toString());
            } else {
                line(out, String.format(Locale.ROOT, "%s  %-30s %.2f  (latency %.0f ms)", clock(e.detectedNanos()),
                        e.label(), e.confidence(), e.latencyMillis()));
            }
        }

        @Override
        public void onStatus(PipelineStatus s) {
            if (json) line(out, JSON.createObjectNode().put("type", "status").put("kind", s.kind().name()).put("message", s.message()).toString());
            // The library already logged the fallback in one line; don't say it twice.
            else if (s.kind() != PipelineStatus.Kind.PROVIDER_FALLBACK) line(err, "jesture: " + s.kind().name().toLowerCase(Locale.ROOT).replace('_', ' ') + ": " + s.message());
        }

        void error(String where, Throwable t) {
            if ("jesture-capture".equals(where)) sourceFailure = t;
            if (json) line(out, JSON.createObjectNode().put("type", "error").put("where", where).put("message", String.valueOf(t.getMessage())).toString());
            // A source's own error says what and how to fix it; anything else is shown with its type.
            else if (t instanceof io.jesture.SourceException) line(err, "jesture: " + t.getMessage());
            else line(err, "jesture: " + where + ": " + t);
        }

        /** The last error the source reported; at the end of a finite stream, the one that cut it short. */
        Throwable sourceFailure() {
            return sourceFailure;
        }

        void stats(RecognizerStats s, double seconds) {
            if (json) {
                ObjectNode n = JSON.valueToTree(s);
                n.put("type", "stats").put("seconds", round(seconds, 2));
                line(out, n.toString());
            } else {
                line(err, String.format(Locale.ROOT, "jesture: %.1f s, %d frames (%d dropped, %d decoded, %.1f fps; source %s fps), %d clips (%d skipped), "
                                + "%d inferences (%.1f/s, p50 %.1f ms, %s), frame age at inference p50 %.0f ms (max %.0f), source lag %.0f ms, "
                                + "%d events, model %s", seconds, s.framesCaptured(),
                        s.framesDropped(), s.framesDecoded(), s.captureFps(), fps(s.sourceFps()), s.clipsAssembled(), s.windowsSkipped(), s.inferences(),
                        s.inferenceRate(), s.inferenceP50Millis(), s.provider(), s.frameAgeP50Millis(), s.frameAgeMaxMillis(),
                        s.sourceLagMillis(), s.events(), s.modelName())
                        + (s.deliveriesDropped() > 0 ? ", " + s.deliveriesDropped() + " listener calls dropped (a listener fell behind)" : "")
                        + (s.nonRisingTimestamps() > 0 ? ", " + s.nonRisingTimestamps()
                                + " frames left out (timestamp not later than the previous frame's)" : ""));
            }
        }

        private static void line(PrintWriter w, String s) {
            synchronized (w) {
                w.println(s);
                w.flush();
            }
        }

        /** A frame rate as declared: 12, 29.97. */
        static String fps(double fps) {
            return fps == Math.rint(fps) ? Long.toString((long) fps) : String.format(Locale.ROOT, "%.2f", fps);
        }

        private static double round(double v, int digits) {
            double f = Math.pow(10, digits);
            return Math.round(v * f) / f;
        }

        private static String clock(long nanos) {
            long ms = nanos / 1_000_000;
            return String.format(Locale.ROOT, "%02d:%02d.%03d", ms / 60000, (ms / 1000) % 60, ms % 1000);
        }
    }
}
