package io.jesture.internal.hands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java tracker against the Python one it must match (bench/hand-landmarks/hands.py, which the
 * landmark networks were trained through), on one rendered Thumb Down clip whose expected landmarks
 * bench/hand-landmarks/fixture.py wrote. Real networks, real ONNX Runtime, no fakes.
 */
public class HandTrackerTest {
    static JsonNode expected;
    static int width;
    static int height;
    static HandTracker tracker;

    @BeforeAll
    static void load() throws IOException {
        expected = expected();
        width = expected.get("width").asInt();
        height = expected.get("height").asInt();
        tracker = new HandTracker(1);
    }

    /** What bench/hand-landmarks/fixture.py wrote: the frame size, and per frame what the Python tracker found. */
    public static JsonNode expected() throws IOException {
        try (InputStream in = HandTrackerTest.class.getResourceAsStream("expected.json")) {
            return new ObjectMapper().readTree(in);
        }
    }

    @AfterAll
    static void close() {
        tracker.close();
    }

    public static byte[] bgr(String name) throws IOException {
        BufferedImage img;
        try (InputStream in = HandTrackerTest.class.getResourceAsStream(name)) {
            img = ImageIO.read(in);
        }
        byte[] out = new byte[img.getWidth() * img.getHeight() * 3];
        for (int y = 0, i = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++, i += 3) {
                int rgb = img.getRGB(x, y);
                out[i] = (byte) rgb;
                out[i + 1] = (byte) (rgb >> 8);
                out[i + 2] = (byte) (rgb >> 16);
            }
        }
        return out;
    }

    @Test
    void findsTheSameHandAsTheTrackerTheNetworksWereTrainedThrough() throws IOException {
        JsonNode frames = expected.get("frames");
        float[] obs = new float[HandTracker.OBS];
        double worst = 0, sum = 0;
        int compared = 0;
        for (int t = 0; t < frames.size(); t++) {
            JsonNode want = frames.get(t);
            tracker.observe(bgr(String.format("frame%02d.png", t)), width, height, obs, 0);
            assertEquals(want.get("palm").asDouble(), obs[HandTracker.PALM_SCORE], 1e-3, "palm score, frame " + t);
            assertEquals(height, obs[HandTracker.HEIGHT]);
            boolean found = !want.get("pts").isNull();
            assertEquals(found, obs[HandTracker.PRESENT] > 0, "palm found, frame " + t);
            if (!found) continue;
            assertEquals(want.get("flag").asDouble(), obs[HandTracker.FLAG], 2e-3, "hand present, frame " + t);
            assertEquals(want.get("handed").asDouble(), obs[HandTracker.HANDED], 2e-3, "handedness, frame " + t);
            for (int j = 0; j < 21; j++) {
                for (int c = 0; c < 2; c++) {
                    double d = Math.abs(want.get("pts").get(j).get(c).asDouble() - obs[HandTracker.POINTS + 3 * j + c]);
                    worst = Math.max(worst, d);
                    sum += d;
                    compared++;
                }
            }
        }
        // Same pixels in, same networks: what is left is float rounding (measured: 0.0007 px mean, 0.03 worst).
        assertTrue(compared >= 17 * 42, "too few landmarks compared: " + compared);
        assertTrue(sum / compared < 0.01, "mean landmark distance " + sum / compared + " px");
        assertTrue(worst < 0.1, "worst landmark distance " + worst + " px");
    }

    @Test
    void aFrameWithoutAHandHasNoLandmarks() {
        byte[] grey = new byte[width * height * 3];
        Arrays.fill(grey, (byte) 128);
        float[] obs = new float[HandTracker.OBS + 2];
        Arrays.fill(obs, 7f);
        tracker.observe(grey, width, height, obs, 1);
        assertEquals(7f, obs[0], "wrote before its offset");
        assertEquals(7f, obs[HandTracker.OBS + 1], "wrote past its observation");
        assertEquals(0f, obs[1 + HandTracker.PRESENT]);
        assertTrue(obs[1 + HandTracker.PALM_SCORE] < HandTracker.MIN_PALM, "palm score " + obs[1 + HandTracker.PALM_SCORE]);
        for (int i = HandTracker.POINTS; i < HandTracker.OBS; i++) assertEquals(0f, obs[1 + i]);
    }

    @Test
    void anotherFrameSizeIsLetterboxedAfresh() throws IOException {
        // The same hand, the frame padded to 4:3 with grey below: the landmarks stay on the hand.
        byte[] small = bgr("frame06.png");
        int h2 = width * 3 / 4;
        byte[] tall = new byte[width * h2 * 3];
        Arrays.fill(tall, (byte) 128);
        System.arraycopy(small, 0, tall, 0, small.length);
        float[] a = new float[HandTracker.OBS], b = new float[HandTracker.OBS];
        tracker.observe(small, width, height, a, 0);
        tracker.observe(tall, width, h2, b, 0);
        assertEquals(1f, a[HandTracker.PRESENT]);
        assertEquals(1f, b[HandTracker.PRESENT]);
        assertEquals(h2, b[HandTracker.HEIGHT]);
        double d = 0;
        for (int j = 0; j < 21; j++) d += Math.hypot(a[HandTracker.POINTS + 3 * j] - b[HandTracker.POINTS + 3 * j],
                a[HandTracker.POINTS + 3 * j + 1] - b[HandTracker.POINTS + 3 * j + 1]);
        assertTrue(d / 21 < 3, "landmarks moved " + d / 21 + " px on average");
    }
}
