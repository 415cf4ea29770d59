package io.jesture.synth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Background photographs: read from a folder, some held out, deterministic, and visible in the frames. */
class BackgroundsTest {
    @TempDir
    Path tmp;

    /** Writes {@code n} distinct striped photos (JPEG and PNG) in nested folders, plus a non-image. */
    private Path photos(int n) throws Exception {
        Path dir = tmp.resolve("photos");
        Files.createDirectories(dir.resolve("nature"));
        for (int i = 0; i < n; i++) {
            BufferedImage img = new BufferedImage(640, 360, BufferedImage.TYPE_3BYTE_BGR);
            Graphics2D g = img.createGraphics();
            for (int x = 0; x < 640; x += 40) {
                g.setColor(Color.getHSBColor(i / (float) n, 0.8f, (x / 40) % 2 == 0 ? 0.9f : 0.2f));
                g.fillRect(x, 0, 40, 360);
            }
            g.dispose();
            ImageIO.write(img, i % 2 == 0 ? "jpg" : "png", dir.resolve((i % 3 == 0 ? "nature/" : "") + "p" + i + (i % 2 == 0 ? ".jpg" : ".png")).toFile());
        }
        Files.writeString(dir.resolve("README.txt"), "not an image");
        return dir;
    }

    @Test
    void trainingNeverPicksAHeldOutPhotoAndValidationDoes() throws Exception {
        Backgrounds bg = Backgrounds.load(photos(20));
        Set<BufferedImage> train = Collections.newSetFromMap(new IdentityHashMap<>()), val = Collections.newSetFromMap(new IdentityHashMap<>());
        for (int i = 0; i < 2000; i++) {
            train.add(bg.pick(Split.TRAIN, i / 2000.0));
            val.add(bg.pick(Split.VALIDATION, i / 2000.0));
        }
        Set<BufferedImage> onlyVal = Collections.newSetFromMap(new IdentityHashMap<>());
        onlyVal.addAll(val);
        onlyVal.removeAll(train);
        assertFalse(onlyVal.isEmpty(), "validation has photos of its own");
        assertTrue(train.size() >= 10 && train.size() < 20, "training sees most photos but not the held-out ones: " + train.size());
        assertTrue(bg.pick(Split.TRAIN, 0.3).getWidth() <= 360, "photos are kept small");
    }

    @Test
    void photosAppearInTheFramesAndRenderingStaysDeterministic() throws Exception {
        Backgrounds bg = Backgrounds.load(photos(6));
        long seed = 0;
        while (!Scene.draw(seed, Split.TRAIN).usePhoto() || Scene.draw(seed, Split.TRAIN).photoMode() != 0) seed++;
        byte[] a = new byte[176 * 100 * 3], b = new byte[a.length], none = new byte[a.length];
        GestureClip.create(seed, Split.TRAIN, JesterLabels.THUMB_UP, 176, 100, 12, 3, bg).render(0, a);
        GestureClip.create(seed, Split.TRAIN, JesterLabels.THUMB_UP, 176, 100, 12, 3, bg).render(0, b);
        GestureClip.create(seed, Split.TRAIN, JesterLabels.THUMB_UP, 176, 100, 12, 3).render(0, none);
        assertArrayEquals(a, b);
        assertFalse(java.util.Arrays.equals(a, none), "the photo changed the frame");
        // the scene, and so every nuisance, is the same with or without photos
        assertEquals(GestureClip.create(seed, Split.TRAIN, 3, 64, 48, 12, 3, bg).scene(), GestureClip.create(seed, Split.TRAIN, 3, 64, 48, 12, 3).scene());
    }

    @Test
    void aMissingOrEmptyFolderIsOneClearError() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backgrounds.load(tmp.resolve("nope")));
        assertTrue(e.getMessage().contains("nope") && e.getMessage().contains("does not exist"), e.getMessage());
        Files.createDirectories(tmp.resolve("empty"));
        Files.writeString(tmp.resolve("empty/a.txt"), "x");
        e = assertThrows(IllegalArgumentException.class, () -> Backgrounds.load(tmp.resolve("empty")));
        assertTrue(e.getMessage().contains("no readable"), e.getMessage());
    }
}
