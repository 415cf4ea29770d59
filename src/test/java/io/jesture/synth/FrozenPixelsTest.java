package io.jesture.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Guards the FREEZE: training sets are rendered by seed, so a change to what a seed renders silently
 * changes every dataset rendered afterwards. If a change of pixels is intended, bump
 * {@code Renderer.VERSION} and update the digest here. (Java2D rasterization is pure
 * Java, but a different JDK release may round differently; the digest was taken on OpenJDK 17.0.15, for renderer version 2.)
 */
class FrozenPixelsTest {

    static String digest(long seed, int label) throws Exception {
        GestureClip c = GestureClip.create(seed, Split.TRAIN, label, 176, 100, 12, 3);
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] bgr = new byte[176 * 100 * 3];
        for (int i = 0; i < c.frameCount(); i += 5) {
            c.render(i, bgr);
            md.update(bgr);
        }
        return HexFormat.of().formatHex(md.digest()).substring(0, 16);
    }

    @Test
    void frozenSeedsStillRenderTheSamePixels() throws Exception {
        String got = digest(1, JesterLabels.SWIPING_LEFT) + " " + digest(2, JesterLabels.ROLLING_HAND_FORWARD)
                + " " + digest(3, JesterLabels.DOING_OTHER_THINGS);
        assertEquals("3306096ec56425d1 eccd2024c9eca320 31d327eff21249ee", got, "renderer " + Renderer.VERSION + " pixels changed: bump Renderer.VERSION if intended");
    }
}
