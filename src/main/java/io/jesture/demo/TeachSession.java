package io.jesture.demo;

import io.jesture.JestureException;
import io.jesture.ModelInfo;
import io.jesture.Provider;
import io.jesture.internal.adapt.Adapter;
import io.jesture.internal.adapt.HeadFitter;
import io.jesture.internal.adapt.Profile;
import io.jesture.internal.adapt.Recorder;
import io.jesture.internal.adapt.TakeEmbedder;
import io.jesture.internal.adapt.TakeWriter;
import io.jesture.internal.eval.ClipSet;
import io.jesture.internal.model.ModelContract;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The work behind the demo's Teach mode, on one named thread, {@code jesture-demo-teach}: recording
 * takes from the window's own frames with the same {@link Recorder} and {@link TakeWriter} as
 * {@code jesture record} (so the folder is in Jester's layout, exactly as {@code record} writes it),
 * and adapting on them with the same {@link Adapter} as {@code jesture adapt}. Progress goes to a
 * {@link Listener}, called on that thread; the Teach panel moves it to the EDT.
 */
final class TeachSession implements AutoCloseable {
    /** What the Teach panel hears. Called on {@code jesture-demo-teach}. */
    interface Listener extends Recorder.Cues {
        /** The recording stopped: all {@code of} takes saved, or {@code problem} (cancelled, the source stopped) after {@code saved}. */
        void recorded(String gesture, int saved, int of, String problem, Map<String, Integer> folder);

        /** A line of progress while adapting. */
        void adapting(String progress);

        /** The profile is written and the recognizer runs with it. */
        void adapted(Path profile, String summary);

        /** Adapting here is not possible or failed: why, and the command that does it by hand. */
        void adaptFailed(String why, String command);
    }

    /** Starts the recognizer again with a profile; returns when it runs. */
    interface ProfileLoader {
        void load(Path profile) throws JestureException;
    }

    private final Path dir;
    private final List<Path> models;
    private final Provider provider;
    private final double countdown;
    private final DemoFeed feed;
    private final ProfileLoader loader;
    private final PrintWriter out;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "jesture-demo-teach");
        t.setDaemon(true);
        return t;
    });
    private volatile LiveTakes recording;

    /**
     * @param dir       the folder of takes (created on the first take)
     * @param models    the recognizer's models: adapting in the window needs exactly one
     * @param countdown seconds of countdown before each take
     */
    TeachSession(Path dir, List<Path> models, Provider provider, double countdown, DemoFeed feed, ProfileLoader loader, PrintWriter out) {
        this.dir = dir;
        this.models = List.copyOf(models);
        this.provider = provider;
        this.countdown = countdown;
        this.feed = feed;
        this.loader = loader;
        this.out = out;
    }

    Path dir() {
        return dir;
    }

    double countdown() {
        return countdown;
    }

    /** Takes per gesture already in the folder, in the order they were first recorded. */
    Map<String, Integer> folderCounts() {
        Map<String, Integer> out = new LinkedHashMap<>();
        Path train = dir.resolve("jester-v1-train.csv");
        if (!Files.isRegularFile(train)) return out;
        try {
            for (String row : Files.readAllLines(train)) {
                int semi = row.indexOf(';');
                if (semi > 0) out.merge(row.substring(semi + 1).strip(), 1, Integer::sum);
            }
        } catch (IOException e) {
            // shown as an empty folder; recording will report the real problem
        }
        return out;
    }

    /** The length of each take for {@code info}'s model: one clip plus a second, as {@code jesture record}. */
    static double takeSeconds(ModelInfo info) {
        return Recorder.defaultSeconds(info);
    }

    /** Records {@code takes} takes of {@code gesture} in the background; the listener hears each step. */
    void record(String gesture, int takes, ModelInfo info, Listener l) {
        LiveTakes live = new LiveTakes("the demo's source", 5_000_000_000L);
        recording = live;
        submit(() -> {
            int[] saved = {0};
            String problem = null;
            try (TakeWriter writer = new TakeWriter(dir)) {
                feed.takes(live);
                Recorder.Settings s = new Recorder.Settings(gesture, takes, takeSeconds(info), countdown, Recorder.DEFAULT_FPS);
                Recorder.record(live, writer, s, new Recorder.Cues() {
                    @Override
                    public void countdown(int take, int of, int left) {
                        l.countdown(take, of, left);
                    }

                    @Override
                    public void go(int take, int of) {
                        l.go(take, of);
                    }

                    @Override
                    public void saved(int take, int of, Path folder, int frames) {
                        saved[0] = take;
                        l.saved(take, of, folder, frames);
                    }
                });
            } catch (JestureException e) {
                // A cancel closes the source: the recorder then reports a source that ended during the take.
                problem = live.cancelled() ? "cancelled" : e.getMessage();
            } catch (IOException | RuntimeException e) {
                problem = "could not write the takes to " + dir + ": " + e.getMessage();
            } finally {
                feed.takes(null);
                live.close();
                recording = null;
            }
            l.recorded(gesture, saved[0], takes, problem, folderCounts());
        });
    }

    /** Stops a recording: the take under way is dropped, the ones before it stay. */
    void cancel() {
        LiveTakes r = recording;
        if (r != null) r.cancel();
    }

    /** Adapts on every take in the folder, writes a new profile beside it, and loads it. */
    void adapt(ModelInfo info, Listener shown) {
        // The terminal gets the outcome too: a command can be copied from there, not from the window.
        Listener l = new Listener() {
            @Override
            public void countdown(int take, int of, int left) { }

            @Override
            public void go(int take, int of) { }

            @Override
            public void saved(int take, int of, Path folder, int frames) { }

            @Override
            public void recorded(String gesture, int saved, int of, String problem, Map<String, Integer> folder) { }

            @Override
            public void adapting(String progress) {
                shown.adapting(progress);
            }

            @Override
            public void adapted(Path profile, String summary) {
                out.println("Teach: wrote " + profile + " (" + summary + ") and runs with it");
                out.flush();
                shown.adapted(profile, summary);
            }

            @Override
            public void adaptFailed(String why, String command) {
                out.println("Teach: cannot adapt here: " + why);
                out.println("  by hand: " + command.replace("\n", "\n           "));
                out.flush();
                shown.adaptFailed(why, command);
            }
        };
        submit(() -> {
            String command = command();
            if (!info.metadata().containsKey(ModelContract.EMBEDDING_DIM_KEY)) {
                l.adaptFailed(TakeEmbedder.noEmbedding(info), command);
                return;
            }
            try {
                l.adapting("Reading the takes in " + dir + "…");
                ClipSet set = Adapter.readTakes(dir, "train", Recorder.DEFAULT_FPS);
                Map<String, List<ClipSet.Clip>> classes = Adapter.byClass(set);
                Adapter.checkTakeCounts(classes, Adapter.DEFAULT_MIN_TAKES, dir);
                Adapter.Result r;
                // An ensemble adapts as one: the profile reads every member's embedding and runs on that ensemble.
                try (TakeEmbedder embedder = TakeEmbedder.load(models, provider, 0)) {
                    int[] done = {0};
                    int all = set.clips().size();
                    l.adapting(String.format(Locale.ROOT, "Embedding %d takes of %d gestures…", all, classes.size()));
                    r = Adapter.adapt(embedder, set, classes, HeadFitter.defaults(), false, Adapter.DEFAULT_ANCHORS,
                            t -> {
                                if (++done[0] == all) {
                                    l.adapting(String.format(Locale.ROOT, "Rendering and embedding %d anchors per class, then fitting…",
                                            Adapter.DEFAULT_ANCHORS));
                                }
                            });
                }
                Path out = profileFile(dir);
                Profile p = r.profile();
                p.write(out, false);
                l.adapting("Starting the recognizer with " + out.getFileName() + "…");
                loader.load(out);
                int added = p.labels().size() - p.modelLabels().size();
                l.adapted(out, String.format(Locale.ROOT, "%s from %d takes, %d new; adapted in %.1f s", plural(classes.size(), "gesture"),
                        r.takes().size(), added, r.embedSeconds() + r.anchorSeconds() + r.fitSeconds()));
            } catch (JestureException | IOException | RuntimeException e) {
                l.adaptFailed(String.valueOf(e.getMessage()), command);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** What adapting by hand looks like, with this folder and model: two commands, one a line. */
    String command() {
        Path profile = profileFile(dir);
        String model = models.isEmpty() ? "MODEL.onnx"
                : models.stream().map(m -> quote(m.toString())).collect(java.util.stream.Collectors.joining(" "));
        return "jesture adapt --data " + quote(dir.toAbsolutePath().normalize().toString()) + " --model " + model + " --out "
                + quote(profile.toString()) + "\njesture demo --model " + model + " --profile " + quote(profile.toString());
    }

    static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** {@code DIR.profile} beside the folder, or {@code DIR-2.profile}, ...: a profile is never replaced. */
    static Path profileFile(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        String stem = abs.getFileName() == null ? "takes" : abs.getFileName().toString();
        Path parent = abs.getParent() == null ? abs : abs.getParent();
        Path p = parent.resolve(stem + ".profile");
        for (int i = 2; Files.exists(p); i++) p = parent.resolve(stem + "-" + i + ".profile");
        return p;
    }

    private static String quote(String s) {
        return s.matches("[A-Za-z0-9_./:=@+-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    private void submit(Runnable r) {
        try {
            worker.execute(r);
        } catch (RejectedExecutionException closed) {
            // the window is closing
        }
    }

    /** Stops a recording under way and the worker; gives it a few seconds to let go of the folder. */
    @Override
    public void close() {
        cancel();
        worker.shutdownNow();
        try {
            worker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
