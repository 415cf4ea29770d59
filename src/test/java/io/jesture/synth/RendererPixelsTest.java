package io.jesture.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renderer version 2, frozen wider than {@link FrozenPixelsTest}: every class, all three splits,
 * photographs in every placement, and a live-size scripted stream hash to the same bytes. Guards
 * refactors of the renderer's code that must not change a pixel (a training set rendered from a
 * seed must stay reproducible). Digests taken on OpenJDK 17.0.15.
 */
class RendererPixelsTest {
    @TempDir
    Path tmp;

    /** Four deterministic test photos (PNG: lossless, so decoding gives the same pixels everywhere). */
    private Backgrounds photos() throws Exception {
        Path dir = tmp.resolve("photos");
        Files.createDirectories(dir);
        for (int i = 0; i < 4; i++) {
            BufferedImage img = new BufferedImage(480, 270, BufferedImage.TYPE_3BYTE_BGR);
            Graphics2D g = img.createGraphics();
            for (int y = 0; y < 270; y += 15) {
                for (int x = 0; x < 480; x += 20) {
                    g.setColor(new Color((x * 7 + i * 50) % 256, (y * 5 + i * 90) % 256, (x + y + i * 30) % 256));
                    g.fillRect(x, y, 20, 15);
                }
            }
            g.dispose();
            ImageIO.write(img, "png", dir.resolve("p" + i + ".png").toFile());
        }
        return Backgrounds.load(dir);
    }

    private static String digest(Backgrounds bg) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] bgr = new byte[176 * 100 * 3];
        Split[] splits = Split.values();
        for (int label = 0; label < JesterLabels.count(); label++) {
            GestureClip c = GestureClip.create(1000 + label, splits[label % 3], label, 176, 100, 12, 3, bg);
            for (int i = 0; i < c.frameCount(); i += 3) {
                c.render(i, bgr);
                md.update(bgr);
            }
        }
        return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    }

    @Test
    void everyClassAndSplitRendersTheFrozenPixels() throws Exception {
        assertEquals("3134160461199d79", digest(Backgrounds.NONE), "procedural rooms");
    }

    @Test
    void photoBackgroundsRenderTheFrozenPixels() throws Exception {
        assertEquals("192a1c6389832264", digest(photos()), "photo rooms");
    }

    @Test
    void aLiveSizeScriptedStreamRendersTheFrozenPixels() throws Exception {
        ScriptedStream s = ScriptedStream.random(77, Split.TEST, 320, 240, 30, 4);
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] bgr = new byte[320 * 240 * 3];
        for (long i = 0; i < s.frameCount(); i += 7) {
            s.render(i, bgr);
            md.update(bgr);
        }
        assertEquals("94565cc407a403bc", HexFormat.of().formatHex(md.digest()).substring(0, 16), "scripted stream");
    }
}
