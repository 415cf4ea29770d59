package io.jesture.internal.adapt;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.jesture.ModelLoadException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The head's feature and the profile file for an ensemble: one block per member, format version 4. */
class EnsembleFeaturesTest {
    @TempDir
    Path dir;

    static double norm(float[] v, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) s += (double) v[i] * v[i];
        return Math.sqrt(s);
    }

    @Test
    void eachMembersEmbeddingIsNormalisedApartWhateverItsScale() {
        // Member 0 has embeddings a thousand times larger than member 1's: normalised together it would decide alone.
        float[] e = {1000, -2000, 500, 0.001f, 0.003f, -0.002f, 0.004f};
        float[] motion = new float[MotionTrajectory.DIM];
        motion[3] = 0.2f;
        float[] mean = new float[7 + MotionTrajectory.DIM];
        Features f = new Features(mean, new int[] {3, 4}, MotionTrajectory.DIM, 0.5);
        float[] out = f.of(e, motion);
        assertEquals(Math.sqrt(0.25), norm(out, 0, 3), 1e-6, "member 0's block");
        assertEquals(Math.sqrt(0.25), norm(out, 3, 7), 1e-6, "member 1's block");
        assertEquals(Math.sqrt(0.5), norm(out, 7, out.length), 1e-6, "the motion block keeps its share");
        // Without a motion block the two members share the feature equally.
        float[] plain = new Features(new float[7], new int[] {3, 4}, 0, 0).of(e, null);
        assertEquals(Math.sqrt(0.5), norm(plain, 0, 3), 1e-6);
        assertEquals(Math.sqrt(0.5), norm(plain, 3, 7), 1e-6);
    }

    @Test
    void oneBlockIsBitForBitTheSingleModelFeature() {
        float[] e = {0.3f, -1.2f, 2.5f, 0.7f};
        float[] motion = new float[MotionTrajectory.DIM];
        for (int i = 0; i < motion.length; i++) motion[i] = (float) Math.sin(i);
        float[] mean = new float[4 + MotionTrajectory.DIM];
        mean[1] = 0.1f;
        assertArrayEquals(new Features(mean, 4, MotionTrajectory.DIM, 0.5).of(e, motion),
                new Features(mean, new int[] {4}, MotionTrajectory.DIM, 0.5).of(e, motion));
    }

    @Test
    void anEnsembleProfileRoundTripsAndChecksItsMembersInOrder() throws Exception {
        List<Profile.Member> members = List.of(new Profile.Member("a.onnx", "aa".repeat(32), 3), new Profile.Member("b.onnx", "bb".repeat(32), 4));
        int width = 7 + MotionTrajectory.DIM;
        float[] mean = new float[width];
        float[][] weights = new float[1][width];
        for (int i = 0; i < width; i++) {
            mean[i] = i * 0.01f;
            weights[0][i] = (i % 5) * 0.1f;
        }
        Profile p = Profile.of(members, ProfileHeadTest.LABELS, List.of(new Profile.RecordedClass("Circle", true, 3)), mean, weights,
                new float[] {0.5f}, new ObjectMapper().createObjectNode(), Profile.Motion.of(0.5));
        assertTrue(p.isEnsemble());
        assertEquals("a.onnx+b.onnx", p.modelFile());
        Path file = dir.resolve("pair.profile");
        p.write(file, false);
        assertEquals(Profile.VERSION_ENSEMBLE, Files.readAllBytes(file)[8]);
        Profile back = Profile.read(file);
        assertEquals(members, back.members());
        assertEquals(7, back.dim());
        assertArrayEquals(mean, back.mean());
        assertArrayEquals(weights[0], back.weights()[0]);
        assertEquals(0.5, back.motion().share());
        // It checks the members by their SHA-256, in order.
        Path a = Files.write(dir.resolve("a.onnx"), new byte[] {1});
        Path b = Files.write(dir.resolve("b.onnx"), new byte[] {2});
        Profile real = Profile.of(List.of(new Profile.Member("a.onnx", Profile.sha256(a), 3), new Profile.Member("b.onnx", Profile.sha256(b), 4)),
                ProfileHeadTest.LABELS, p.classes(), mean, weights, p.bias(), p.info(), p.motion());
        real.checkModels(file, List.of(a, b));
        ModelLoadException swapped = assertThrows(ModelLoadException.class, () -> real.checkModels(file, List.of(b, a)));
        assertTrue(swapped.getMessage().contains("in that order") && swapped.getMessage().contains("--model a.onnx b.onnx"), swapped.getMessage());
        ModelLoadException one = assertThrows(ModelLoadException.class, () -> real.checkModel(file, a));
        assertTrue(one.getMessage().contains("was fitted on the ensemble a.onnx b.onnx"), one.getMessage());

        // A version-3 file (fitted when ensembles averaged their members) is refused, not run on the product.
        byte[] bytes = Files.readAllBytes(file);
        bytes[8] = 3;
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        java.nio.ByteBuffer.wrap(bytes, bytes.length - 4, 4).order(java.nio.ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue());
        Path old = Files.write(dir.resolve("old.profile"), bytes);
        ModelLoadException averaged = assertThrows(ModelLoadException.class, () -> Profile.read(old));
        assertTrue(averaged.getMessage().contains("format version 3") && averaged.getMessage().contains("jesture adapt --model A B"),
                averaged.getMessage());
    }
}
