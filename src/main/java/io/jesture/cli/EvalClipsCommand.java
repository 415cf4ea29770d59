package io.jesture.cli;

import io.jesture.InvalidInputException;
import io.jesture.FrameSource;
import io.jesture.GestureOptions;
import io.jesture.Provider;
import io.jesture.SourceException;
import io.jesture.internal.eval.ClipScore;
import io.jesture.internal.eval.ClipScorer;
import io.jesture.internal.eval.ClipSet;
import io.jesture.internal.eval.EvalReport;
import io.jesture.internal.eval.EvalReport.Metrics;
import io.jesture.internal.eval.EvalReport.Protocol;
import io.jesture.internal.source.FfmpegSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code jesture eval-clips}: scores a labelled set of clips (a Jester-layout split, or a CSV of video
 * files) in one JVM, by both of {@link ClipScorer}'s protocols, and writes the reports. Each worker
 * thread owns its own ONNX Runtime sessions and scores whole clips (decode, preprocess, infer), so the
 * cores stay busy without handing frames between threads.
 */
@Command(name = "eval-clips", mixinStandardHelpOptions = true,
        description = {"Score a labelled clip set: top-1/top-5, per-class accuracy, the share of '-' clips called a gesture, confusion matrices.",
                "Two protocols, both reported: every sliding window averaged (as 'jesture classify') and the centre clip (as training evaluates).",
                "INPUT is a Jester-layout dataset folder (DIR/<id>/00001.jpg ..., jester-v1-labels.csv, jester-v1-<split>.csv with id;label rows),"
                        + " or a 'file;...;accept' CSV of video files or frame folders (paths relative to the CSV's folder), where accept lists the"
                        + " labels that count as right separated by '|', or '-' for a clip where no gesture should be called.",
                "Examples: jesture eval-clips data/synth-v1 --out runs/eval",
                "          jesture eval-clips clips/labels.csv --model a.onnx b.onnx --out runs/ensemble"})
final class EvalClipsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "INPUT", description = "A Jester-layout dataset folder, or a 'file;...;accept' CSV.")
    Path input;

    @Option(names = "--split", paramLabel = "NAME", defaultValue = "validation",
            description = "Split of a Jester-layout dataset: train, validation or test (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--model", paramLabel = "FILE", arity = "1..*",
            description = "ONNX model(s); several form an ensemble (softmax fused by the normalised product, classes matched by name, each model preprocessing per its own"
                    + " contract). Default: models/jesture-r2plus1d.onnx.")
    List<Path> models;

    @Option(names = "--provider", paramLabel = "cpu|cuda|auto", defaultValue = "auto", description = "Execution provider (default: ${DEFAULT-VALUE}).")
    String provider;

    @Option(names = "--fps", paramLabel = "FPS", defaultValue = "12",
            description = "Frame rate of frame folders (default: ${DEFAULT-VALUE}, Jester's); video files play at their own rate.")
    double fps;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Write the reports here: " + "summary.json, predictions.csv, confusion-{windows,centre}.{png,json}.")
    Path out;

    @Option(names = "--overwrite", description = "Replace reports already in --out (otherwise that is an error).")
    boolean overwrite;

    @Option(names = "--workers", paramLabel = "N", defaultValue = "0",
            description = "Clips scored at once, each worker with its own model sessions (default: one per core).")
    int workers;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "ONNX Runtime threads per model and worker (default: cores / workers, at least 1).")
    int threads;

    @Option(names = "--limit", paramLabel = "N", description = "Score only the first N clips.")
    Integer limit;

    @Option(names = "--no-progress", description = "Do not draw the progress bar.")
    boolean noProgress;

    @Option(names = "--decode", paramLabel = "full|small", defaultValue = "full",
            description = "Video files decoded at their own size (full, default, comparable with the training side's evaluation) or"
                    + " near the model's input (small), as decode=small in a file: source.")
    String decode;

    @Override
    public Integer call() throws Exception {
        if (!(fps > 0)) throw new InvalidInputException("--fps must be > 0, was " + fps);
        if (workers < 0 || workers > 64) throw new InvalidInputException("--workers must be in 0..64 (0 = one per core), was " + workers);
        if (threads < 0 || threads > 256) throw new InvalidInputException("--threads must be in 0..256 (0 = cores / workers), was " + threads);
        if (limit != null && limit < 1) throw new InvalidInputException("--limit must be >= 1, was " + limit);
        if (!decode.equals("full") && !decode.equals("small")) throw new InvalidInputException("--decode must be full or small, was '" + decode + "'");
        ClipSet set = readSet();
        List<ClipSet.Clip> clips = limit == null ? set.clips() : set.clips().subList(0, Math.min(limit, set.clips().size()));
        if (out != null && !overwrite) {
            for (String f : EvalReport.FILES) {
                if (Files.exists(out.resolve(f))) {
                    throw new InvalidInputException(out.resolve(f) + " already exists: choose a new --out, or pass --overwrite to replace"
                            + " the reports there");
                }
            }
        }
        int cores = Runtime.getRuntime().availableProcessors();
        int nWorkers = Math.max(1, Math.min(workers == 0 ? cores : workers, clips.size()));
        int nThreads = threads > 0 ? threads : Math.max(1, cores / nWorkers);
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<Path> modelFiles = models == null ? List.of(GestureOptions.DEFAULT_MODEL) : models;
        Provider prov = Provider.parse(provider);

        List<ClipScorer> scorers = new ArrayList<>();
        try {
            for (int w = 0; w < nWorkers; w++) scorers.add(ClipScorer.load(modelFiles, prov, nThreads, s -> { }));
            ClipScorer first = scorers.get(0);
            set.checkLabels(first.labels());
            ClipSet scored = limit == null ? set : set.firstClips(clips.size());
            EvalReport report = new EvalReport(scored, first.labels(), first.backgroundLabels(), first.members());
            long t0 = System.nanoTime();
            run(scored, report, scorers, err);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("seconds", Math.round(seconds * 100) / 100.0);
            facts.put("clips_per_second", Math.round(clips.size() / seconds * 100) / 100.0);
            facts.put("workers", nWorkers);
            facts.put("threads_per_model", nThreads);
            facts.put("provider", prov.name().toLowerCase(Locale.ROOT));
            printSummary(stdout, scored, report, seconds, nWorkers);
            if (out != null) {
                report.write(out, facts);
                stdout.printf(Locale.ROOT, "reports in %s: %s%n", out, String.join(", ", EvalReport.FILES));
            }
            stdout.flush();
            return ExitCode.OK;
        } finally {
            for (ClipScorer s : scorers) s.close();
        }
    }

    private ClipSet readSet() throws SourceException {
        if (Files.isDirectory(input)) return ClipSet.jester(input, split, fps);
        if (Files.isRegularFile(input)) return ClipSet.csv(input, fps);
        throw new SourceException(input.toAbsolutePath() + " does not exist: pass a Jester-layout dataset folder or a 'file;...;accept' CSV");
    }

    /** Scores every clip on the workers; the first clip that cannot be opened at all stops the run. */
    private void run(ClipSet set, EvalReport report, List<ClipScorer> scorers, PrintWriter err) throws Exception {
        List<ClipSet.Clip> clips = set.clips();
        AtomicInteger cursor = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        AtomicReference<Exception> fatal = new AtomicReference<>();
        ProgressBar progress = noProgress ? null : new ProgressBar(err, "eval-clips", "clips", clips.size(), done);
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < scorers.size(); w++) {
            ClipScorer scorer = scorers.get(w);
            Thread t = new Thread(() -> {
                for (int i; fatal.get() == null && (i = cursor.getAndIncrement()) < clips.size(); ) {
                    ClipSet.Clip c = clips.get(i);
                    try {
                        FrameSource src = set.source(c);
                        if (decode.equals("small") && src instanceof FfmpegSource) ((FfmpegSource) src).decode(FfmpegSource.Decode.SMALL);
                        ClipScore s = scorer.score(src);
                        report.put(i, s);
                        if (s.failed()) {
                            String line = "jesture: clip " + c.id() + " (" + c.path() + ") stopped decoding after " + s.frames()
                                    + " frames and is left out of the scores: " + s.error();
                            if (progress != null) progress.message(line);
                            else synchronized (err) {
                                err.println(line);
                                err.flush();
                            }
                        }
                    } catch (SourceException e) {
                        fatal.compareAndSet(null, new SourceException("clip " + c.id() + ": " + e.getMessage()
                                + " (fix or remove it from the set)", e));
                    } catch (Exception | LinkageError e) {
                        fatal.compareAndSet(null, e instanceof Exception ex ? ex : new IllegalStateException(e));
                    }
                    done.incrementAndGet();
                }
            }, "jesture-eval-" + (w + 1));
            t.setDaemon(true);
            threads.add(t);
        }
        if (progress != null) progress.start();
        try {
            for (Thread t : threads) t.start();
            for (Thread t : threads) t.join();
        } finally {
            if (progress != null) progress.finish();
        }
        if (fatal.get() != null) throw fatal.get();
    }

    private static void printSummary(PrintWriter out, ClipSet set, EvalReport report, double seconds, int workers) {
        int n = set.clips().size();
        out.printf(Locale.ROOT, "eval-clips: %s, %d clips scored, %d failed part way; model %s%n", set.description(), n - report.failed(),
                report.failed(), report.modelNames());
        for (Protocol p : Protocol.values()) {
            Metrics m = report.metrics(p);
            StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "  %-8s (%s):", p.key, p.description));
            if (m.labelled() > 0) {
                sb.append(String.format(Locale.ROOT, " top-1 %.2f%% (%d/%d), top-5 %.2f%%, mean per-class %.2f%%", 100 * m.top1Accuracy(),
                        m.top1(), m.labelled(), 100 * m.top5Accuracy(), 100 * m.meanClassAccuracy()));
            }
            if (m.noGesture() > 0) {
                sb.append(String.format(Locale.ROOT, "%s '-' clips called a gesture: %d/%d (%.1f%%)", m.labelled() > 0 ? ";" : "",
                        m.noGestureCalled(), m.noGesture(), 100 * m.calledShare()));
            }
            if (m.missing() > 0) sb.append(String.format(Locale.ROOT, "; %d clips without this score", m.missing()));
            out.println(sb);
        }
        out.printf(Locale.ROOT, "  %d clips in %.1f s (%.1f clips/s, %d workers)%n", n, seconds, n / seconds, workers);
    }
}
