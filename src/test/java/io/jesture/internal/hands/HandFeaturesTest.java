package io.jesture.internal.hands;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Java's features against Python's ({@code hands.features}) on the same tracked clip (bench/hand-landmarks/fixture.py). */
class HandFeaturesTest {
    @Test
    void matchesTheFeaturesTheNetworksWereTrainedOn() throws IOException {
        JsonNode expected = HandTrackerTest.expected();
        JsonNode frames = expected.get("frames");
        int n = frames.size();
        float[] obs = new float[n * HandTracker.OBS];
        for (int t = 0; t < n; t++) {
            JsonNode f = frames.get(t);
            int o = t * HandTracker.OBS;
            obs[o + HandTracker.PALM_SCORE] = (float) f.get("palm").asDouble();
            obs[o + HandTracker.FLAG] = (float) f.get("flag").asDouble();
            obs[o + HandTracker.HANDED] = (float) f.get("handed").asDouble();
            obs[o + HandTracker.HEIGHT] = expected.get("height").asInt();
            if (f.get("pts").isNull()) continue;
            obs[o + HandTracker.PRESENT] = 1;
            for (int j = 0; j < 21; j++) {
                for (int c = 0; c < 3; c++) obs[o + HandTracker.POINTS + 3 * j + c] = (float) f.get("pts").get(j).get(c).asDouble();
            }
        }
        float[] out = new float[n * HandFeatures.DIM];
        new HandFeatures(n).compute(obs, n, out);
        int absent = 0;
        for (int t = 0; t < n; t++) {
            if (out[t * HandFeatures.DIM + 69] == 0) absent++;
            for (int k = 0; k < HandFeatures.DIM; k++) {
                assertEquals(expected.get("features").get(t).get(k).asDouble(), out[t * HandFeatures.DIM + k], 2e-4,
                        "frame " + t + ", feature " + k);
            }
        }
        assertEquals(1, absent, "the fixture has one frame without a hand");
    }

    @Test
    void aWindowWithoutHandsIsAllZeros() {
        float[] obs = new float[4 * HandTracker.OBS];
        float[] out = new float[4 * HandFeatures.DIM];
        java.util.Arrays.fill(out, 3f);
        new HandFeatures(4).compute(obs, 4, out);
        for (float v : out) assertEquals(0f, v);
    }
}
