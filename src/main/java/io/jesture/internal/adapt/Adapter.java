package io.jesture.internal.adapt;

import io.jesture.JestureException;
import io.jesture.ModelInfo;
import io.jesture.SourceException;
import io.jesture.internal.eval.ClipSet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code jesture adapt} without the command line: reads a folder of takes, checks them, embeds every
 * take with the model and fits a {@link Profile}. Every problem with the input is a
 * {@link JestureException} whose message names the take or class and the fix.
 */
public final class Adapter {
    /** Fewer takes than this per class is refused by default: one take cannot tell the gesture from how it was done once. */
    public static final int DEFAULT_MIN_TAKES = 3;

    private Adapter() {}

    /** Rendered anchor clips per model class by default (see {@link Anchors}). */
    public static final int DEFAULT_ANCHORS = 3;

    /**
     * What was fitted, and how long each part took.
     *
     * @param takes the takes as recorded
     * @param views the takes again in each {@link TakeView} (empty without views)
     */
    public record Result(Profile profile, List<Take> takes, List<Take> views, List<Take> anchors, double embedSeconds, double anchorSeconds,
                         double fitSeconds) {}

    /**
     * Reads the takes of {@code data}: a Jester-layout folder (its {@code split} split, as
     * {@code jesture record} writes it) or a {@code file;...;accept} CSV with one label per clip.
     */
    public static ClipSet readTakes(Path data, String split, double folderFps) throws SourceException {
        if (Files.isDirectory(data)) return ClipSet.jester(data, split, folderFps);
        if (Files.isRegularFile(data)) return ClipSet.csv(data, folderFps);
        throw new SourceException("--data " + data.toAbsolutePath() + " does not exist: pass the folder 'jesture record' wrote"
                + " (Jester layout) or a 'file;...;accept' CSV");
    }

    /** The recorded classes in order of first appearance, with their takes. */
    public static Map<String, List<ClipSet.Clip>> byClass(ClipSet set) throws SourceException {
        Map<String, List<ClipSet.Clip>> out = new LinkedHashMap<>();
        for (ClipSet.Clip c : set.clips()) {
            if (c.accept().size() != 1) {
                throw new SourceException("take " + c.id() + " names " + (c.accept().isEmpty() ? "no gesture ('-')" : "several gestures "
                        + c.accept()) + ": every take used for adaptation shows exactly one gesture; give it one label");
            }
            out.computeIfAbsent(c.accept().get(0), k -> new ArrayList<>()).add(c);
        }
        return out;
    }

    /** Refuses a class with fewer than {@code minTakes} takes. */
    public static void checkTakeCounts(Map<String, List<ClipSet.Clip>> classes, int minTakes, Path data) throws JestureException {
        for (Map.Entry<String, List<ClipSet.Clip>> e : classes.entrySet()) {
            if (e.getValue().size() < minTakes) {
                throw new JestureException("gesture '" + e.getKey() + "' has " + e.getValue().size() + " take"
                        + (e.getValue().size() == 1 ? "" : "s") + " in " + data + " but adaptation needs at least " + minTakes
                        + ": record more with 'jesture record --gesture \"" + e.getKey() + "\" --takes " + minTakes + "'"
                        + " (or lower --min-takes)");
            }
        }
    }

    /**
     * Embeds every take, checking each as it comes, and fits the head.
     *
     * @param progress receives each take once it is embedded
     */
    public static Result adapt(TakeEmbedder embedder, ClipSet set, Map<String, List<ClipSet.Clip>> classes,
                               HeadFitter fitter, boolean padShort, int anchorsPerClass, Consumer<Take> progress)
            throws JestureException, InterruptedException {
        return adapt(embedder, set, classes, fitter, padShort, anchorsPerClass, TakeView.TIME, progress);
    }

    /**
     * As above, embedding every take also in each of {@code views} (none: only as recorded); the head
     * fits on all of them, each take weighing the same however many views it has.
     */
    public static Result adapt(TakeEmbedder embedder, ClipSet set, Map<String, List<ClipSet.Clip>> classes,
                               HeadFitter fitter, boolean padShort, int anchorsPerClass, List<TakeView> views, Consumer<Take> progress)
            throws JestureException, InterruptedException {
        ModelInfo info = embedder.info();
        List<Take> takes = new ArrayList<>();
        List<Take> viewed = new ArrayList<>();
        long t0 = System.nanoTime();
        Take first = null;
        for (List<ClipSet.Clip> clips : classes.values()) {
            for (ClipSet.Clip c : clips) {
                List<Take> all = embedder.embedViews(c.id(), c.accept().get(0), set.source(c), views);
                Take t = all.get(0);
                if (first == null) first = t;
                checkTake(t, first, info, padShort);
                takes.add(t);
                viewed.addAll(all.subList(1, all.size()));
                progress.accept(t);
            }
        }
        double embedSeconds = (System.nanoTime() - t0) / 1e9;
        long ta = System.nanoTime();
        List<Take> anchors = Anchors.embed(embedder, anchorsPerClass);
        double anchorSeconds = (System.nanoTime() - ta) / 1e9;
        List<String> sha = new ArrayList<>();
        for (Path model : embedder.models()) {
            try {
                sha.add(Profile.sha256(model));
            } catch (IOException e) {
                throw new JestureException("cannot read model " + model + ": " + e.getMessage(), e);
            }
        }
        long t1 = System.nanoTime();
        List<Take> fitOn = new ArrayList<>(takes);
        fitOn.addAll(viewed);
        Profile p = fitter.fit(fitOn, anchors, info.labels(), new ArrayList<>(classes.keySet()), embedder.members(sha));
        // The rest guard (ProfileHead) protects the model's first background class, Jester's "No gesture".
        if (!info.backgroundLabels().isEmpty()) p.info().put("rest_label", info.backgroundLabels().get(0));
        p.info().put("takes", takes.size());
        p.info().put("views", views.stream().map(TakeView::name).collect(java.util.stream.Collectors.joining(",")));
        return new Result(p, takes, viewed, anchors, embedSeconds, anchorSeconds, (System.nanoTime() - t1) / 1e9);
    }

    /** A take must cover one clip (unless padShort), and every take must have the first one's frame size. */
    static void checkTake(Take t, Take first, ModelInfo info, boolean padShort) throws JestureException {
        if (t.width() != first.width() || t.height() != first.height()) {
            throw new JestureException("take " + t.id() + " is " + t.width() + "x" + t.height() + " but take " + first.id() + " is "
                    + first.width() + "x" + first.height() + ": the takes of one profile come from one camera at one size;"
                    + " record them again with one source, or adapt on each size separately");
        }
        if (t.modelFrames() < info.clipLength() && !padShort) {
            throw new JestureException(String.format(Locale.ROOT, "take %s (%s) is %.1f s long, %d frames at the model's %s fps, shorter than"
                            + " one clip of %d frames (%.1f s): record it again for at least %.1f s, remove it, or pass --pad-short",
                    t.id(), t.label(), (t.modelFrames() - 1) / info.fps(), t.modelFrames(), fps(info.fps()), info.clipLength(),
                    info.clipLength() / info.fps(), info.clipLength() / info.fps()));
        }
    }

    private static String fps(double f) {
        return f == Math.rint(f) ? String.valueOf((long) f) : String.valueOf(f);
    }
}
