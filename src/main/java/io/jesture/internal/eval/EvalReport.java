package io.jesture.internal.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jesture.ModelInfo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The scores of a {@link ClipSet}, by both protocols: top-1 and top-5, per-class accuracy, the share of
 * {@code -} clips called a gesture, confusion matrices, and the files that hold them. A clip counts as
 * right when its top-1 is one of its accepted labels (top-5: any of its five best is); a clip is called
 * a gesture when its top-1 is not a background label. Clips whose source failed part way are listed
 * but kept out of every figure.
 */
public final class EvalReport {
    /** The two protocols of {@link ClipScorer}. */
    public enum Protocol {
        WINDOWS("windows", "every window averaged, as jesture classify"),
        CENTRE("centre", "centre clip, as training evaluates");

        public final String key;
        public final String description;

        Protocol(String key, String description) {
            this.key = key;
            this.description = description;
        }
    }

    /**
     * One confusion row.
     *
     * @param group            the Jester label, or the CSV's accept value
     * @param clips            scored clips in it
     * @param right            of them, right (for {@code -}: not called a gesture)
     * @param mostConfusedWith the most frequent wrong top-1, or null
     * @param confusedCount    how often
     */
    public record GroupScore(String group, int clips, int right, String mostConfusedWith, int confusedCount) {
        public Double accuracy() {
            return clips == 0 ? null : (double) right / clips;
        }
    }

    /**
     * One protocol's figures.
     *
     * @param labelled          scored clips with accepted labels
     * @param top1              of them, right at top-1
     * @param top5              right within the top 5
     * @param noGesture         scored {@code -} clips
     * @param noGestureCalled   of them, called a gesture
     * @param missing           scored clips without this protocol's score (centre clip of an over-long clip)
     * @param groups            per confusion row
     * @param confusion         [row][label] counts of top-1 predictions
     */
    public record Metrics(int labelled, int top1, int top5, int noGesture, int noGestureCalled, int missing,
                          List<GroupScore> groups, int[][] confusion) {
        public double top1Accuracy() {
            return labelled == 0 ? Double.NaN : (double) top1 / labelled;
        }

        public double top5Accuracy() {
            return labelled == 0 ? Double.NaN : (double) top5 / labelled;
        }

        public double calledShare() {
            return noGesture == 0 ? Double.NaN : (double) noGestureCalled / noGesture;
        }

        /** Mean over the rows with accepted labels and at least one clip. */
        public double meanClassAccuracy() {
            double sum = 0;
            int n = 0;
            for (GroupScore g : groups) {
                if (g.clips() > 0 && !g.group().equals(ClipSet.NO_GESTURE)) {
                    sum += g.accuracy();
                    n++;
                }
            }
            return n == 0 ? Double.NaN : sum / n;
        }
    }

    private final ClipSet set;
    private final List<String> labels;
    private final Set<String> background;
    private final List<ModelInfo> models;
    private final List<String> rows;
    private final ClipScore[] scores;

    public EvalReport(ClipSet set, List<String> labels, Set<String> background, List<ModelInfo> models) {
        this.set = set;
        this.labels = List.copyOf(labels);
        this.background = Set.copyOf(background);
        this.models = List.copyOf(models);
        // A Jester split's confusion matrix is square over the model's labels, as training draws it.
        this.rows = set.isJester() ? this.labels : set.groups();
        this.scores = new ClipScore[set.clips().size()];
    }

    /** Records clip {@code index}'s score; thread-safe for distinct indices once all are in. */
    public synchronized void put(int index, ClipScore score) {
        scores[index] = score;
    }

    public List<String> rows() {
        return rows;
    }

    public List<String> labels() {
        return labels;
    }

    public int failed() {
        int n = 0;
        for (ClipScore s : scores) if (s != null && s.failed()) n++;
        return n;
    }

    /** Clips with a score (failed or not). */
    public int done() {
        int n = 0;
        for (ClipScore s : scores) if (s != null) n++;
        return n;
    }

    private static float[] probs(ClipScore s, Protocol p) {
        return p == Protocol.WINDOWS ? s.windowMean() : s.centre();
    }

    /** The top-1 label's index of a score by a protocol, or -1 when the protocol has none for it. */
    private static int top1(ClipScore s, Protocol p) {
        float[] q = probs(s, p);
        if (q == null) return -1;
        int top = 0;
        for (int i = 1; i < q.length; i++) if (q[i] > q[top]) top = i;
        return top;
    }

    private boolean called(int label) {
        return !background.contains(labels.get(label));
    }

    public synchronized Metrics metrics(Protocol p) {
        int k = labels.size();
        int[][] confusion = new int[rows.size()][k];
        int[] groupClips = new int[rows.size()];
        int[] groupRight = new int[rows.size()];
        int labelled = 0, top1 = 0, top5 = 0, none = 0, noneCalled = 0, missing = 0;
        List<ClipSet.Clip> clips = set.clips();
        for (int i = 0; i < clips.size(); i++) {
            ClipScore s = scores[i];
            if (s == null || s.failed()) continue;
            float[] q = probs(s, p);
            if (q == null) {
                missing++;
                continue;
            }
            ClipSet.Clip c = clips.get(i);
            int[] order = ClipScore.ranking(q);
            int row = rows.indexOf(c.group());
            confusion[row][order[0]]++;
            groupClips[row]++;
            if (c.expectsNoGesture()) {
                none++;
                if (called(order[0])) noneCalled++;
                else groupRight[row]++;
            } else {
                labelled++;
                if (c.accept().contains(labels.get(order[0]))) {
                    top1++;
                    groupRight[row]++;
                }
                for (int r = 0; r < Math.min(5, k); r++) {
                    if (c.accept().contains(labels.get(order[r]))) {
                        top5++;
                        break;
                    }
                }
            }
        }
        List<GroupScore> groups = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            int worst = -1;
            for (int j = 0; j < k; j++) {
                if (isRight(rows.get(r), j) || confusion[r][j] == 0) continue;
                if (worst < 0 || confusion[r][j] > confusion[r][worst]) worst = j;
            }
            groups.add(new GroupScore(rows.get(r), groupClips[r], groupRight[r], worst < 0 ? null : labels.get(worst),
                    worst < 0 ? 0 : confusion[r][worst]));
        }
        return new Metrics(labelled, top1, top5, none, noneCalled, missing, groups, confusion);
    }

    /** Whether predicting label {@code j} is right for confusion row {@code group}. */
    public boolean isRight(String group, int j) {
        if (group.equals(ClipSet.NO_GESTURE)) return !called(j);
        for (String l : group.split("\\|")) if (l.equals(labels.get(j))) return true;
        return false;
    }

    // ---- files ------------------------------------------------------------------------------------

    /** The report files {@link #write} creates, for checking that none would be overwritten. */
    public static final List<String> FILES = List.of("summary.json", "predictions.csv", "confusion-windows.json",
            "confusion-windows.png", "confusion-centre.json", "confusion-centre.png");

    /**
     * Writes every report into {@code dir} (created if missing).
     *
     * @param run facts about the run for summary.json (timing, workers)
     */
    public synchronized void write(Path dir, Map<String, Object> run) throws IOException {
        Files.createDirectories(dir);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        writeString(dir.resolve("summary.json"), json.writeValueAsString(summary(json, run)) + "\n");
        writeString(dir.resolve("predictions.csv"), predictionsCsv());
        for (Protocol p : Protocol.values()) {
            Metrics m = metrics(p);
            ObjectNode c = json.createObjectNode().put("protocol", p.key).put("description", p.description)
                    .put("rows_are", set.isJester() ? "true label" : "accept value of the CSV")
                    .put("columns_are", "top-1 label");
            ArrayNode r = c.putArray("rows");
            rows.forEach(r::add);
            ArrayNode cols = c.putArray("columns");
            labels.forEach(cols::add);
            ArrayNode counts = c.putArray("counts");
            for (int[] row : m.confusion()) {
                ArrayNode a = counts.addArray();
                for (int v : row) a.add(v);
            }
            writeString(dir.resolve("confusion-" + p.key + ".json"), json.writeValueAsString(c) + "\n");
            ConfusionChart.write(dir.resolve("confusion-" + p.key + ".png"), title(p, m), rows, labels, m.confusion(), this::isRight);
        }
    }

    private String title(Protocol p, Metrics m) {
        StringBuilder sb = new StringBuilder(modelNames()).append(" on ").append(set.description()).append(" - ")
                .append(p.description).append(": ");
        if (m.labelled() > 0) {
            sb.append(String.format(Locale.ROOT, "top-1 %.1f%% of %d", 100 * m.top1Accuracy(), m.labelled()));
        }
        if (m.noGesture() > 0) {
            sb.append(m.labelled() > 0 ? ", " : "").append(String.format(Locale.ROOT, "'-' called a gesture %d of %d",
                    m.noGestureCalled(), m.noGesture()));
        }
        return sb.toString();
    }

    public String modelNames() {
        StringBuilder sb = new StringBuilder();
        for (ModelInfo m : models) sb.append(sb.length() == 0 ? "" : " + ").append(m.file().getFileName());
        return sb.toString();
    }

    private ObjectNode summary(ObjectMapper json, Map<String, Object> run) {
        ObjectNode n = json.createObjectNode();
        ArrayNode ms = n.putArray("models");
        for (ModelInfo m : models) {
            ms.addObject().put("file", m.file().toString()).put("arch", m.arch())
                    .put("input", (io.jesture.internal.model.ModelContract.inputChannels(m) == 2 ? "flow [2, " : "[3, ") + m.clipLength() + ", " + m.frameHeight() + ", " + m.frameWidth() + "]")
                    .put("fps", m.fps()).put("color_order", m.colorOrder())
                    .put("mean", java.util.Arrays.toString(m.mean())).put("std", java.util.Arrays.toString(m.std()));
        }
        ObjectNode in = n.putObject("input").put("set", set.description()).put("layout", set.isJester() ? "jester" : "csv")
                .put("frame_folder_fps", set.folderFps());
        int clips = set.clips().size();
        in.put("clips", clips);
        ArrayNode failed = n.putArray("failed");
        Map<String, Integer> fps = new TreeMap<>();
        for (int i = 0; i < clips; i++) {
            ClipScore s = scores[i];
            if (s == null) continue;
            if (s.failed()) failed.addObject().put("clip", set.clips().get(i).id()).put("frames_read", s.frames()).put("error", s.error());
            fps.merge(fpsKey(s.fps()), 1, Integer::sum);
        }
        ObjectNode f = in.putObject("clips_by_fps_played");
        fps.forEach(f::put);
        n.put("scored", done() - failed());
        n.put("background_labels", String.join("|", background));
        ObjectNode protocols = n.putObject("protocols");
        for (Protocol p : Protocol.values()) {
            Metrics m = metrics(p);
            ObjectNode o = protocols.putObject(p.key).put("description", p.description);
            o.put("labelled_clips", m.labelled());
            putRate(o, "top1", m.top1Accuracy());
            putRate(o, "top5", m.top5Accuracy());
            o.put("top1_right", m.top1()).put("top5_right", m.top5());
            putRate(o, "mean_class_accuracy", m.meanClassAccuracy());
            o.put("no_gesture_clips", m.noGesture()).put("no_gesture_called_a_gesture", m.noGestureCalled());
            putRate(o, "no_gesture_called_share", m.calledShare());
            if (m.missing() > 0) o.put("clips_without_this_score", m.missing());
            ArrayNode per = o.putArray("per_class");
            for (GroupScore g : m.groups()) {
                ObjectNode gn = per.addObject().put("class", g.group()).put("clips", g.clips()).put("right", g.right());
                if (g.group().equals(ClipSet.NO_GESTURE)) gn.put("right_means", "not called a gesture");
                putRate(gn, "accuracy", g.accuracy() == null ? Double.NaN : g.accuracy());
                if (g.mostConfusedWith() != null) gn.put("most_confused_with", g.mostConfusedWith()).put("confused_count", g.confusedCount());
            }
            if (!set.infoColumns().isEmpty()) byInfo(o.putObject("by_" + set.infoColumns().get(0)), p);
        }
        ObjectNode r = n.putObject("run");
        run.forEach((key, v) -> r.putPOJO(key, v));
        return n;
    }

    /** Per value of the CSV's first middle column: clips, right or called. */
    private void byInfo(ObjectNode out, Protocol p) {
        Map<String, int[]> by = new TreeMap<>(); // clips, right, called
        List<ClipSet.Clip> clips = set.clips();
        for (int i = 0; i < clips.size(); i++) {
            ClipScore s = scores[i];
            if (s == null || s.failed() || probs(s, p) == null) continue;
            ClipSet.Clip c = clips.get(i);
            int t = top1(s, p);
            int[] v = by.computeIfAbsent(c.info().split(";", -1)[0], x -> new int[3]);
            v[0]++;
            if (!c.expectsNoGesture() && c.accept().contains(labels.get(t))) v[1]++;
            if (called(t)) v[2]++;
        }
        by.forEach((key, v) -> out.putObject(key).put("clips", v[0]).put("right", v[1]).put("called_a_gesture", v[2]));
    }

    private static void putRate(ObjectNode o, String key, double v) {
        if (Double.isNaN(v)) o.putNull(key);
        else o.put(key, Math.round(v * 1e6) / 1e6);
    }

    private static String fpsKey(double fps) {
        return fps == Math.rint(fps) ? Long.toString((long) fps) : String.format(Locale.ROOT, "%.3f", fps);
    }

    /** One row per clip, in the set's order; {@code ;}-separated like the inputs. */
    public synchronized String predictionsCsv() {
        StringBuilder sb = new StringBuilder("clip;path");
        for (String c : set.infoColumns()) sb.append(';').append(c);
        sb.append(";accept;frames;fps_played;seconds;windows");
        for (Protocol p : Protocol.values()) {
            sb.append(';').append(p.key).append("_top1;").append(p.key).append("_p;").append(p.key).append("_top5;")
                    .append(p.key).append("_right;").append(p.key).append("_called_gesture");
        }
        sb.append(";error\n");
        List<ClipSet.Clip> clips = set.clips();
        for (int i = 0; i < clips.size(); i++) {
            ClipSet.Clip c = clips.get(i);
            ClipScore s = scores[i];
            sb.append(clean(c.id())).append(';').append(clean(c.path().toString()));
            if (!set.infoColumns().isEmpty()) sb.append(';').append(c.info());
            sb.append(';').append(c.group());
            if (s == null) {
                sb.append(";;;;").append(";;;;;".repeat(Protocol.values().length)).append(";not scored\n");
                continue;
            }
            sb.append(';').append(s.frames()).append(';').append(fpsKey(s.fps())).append(';')
                    .append(String.format(Locale.ROOT, "%.3f", s.spanNanos() / 1e9)).append(';').append(s.windows());
            for (Protocol p : Protocol.values()) {
                float[] q = s.failed() ? null : probs(s, p);
                if (q == null) {
                    sb.append(";;;;;");
                    continue;
                }
                int[] order = ClipScore.ranking(q);
                StringBuilder five = new StringBuilder();
                for (int r = 0; r < Math.min(5, order.length); r++) five.append(r == 0 ? "" : "|").append(labels.get(order[r]));
                String right = c.expectsNoGesture() ? (called(order[0]) ? "0" : "1") : (c.accept().contains(labels.get(order[0])) ? "1" : "0");
                sb.append(';').append(labels.get(order[0])).append(';').append(String.format(Locale.ROOT, "%.4f", q[order[0]]))
                        .append(';').append(five).append(';').append(right).append(';').append(called(order[0]) ? "1" : "0");
            }
            sb.append(';').append(s.failed() ? clean(s.error()) : "").append('\n');
        }
        return sb.toString();
    }

    private static String clean(String s) {
        return s.replace(';', ',').replace('\n', ' ').replace('\r', ' ');
    }

    private static void writeString(Path file, String s) throws IOException {
        Path tmp = file.resolveSibling(".tmp-" + file.getFileName());
        Files.writeString(tmp, s, StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
