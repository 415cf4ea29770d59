package io.jesture.synth;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.FileImageOutputStream;

/**
 * A synthetic dataset on disk in 20BN-Jester's layout: {@code DIR/<id>/00001.jpg...},
 * {@code jester-v1-train.csv}, {@code jester-v1-validation.csv} ({@code id;label}),
 * {@code jester-v1-labels.csv}, and {@value #MANIFEST} (the renderer version and every setting).
 * Clip {@code i} has class {@code i % 27}; whole rounds of 27 go to validation, so both splits are
 * balanced. Each clip is written to {@code DIR/.tmp-<id>} and renamed into place, so an interrupted
 * export resumes where it stopped and gives identical files. {@link #renderClip} is thread-safe for
 * distinct clips (one {@link ImageWriter} per thread).
 */
public final class JesterExport {
    public static final String MANIFEST = "jesture-synth.properties";

    /**
     * What to render.
     *
     * @param quality        JPEG quality 1..100 for every frame, or null for the scene's own (40..90)
     * @param backgroundsDir the folder of background photographs, or null for procedural rooms only
     */
    public record Settings(long seed, int clips, int width, int height, double fps, double seconds, double valFraction,
                           Integer quality, Path backgroundsDir, double headCameraShare) {
        /** Every clip filmed by the webcam in front. */
        public Settings(long seed, int clips, int width, int height, double fps, double seconds, double valFraction,
                        Integer quality, Path backgroundsDir) {
            this(seed, clips, width, height, fps, seconds, valFraction, quality, backgroundsDir, 0);
        }
    }

    private final Path out;
    private final Settings settings;
    private final Backgrounds backgrounds;

    public JesterExport(Path out, Settings settings, Backgrounds backgrounds) {
        this.out = out;
        this.settings = settings;
        this.backgrounds = backgrounds;
    }

    /** The renderer version recorded in every manifest. */
    public static int rendererVersion() {
        return Renderer.VERSION;
    }

    /**
     * Creates the folder, writes the manifest (or checks that an existing one matches) and removes
     * temporary folders of clips an earlier run did not finish.
     *
     * @throws IllegalArgumentException if the folder holds another export, or files not written by an export
     */
    public void prepare() throws IOException {
        Files.createDirectories(out);
        String manifest = manifest();
        Path m = out.resolve(MANIFEST);
        if (Files.exists(m)) {
            String old = Files.readString(m, StandardCharsets.UTF_8);
            if (!old.equals(manifest)) {
                throw new IllegalArgumentException(out + " holds a dataset rendered with other settings (" + old.strip().replace('\n', ' ')
                        + "); rerun with those settings to resume, or choose a new --out");
            }
        } else {
            try (Stream<Path> s = Files.list(out)) {
                if (s.anyMatch(p -> !p.getFileName().toString().startsWith(".tmp-"))) {
                    throw new IllegalArgumentException(out + " is not empty and was not written by jesture synth; choose an empty or new --out");
                }
            }
            writeAtomically(m, manifest);
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(out, ".tmp-*")) {
            for (Path p : ds) deleteTree(p);
        }
    }

    String manifest() {
        Settings s = settings;
        return String.join("\n",
                "renderer=" + Renderer.VERSION,
                "seed=" + s.seed(),
                "clips=" + s.clips(),
                "size=" + s.width() + "x" + s.height(),
                "fps=" + s.fps(),
                "seconds=" + s.seconds(),
                "valFraction=" + s.valFraction(),
                "quality=" + (s.quality() == null ? "per-clip" : s.quality()),
                "backgrounds=" + (s.backgroundsDir() == null ? "" : s.backgroundsDir().toAbsolutePath().normalize()))
                // only when used, so that exports without it keep the manifest they always had
                + (s.headCameraShare() > 0 ? "\nheadCamera=" + s.headCameraShare() + "\nheadCameraVersion=" + HeadCamera.VERSION : "") + "\n";
    }

    /** Clip i's split: whole rounds of 27 (one clip per class) go to validation, evenly spread. */
    public Split splitOf(int i) {
        int round = i / JesterLabels.count();
        double f = settings.valFraction();
        // +0.5 centres the picks, so even a few rounds give validation its share
        return Math.floor((round + 1) * f + 0.5) > Math.floor(round * f + 0.5) ? Split.VALIDATION : Split.TRAIN;
    }

    public int validationCount() {
        int n = 0;
        for (int i = 0; i < settings.clips(); i++) if (splitOf(i) == Split.VALIDATION) n++;
        return n;
    }

    public static int labelOf(int i) {
        return i % JesterLabels.count();
    }

    public static String idOf(int i) {
        return Integer.toString(i + 1);
    }

    /** Clip i of the export, as {@link #renderClip} renders it. */
    public GestureClip clip(int i) {
        Settings s = settings;
        Split split = splitOf(i);
        return GestureClip.create(split.clipSeed(s.seed(), i), split, labelOf(i), s.width(), s.height(), s.fps(), s.seconds(), backgrounds,
                s.headCameraShare());
    }

    /** Renders clip i unless it is already complete. Returns true if it was skipped. */
    public boolean renderClip(int i, ImageWriter writer) {
        Settings s = settings;
        Path dir = out.resolve(idOf(i));
        if (Files.isDirectory(dir)) return true;
        GestureClip clip = clip(i);
        Path tmp = out.resolve(".tmp-" + idOf(i));
        try {
            deleteTree(tmp);
            Files.createDirectories(tmp);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality((s.quality() != null ? s.quality() : clip.suggestedJpegQuality()) / 100f);
            for (int f = 0; f < clip.frameCount(); f++) {
                BufferedImage img = clip.renderImage(f);
                Path file = tmp.resolve(String.format(Locale.ROOT, "%05d.jpg", f + 1));
                try (FileImageOutputStream ios = new FileImageOutputStream(file.toFile())) {
                    writer.setOutput(ios);
                    writer.write(null, new IIOImage(img, null, null), param);
                }
            }
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("cannot write clip " + dir + ": " + e.getMessage(), e));
        }
        return false;
    }

    /** Writes the three Jester CSVs for all clips. */
    public void writeCsvs() throws IOException {
        StringBuilder train = new StringBuilder(), val = new StringBuilder(), labels = new StringBuilder();
        for (int i = 0; i < settings.clips(); i++) {
            StringBuilder sb = splitOf(i) == Split.VALIDATION ? val : train;
            sb.append(idOf(i)).append(';').append(JesterLabels.name(labelOf(i))).append('\n');
        }
        for (String l : JesterLabels.LABELS) labels.append(l).append('\n');
        writeAtomically(out.resolve("jester-v1-train.csv"), train.toString());
        writeAtomically(out.resolve("jester-v1-validation.csv"), val.toString());
        writeAtomically(out.resolve("jester-v1-labels.csv"), labels.toString());
    }

    private static void writeAtomically(Path target, String content) throws IOException {
        Path tmp = target.resolveSibling(".tmp-" + target.getFileName());
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(q);
        }
    }
}
