package io.jesture.internal.adapt;

import io.jesture.InvalidInputException;
import io.jesture.internal.eval.ClipSet;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Writes takes in 20BN-Jester's on-disk layout, so the folder both adapts ({@code jesture adapt}) and
 * trains (src/train): {@code DIR/<id>/00001.jpg ...}, one {@code id;label} row per take in
 * {@code jester-v1-train.csv}, and every label in {@code jester-v1-labels.csv}. Appends to a folder
 * that already holds takes; never replaces one. Not thread-safe.
 */
public final class TakeWriter implements AutoCloseable {
    static final String TRAIN_FILE = "jester-v1-train.csv";
    static final float JPEG_QUALITY = 0.95f;

    private final Path dir;
    private final List<String> labels = new ArrayList<>();
    private final List<String> rows = new ArrayList<>();
    private final ImageWriter jpeg;
    private final ImageWriteParam param;
    private BufferedImage image;
    private String id;
    private String label;
    private int frames;

    public TakeWriter(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
        Path labelsFile = dir.resolve(ClipSet.LABELS_FILE);
        if (Files.exists(labelsFile)) {
            for (String l : Files.readAllLines(labelsFile, StandardCharsets.UTF_8)) if (!l.isBlank()) labels.add(l.strip());
        }
        Path train = dir.resolve(TRAIN_FILE);
        if (Files.exists(train)) {
            for (String l : Files.readAllLines(train, StandardCharsets.UTF_8)) if (!l.isBlank()) rows.add(l.strip());
        }
        this.jpeg = ImageIO.getImageWritersByFormatName("jpeg").next();
        this.param = jpeg.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(JPEG_QUALITY);
    }

    /** The takes already in the folder, per label. */
    public int takesOf(String gesture) {
        int n = 0;
        for (String r : rows) if (r.substring(r.indexOf(';') + 1).equals(gesture)) n++;
        return n;
    }

    /** Starts a take: a new folder with the next free five-digit id. */
    public String begin(String gesture) throws IOException {
        if (id != null) throw new IllegalStateException("take " + id + " is still open");
        if (gesture.isBlank() || gesture.contains(";") || gesture.contains("\n") || gesture.contains("|")) {
            throw new InvalidInputException("gesture name '" + gesture + "' must be non-blank without ';', '|' or line breaks");
        }
        int n = rows.size() + 1;
        while (Files.exists(dir.resolve(String.format(Locale.ROOT, "%05d", n)))) n++;
        id = String.format(Locale.ROOT, "%05d", n);
        label = gesture.strip();
        frames = 0;
        Files.createDirectory(dir.resolve(id));
        return id;
    }

    /** Adds one BGR frame to the open take as the next JPEG. */
    public void frame(byte[] bgr, int width, int height) throws IOException {
        if (id == null) throw new IllegalStateException("no take is open");
        if (image == null || image.getWidth() != width || image.getHeight() != height) {
            image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        }
        byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        System.arraycopy(bgr, 0, pixels, 0, width * height * 3);
        frames++;
        Path file = dir.resolve(id).resolve(String.format(Locale.ROOT, "%05d.jpg", frames));
        try (ImageOutputStream out = ImageIO.createImageOutputStream(Files.newOutputStream(file))) {
            jpeg.setOutput(out);
            jpeg.write(null, new IIOImage(image, null, null), param);
        }
    }

    /** Closes the open take and lists it; returns its folder. */
    public Path end() throws IOException {
        if (id == null) throw new IllegalStateException("no take is open");
        Path take = dir.resolve(id);
        rows.add(id + ";" + label);
        if (!labels.contains(label)) labels.add(label);
        writeAtomically(dir.resolve(TRAIN_FILE), String.join("\n", rows) + "\n");
        writeAtomically(dir.resolve(ClipSet.LABELS_FILE), String.join("\n", labels) + "\n");
        id = null;
        return take;
    }

    /** Drops the open take (a source that ended part way): its folder is removed, nothing is listed. */
    public void discard() throws IOException {
        if (id == null) return;
        try (Stream<Path> s = Files.walk(dir.resolve(id))) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(q);
        }
        id = null;
    }

    public int frames() {
        return frames;
    }

    public Path dir() {
        return dir;
    }

    private static void writeAtomically(Path target, String content) throws IOException {
        Path tmp = target.resolveSibling(".tmp-" + target.getFileName());
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override
    public void close() throws IOException {
        discard();
        jpeg.dispose();
    }
}
