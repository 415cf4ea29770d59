package io.jesture.internal.adapt;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The head's arithmetic and the profile file, on hand-made profiles. */
class ProfileHeadTest {
    static final List<String> LABELS = List.of("Swiping Left", "Thumb Up", "No gesture", "Doing other things");

    @TempDir
    Path dir;

    /** One new class "Circle" whose term is {@code bias} everywhere, plus a recorded model class with no term. */
    static Profile profile(float bias) {
        int d = 3;
        return new Profile("m.onnx", "00".repeat(32), LABELS, d,
                List.of(new Profile.RecordedClass("Circle", true, 5), new Profile.RecordedClass("Thumb Up", false, 5)),
                new float[d], new float[][] {{0, 0, 0}, {0, 0, 0}}, new float[] {bias, 0}, new ObjectMapper().createObjectNode());
    }

    @Test
    void newClassesFollowTheModelsLabelsAndCompeteInOneSoftmax() {
        ProfileHead head = new ProfileHead(profile(2f), null);
        assertEquals(5, head.outputs());
        float[] logits = {2, 0, 0, 0};
        float[] p = new float[5];
        head.apply(logits, new float[] {1, 2, 3}, p);
        // Circle's logit is its term (2), the model's classes keep theirs: Swiping Left and Circle tie.
        assertEquals(p[0], p[4], 1e-6);
        double sum = 0;
        for (float v : p) sum += v;
        assertEquals(1, sum, 1e-5);
        float expectedLse = (float) Math.log(2 * Math.exp(2) + 3);
        assertEquals(expectedLse, head.logSumExp(), 1e-5);
        assertEquals(List.of("Swiping Left", "Thumb Up", "No gesture", "Doing other things", "Circle"), profile(0).labels());
    }

    @Test
    void aNewClassNeverTakesProbabilityFromRest() {
        // A head that would make Circle win everywhere...
        ProfileHead guarded = new ProfileHead(profile(20f), "No gesture");
        ProfileHead open = new ProfileHead(profile(20f), null);
        float[] rest = {0, 0, 12, 0}; // ...on a window the model is sure is rest.
        float[] p = new float[5], q = new float[5];
        guarded.apply(rest, new float[] {0.5f, 0.1f, 0.2f}, p);
        open.apply(rest, new float[] {0.5f, 0.1f, 0.2f}, q);
        assertTrue(q[4] > 0.99, "without the guard Circle takes it: " + q[4]);
        assertTrue(p[4] < 1e-4 && p[2] > 0.99, "Circle " + p[4] + ", rest " + p[2]);
        // Where the model sees motion the guard leaves Circle alone.
        float[] moving = {3, 0, -4, 1};
        guarded.apply(moving, new float[] {0.5f, 0.1f, 0.2f}, p);
        open.apply(moving, new float[] {0.5f, 0.1f, 0.2f}, q);
        assertEquals(q[4], p[4], 2e-3);
    }

    @Test
    void aProfileReadsBackAsWritten() throws Exception {
        Profile p = profile(1.5f);
        Path file = dir.resolve("a.profile");
        p.write(file, false);
        Profile r = Profile.read(file);
        assertEquals(p.labels(), r.labels());
        assertEquals(p.classes(), r.classes());
        assertEquals(p.modelSha256(), r.modelSha256());
        assertArrayEquals(p.bias(), r.bias());
        assertArrayEquals(p.weights()[0], r.weights()[0]);
    }
}
