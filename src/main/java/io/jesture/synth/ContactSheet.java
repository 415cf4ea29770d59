package io.jesture.synth;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * A PNG grid of clip frames, one row per class, to judge by eye that the world looks like a person
 * gesturing at a webcam. Each row uses a different seed, so rows also show the nuisance variety.
 */
public final class ContactSheet {
    private ContactSheet() {}

    /**
     * Writes rows of {@code columns} frames evenly spaced through each clip of {@code labels}.
     */
    public static void write(Path png, long seed, Split split, int[] labels, int columns, int width, int height,
                             double fps, double seconds) throws IOException {
        write(png, seed, split, labels, columns, width, height, fps, seconds, Backgrounds.NONE);
    }

    /** As above, drawing rooms with photographs from {@code backgrounds}. */
    public static void write(Path png, long seed, Split split, int[] labels, int columns, int width, int height,
                             double fps, double seconds, Backgrounds backgrounds) throws IOException {
        BufferedImage sheet = render(seed, split, labels, columns, width, height, fps, seconds, backgrounds);
        if (!ImageIO.write(sheet, "png", png.toFile())) throw new IOException("no PNG writer");
    }

    /** The sheet as an image: rows of {@code columns} frames evenly spaced through each clip of {@code labels}. */
    public static BufferedImage render(long seed, Split split, int[] labels, int columns, int width, int height,
                                       double fps, double seconds, Backgrounds backgrounds) {
        return render(seed, split, labels, columns, width, height, fps, seconds, backgrounds, 0);
    }

    /** As above, with a share of rows seen from the performer's head ({@link GestureClip}). */
    public static BufferedImage render(long seed, Split split, int[] labels, int columns, int width, int height,
                                       double fps, double seconds, Backgrounds backgrounds, double headCameraShare) {
        BufferedImage sheet = new BufferedImage(columns * (width + 2), labels.length * (height + 2), BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = sheet.createGraphics();
        for (int row = 0; row < labels.length; row++) {
            GestureClip clip = GestureClip.create(seed + row, split, labels[row], width, height, fps, seconds, backgrounds,
                    headCameraShare);
            for (int c = 0; c < columns; c++) {
                int f = (int) Math.round((clip.frameCount() - 1) * (c + 0.5) / columns);
                g.drawImage(clip.renderImage(f), c * (width + 2), row * (height + 2), null);
            }
        }
        g.dispose();
        return sheet;
    }

    /** {@code ContactSheet OUT.png [seed] [width height] [backgrounds-dir]}: all 27 classes, 8 frames each. */
    public static void main(String[] args) throws IOException {
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        int w = args.length > 3 ? Integer.parseInt(args[2]) : 176, h = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        Backgrounds bg = args.length > 4 ? Backgrounds.load(Path.of(args[4])) : Backgrounds.NONE;
        int[] labels = new int[JesterLabels.count()];
        for (int i = 0; i < labels.length; i++) labels[i] = i;
        write(Path.of(args[0]), seed, Split.TRAIN, labels, 8, w, h, 12, 3, bg);
    }
}
