package io.jesture.synth;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * A library of background photographs (JPEG/PNG files found under a directory, recursively, in
 * name order), decoded once and kept small: a webcam sees the room behind a person out of focus and
 * at low resolution. One photo in five (by a hash of its path relative to the directory) is held out:
 * only validation and test scenes use those, half the time. Immutable and thread-safe.
 */
public final class Backgrounds {
    /** No photographs: every scene uses a procedural room. */
    public static final Backgrounds NONE = new Backgrounds("", List.of(), List.of());
    private static final int MAX_WIDTH = 360;
    private static final Map<Path, Backgrounds> CACHE = new ConcurrentHashMap<>();

    private final String description;
    private final List<BufferedImage> train, heldOut;

    private Backgrounds(String description, List<BufferedImage> train, List<BufferedImage> heldOut) {
        this.description = description;
        this.train = train;
        this.heldOut = heldOut;
    }

    /**
     * Loads (once per JVM and directory) every readable image under {@code dir}.
     *
     * @throws IllegalArgumentException naming the directory if it is missing or holds no image
     */
    public static Backgrounds load(Path dir) {
        Path key = dir.toAbsolutePath().normalize();
        return CACHE.computeIfAbsent(key, Backgrounds::read);
    }

    private static Backgrounds read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("backgrounds directory " + dir + " does not exist; install e.g. Debian's mate-backgrounds and pass /usr/share/backgrounds");
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return n.endsWith(".jpg") || n.endsWith(".jpeg") || n.endsWith(".png");
            }).sorted().toList();
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot list backgrounds directory " + dir + ": " + e.getMessage(), e);
        }
        List<BufferedImage> train = new ArrayList<>(), held = new ArrayList<>();
        for (Path f : files) {
            BufferedImage img = decodeSmall(f);
            if (img == null) continue;
            String rel = dir.relativize(f).toString().replace('\\', '/');
            if (Math.floorMod(Scene.mix(rel.hashCode(), 0xB6L), 5) == 0) held.add(img);
            else train.add(img);
        }
        if (train.isEmpty() && held.isEmpty()) {
            throw new IllegalArgumentException("backgrounds directory " + dir + " holds no readable .jpg/.png image");
        }
        if (train.isEmpty()) train.addAll(held);
        if (held.isEmpty()) held.addAll(train);
        return new Backgrounds(dir + " (" + (train.size() + held.size()) + " photos)", List.copyOf(train), List.copyOf(held));
    }

    /** Decodes with subsampling (big wallpapers decode fast and small), then scales to MAX_WIDTH. */
    private static BufferedImage decodeSmall(Path f) {
        try (ImageInputStream in = ImageIO.createImageInputStream(f.toFile())) {
            if (in == null) return null;
            Iterator<ImageReader> it = ImageIO.getImageReaders(in);
            if (!it.hasNext()) return null;
            ImageReader reader = it.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int sub = Math.max(1, w / (MAX_WIDTH * 2));
                ImageReadParam param = reader.getDefaultReadParam();
                param.setSourceSubsampling(sub, sub, 0, 0);
                BufferedImage src = reader.read(0, param);
                int tw = Math.min(MAX_WIDTH, src.getWidth()), th = Math.max(1, src.getHeight() * tw / src.getWidth());
                BufferedImage out = new BufferedImage(tw, th, BufferedImage.TYPE_3BYTE_BGR);
                Graphics2D g = out.createGraphics();
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
                g.drawImage(src, 0, 0, tw, th, null);
                g.dispose();
                return out;
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return null; // an unreadable file is skipped, like a non-image
        }
    }

    public boolean isEmpty() {
        return train.isEmpty();
    }

    /** The photo for a scene: {@code u} in [0,1) picks it; held-out splits use held-out photos half the time. */
    BufferedImage pick(Split split, double u) {
        if (train.isEmpty()) return null;
        if (split != Split.TRAIN && u < 0.5) return heldOut.get(Math.min(heldOut.size() - 1, (int) (u * 2 * heldOut.size())));
        double v = split == Split.TRAIN ? u : (u - 0.5) * 2;
        return train.get(Math.min(train.size() - 1, (int) (v * train.size())));
    }

    @Override
    public String toString() {
        return train.isEmpty() ? "procedural rooms only" : description;
    }
}
