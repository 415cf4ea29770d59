package io.jesture.internal.eval;

import io.jesture.FrameSource;
import io.jesture.SourceException;
import io.jesture.internal.source.FfmpegSource;
import io.jesture.internal.source.FrameFolderSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A labelled set of clips to score, read from one of two layouts:
 * <ul>
 *   <li>20BN-Jester's: {@code ROOT/<id>/00001.jpg ...} (or {@code ROOT/20bn-jester-v1/<id>/...}),
 *       {@code ROOT/jester-v1-labels.csv} and {@code ROOT/jester-v1-<split>.csv} with {@code id;label}
 *       rows. Frame folders play at a given fps (Jester's 12).</li>
 *   <li>A CSV of clips, {@code file;...;accept}: the first column a video file or frame folder
 *       (relative to the CSV's folder), the last the labels that count as right, separated by
 *       {@code |}, or {@code -} for a clip where no gesture should be called. Columns between are
 *       kept as information; a header row starting {@code file;} is skipped.</li>
 * </ul>
 * Every problem (a missing file, a malformed row, a clip that does not exist) is a
 * {@link SourceException} naming the file, the line and the fix.
 */
public final class ClipSet {
    /** Jester's split names and the training side's file names (src/train/jesture_train/data.py). */
    public static final List<String> SPLITS = List.of("train", "validation", "test");
    public static final String LABELS_FILE = "jester-v1-labels.csv";
    static final String JESTER_FRAMES_SUBDIR = "20bn-jester-v1";
    /** The accept value of a clip where no gesture should be called. */
    public static final String NO_GESTURE = "-";

    /**
     * One clip with what counts as right.
     *
     * @param id     the Jester id, or the CSV's file column
     * @param path   the video file or frame folder
     * @param accept labels that count as a right top-1; empty: no gesture should be called
     * @param group  the row of the confusion matrix: the Jester label, or the CSV's accept value
     * @param info   the CSV's middle columns ({@code ;}-joined), or empty
     */
    public record Clip(String id, Path path, List<String> accept, String group, String info) {
        public boolean expectsNoGesture() {
            return accept.isEmpty();
        }
    }

    private final String description;
    private final List<Clip> clips;
    private final List<String> infoColumns;
    private final double folderFps;
    private final boolean jester;

    private ClipSet(String description, boolean jester, List<Clip> clips, List<String> infoColumns, double folderFps) {
        this.description = description;
        this.jester = jester;
        this.clips = List.copyOf(clips);
        this.infoColumns = List.copyOf(infoColumns);
        this.folderFps = folderFps;
    }

    /** Reads split {@code split} of a Jester-layout dataset. Checks that every clip folder exists. */
    public static ClipSet jester(Path root, String split, double folderFps) throws SourceException {
        if (!SPLITS.contains(split)) throw new SourceException("unknown split '" + split + "': use one of " + SPLITS);
        if (!Files.isDirectory(root)) throw new SourceException("dataset folder " + root.toAbsolutePath() + " does not exist");
        Path labelsFile = root.resolve(LABELS_FILE);
        List<String> labels = new ArrayList<>();
        for (String line : lines(labelsFile, "a Jester-layout dataset has " + LABELS_FILE + ", one label per line;"
                + " make one with 'jesture synth --out DIR'")) {
            if (!line.isBlank()) labels.add(line.strip());
        }
        Path splitFile = root.resolve("jester-v1-" + split + ".csv");
        List<String> rows = lines(splitFile, "the " + split + " split of a Jester-layout dataset lists 'id;label' rows");
        Path frames = Files.isDirectory(root.resolve(JESTER_FRAMES_SUBDIR)) ? root.resolve(JESTER_FRAMES_SUBDIR) : root;
        List<Clip> clips = new ArrayList<>();
        for (int n = 0; n < rows.size(); n++) {
            String line = rows.get(n).strip();
            if (line.isEmpty()) continue;
            int semi = line.indexOf(';');
            if (semi < 0) {
                throw new SourceException(splitFile + ":" + (n + 1) + ": '" + line + "' has no label (expected 'id;label');"
                        + " an unlabelled split (such as Jester's test split) cannot be scored");
            }
            String id = line.substring(0, semi).strip();
            String label = line.substring(semi + 1).strip();
            if (!labels.contains(label)) {
                throw new SourceException(splitFile + ":" + (n + 1) + ": label '" + label + "' is not in " + labelsFile);
            }
            Path dir = frames.resolve(id);
            if (!Files.isDirectory(dir)) {
                throw new SourceException(splitFile + ":" + (n + 1) + ": clip folder " + dir + " does not exist");
            }
            clips.add(new Clip(id, dir, List.of(label), label, ""));
        }
        if (clips.isEmpty()) throw new SourceException(splitFile + " lists no clips: the " + split + " split is empty");
        return new ClipSet(root + " (" + split + " split)", true, clips, List.of(), folderFps);
    }

    /** Reads a {@code file;...;accept} CSV. Checks that every clip exists. */
    public static ClipSet csv(Path csv, double folderFps) throws SourceException {
        List<String> rows = lines(csv, "a clip list has 'file;...;accept' rows");
        Path base = csv.toAbsolutePath().getParent();
        List<Clip> clips = new ArrayList<>();
        List<String> infoColumns = new ArrayList<>();
        int columns = -1;
        for (int n = 0; n < rows.size(); n++) {
            String line = rows.get(n);
            if (line.isBlank()) continue;
            String[] f = line.split(";", -1);
            for (int i = 0; i < f.length; i++) f[i] = f[i].strip();
            String where = csv + ":" + (n + 1);
            if (f.length < 2) throw new SourceException(where + ": '" + line + "' is not 'file;...;accept'");
            if (columns < 0) {
                columns = f.length;
                if (f[0].equalsIgnoreCase("file") && f[f.length - 1].equalsIgnoreCase("accept")) {
                    for (int i = 1; i < f.length - 1; i++) infoColumns.add(f[i]);
                    continue;
                }
                for (int i = 1; i < f.length - 1; i++) infoColumns.add("column" + (i + 1));
            }
            if (f.length != columns) {
                throw new SourceException(where + ": " + f.length + " columns where the first row has " + columns);
            }
            if (f[0].isEmpty()) throw new SourceException(where + ": the file column is empty");
            String accept = f[f.length - 1];
            List<String> labels = new ArrayList<>();
            if (!accept.equals(NO_GESTURE)) {
                for (String l : accept.split("\\|")) {
                    if (l.isBlank()) throw new SourceException(where + ": accept '" + accept + "' has an empty label; separate labels with '|', or use '-'");
                    labels.add(l.strip());
                }
            }
            Path path = base.resolve(f[0]);
            if (!Files.exists(path)) throw new SourceException(where + ": " + path + " does not exist");
            String info = String.join(";", java.util.Arrays.asList(f).subList(1, f.length - 1));
            clips.add(new Clip(f[0], path, List.copyOf(labels), labels.isEmpty() ? NO_GESTURE : String.join("|", labels), info));
        }
        if (clips.isEmpty()) throw new SourceException(csv + " lists no clips: add 'file;...;accept' rows");
        return new ClipSet(csv.toString(), false, clips, infoColumns, folderFps);
    }

    private static List<String> lines(Path file, String what) throws SourceException {
        if (!Files.isRegularFile(file)) throw new SourceException(file.toAbsolutePath() + " does not exist: " + what);
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (!lines.isEmpty() && lines.get(0).startsWith("\uFEFF")) lines.set(0, lines.get(0).substring(1));
            return lines;
        } catch (IOException e) {
            throw new SourceException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks every label the set names against the model's labels.
     *
     * @throws SourceException naming the first unknown label and the model's labels
     */
    public void checkLabels(Collection<String> modelLabels) throws SourceException {
        for (Clip c : clips) {
            for (String l : c.accept()) {
                if (!modelLabels.contains(l)) {
                    throw new SourceException(description + ", clip " + c.id() + ": label '" + l + "' is not one of the model's "
                            + modelLabels.size() + " labels (" + String.join(", ", modelLabels) + ")");
                }
            }
        }
    }

    /** The source that plays a clip: a frame folder at this set's fps, or a video file at its own rate. */
    public FrameSource source(Clip clip) {
        return Files.isDirectory(clip.path()) ? new FrameFolderSource(clip.path(), folderFps, false, FfmpegSource.Pace.FAST)
                : FfmpegSource.file(clip.path(), false, FfmpegSource.Pace.FAST);
    }

    /** The same set cut to its first {@code n} clips. */
    public ClipSet firstClips(int n) {
        return new ClipSet(description + ", first " + n, jester, clips.subList(0, Math.min(n, clips.size())), infoColumns, folderFps);
    }

    public List<Clip> clips() {
        return clips;
    }

    /** Names of the CSV's middle columns (empty for a Jester split). */
    public List<String> infoColumns() {
        return infoColumns;
    }

    /** The distinct confusion rows in order of first appearance. */
    public List<String> groups() {
        Set<String> g = new LinkedHashSet<>();
        for (Clip c : clips) g.add(c.group());
        return List.copyOf(g);
    }

    /** Whether this is a Jester split (one label per clip) rather than a CSV of clips. */
    public boolean isJester() {
        return jester;
    }

    public String description() {
        return description;
    }

    public double folderFps() {
        return folderFps;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: %d clips", description, clips.size());
    }
}
