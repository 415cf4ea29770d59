package io.jesture.internal.adapt;

import io.jesture.Provider;
import io.jesture.internal.eval.ClipSet;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The takes of a benchmark, embedded once and kept in a file beside the model, so the many draws of
 * a few-shot benchmark do not decode and run the same clips again. Test scope only.
 */
final class TakeCache {
    private TakeCache() {}

    /** One clip to embed: its id, its class, the file or folder. */
    record Item(String id, String label, Path path) {}

    static List<Take> load(Path model, List<Item> items, Path cache, double folderFps) throws Exception {
        return load(List.of(model), items, cache, folderFps);
    }

    /** A cache newer than every model file is read instead of embedding again. */
    static boolean fresh(Path cache, List<Path> models) throws IOException {
        if (!Files.isRegularFile(cache)) return false;
        for (Path m : models) if (Files.getLastModifiedTime(cache).compareTo(Files.getLastModifiedTime(m)) <= 0) return false;
        return true;
    }

    /** The takes embedded by one model or an ensemble ({@link TakeEmbedder#load(List, Provider, int)}). */
    static List<Take> load(List<Path> model, List<Item> items, Path cache, double folderFps) throws Exception {
        if (fresh(cache, model)) {
            List<Take> takes = read(cache);
            if (takes.size() == items.size()) return takes;
        }
        List<Take> takes = new ArrayList<>();
        ClipSet dummy = null;
        try (TakeEmbedder e = TakeEmbedder.load(model, Provider.CPU, 0)) {
            long t0 = System.nanoTime();
            for (Item it : items) {
                var source = Files.isDirectory(it.path())
                        ? new io.jesture.internal.source.FrameFolderSource(it.path(), folderFps, false, io.jesture.internal.source.FfmpegSource.Pace.FAST)
                        : io.jesture.internal.source.FfmpegSource.file(it.path(), false, io.jesture.internal.source.FfmpegSource.Pace.FAST);
                takes.add(e.embed(it.id(), it.label(), source));
            }
            System.out.printf("embedded %d clips in %.1f s%n", items.size(), (System.nanoTime() - t0) / 1e9);
        }
        write(cache, takes);
        return takes;
    }

    /** The {@code views} of every item (not the items as recorded), embedded once; each view has its item's id. */
    static List<Take> loadViews(List<Path> model, List<Item> items, Path cache, double folderFps, List<TakeView> views) throws Exception {
        if (fresh(cache, model)) {
            List<Take> takes = read(cache);
            if (takes.size() == items.size() * views.size()) return takes;
        }
        List<Take> takes = new ArrayList<>();
        try (TakeEmbedder e = TakeEmbedder.load(model, Provider.CPU, 0)) {
            long t0 = System.nanoTime();
            for (Item it : items) {
                var source = Files.isDirectory(it.path())
                        ? new io.jesture.internal.source.FrameFolderSource(it.path(), folderFps, false, io.jesture.internal.source.FfmpegSource.Pace.FAST)
                        : io.jesture.internal.source.FfmpegSource.file(it.path(), false, io.jesture.internal.source.FfmpegSource.Pace.FAST);
                List<Take> all = e.embedViews(it.id(), it.label(), source, views);
                takes.addAll(all.subList(1, all.size()));
            }
            System.out.printf("embedded %d clips in %d views each in %.1f s%n", items.size(), views.size(), (System.nanoTime() - t0) / 1e9);
        }
        write(cache, takes);
        return takes;
    }

    /** Leads a cache with motion descriptors; a cache without it is from before them and is embedded again. */
    static final int FORMAT_MOTION = -2;

    static void write(Path file, List<Take> takes) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(file)))) {
            out.writeInt(FORMAT_MOTION);
            out.writeInt(takes.size());
            for (Take t : takes) {
                out.writeUTF(t.id());
                out.writeUTF(t.label());
                out.writeInt(t.width());
                out.writeInt(t.height());
                out.writeInt(t.modelFrames());
                out.writeInt(t.windows());
                out.writeInt(t.centreEmbedding().length);
                out.writeInt(t.centreLogits().length);
                for (int w = 0; w <= t.windows(); w++) {
                    float[] e = w < t.windows() ? t.windowEmbeddings()[w] : t.centreEmbedding();
                    float[] l = w < t.windows() ? t.windowLogits()[w] : t.centreLogits();
                    for (float f : e) out.writeFloat(f);
                    for (float f : l) out.writeFloat(f);
                    for (float f : w < t.windows() ? t.windowMotion()[w] : t.centreMotion()) out.writeFloat(f);
                }
            }
        }
    }

    static List<Take> read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != FORMAT_MOTION) return List.of();
            int n = in.readInt();
            List<Take> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String id = in.readUTF(), label = in.readUTF();
                int w = in.readInt(), h = in.readInt(), mf = in.readInt(), windows = in.readInt(), d = in.readInt(), k = in.readInt();
                float[][] e = new float[windows + 1][d], l = new float[windows + 1][k], mo = new float[windows + 1][MotionTrajectory.DIM];
                for (int j = 0; j <= windows; j++) {
                    for (int x = 0; x < d; x++) e[j][x] = in.readFloat();
                    for (int x = 0; x < k; x++) l[j][x] = in.readFloat();
                    for (int x = 0; x < MotionTrajectory.DIM; x++) mo[j][x] = in.readFloat();
                }
                out.add(new Take(id, label, w, h, mf, java.util.Arrays.copyOf(e, windows), java.util.Arrays.copyOf(l, windows), e[windows], l[windows],
                        java.util.Arrays.copyOf(mo, windows), mo[windows]));
            }
            return out;
        }
    }

    /** The rendered anchors of a model, embedded once. */
    static List<Take> anchors(List<Path> model, Path cache, int perClass) throws Exception {
        if (fresh(cache, model)) {
            List<Take> takes = read(cache);
            if (!takes.isEmpty()) return takes;
        }
        List<Take> takes;
        try (TakeEmbedder e = TakeEmbedder.load(model, Provider.CPU, 0)) {
            long t0 = System.nanoTime();
            takes = Anchors.embed(e, perClass);
            System.out.printf("embedded %d anchors in %.1f s%n", takes.size(), (System.nanoTime() - t0) / 1e9);
        }
        write(cache, takes);
        return takes;
    }

    /** EgoGestAR's labels.csv: {@code file;egogestar_class;accept}. */
    static List<Item> egogestar(Path dir) throws IOException {
        List<Item> items = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("labels.csv"))) {
            String[] f = line.split(";");
            if (f.length < 2 || f[0].equals("file")) continue;
            items.add(new Item(f[0], f[1], dir.resolve(f[0])));
        }
        return items;
    }

    /** A Jester-layout folder's validation split. */
    static List<Item> jester(Path dir) throws Exception {
        List<Item> items = new ArrayList<>();
        for (ClipSet.Clip c : ClipSet.jester(dir, "validation", 12).clips()) items.add(new Item(c.id(), c.group(), c.path()));
        return items;
    }

    /** Dumps a cache as text for inspection: id;label;windows, then one line per window (emb | logits). */
    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]);
        Path data = Path.of(args[1]);
        Path cache = Path.of(args[2]);
        List<Item> items = Files.isRegularFile(data.resolve("labels.csv")) ? egogestar(data) : jester(data);
        List<Take> takes = load(model, items, cache, 12);
        System.out.println(takes.size() + " takes, D " + takes.get(0).centreEmbedding().length);
    }
}
