package io.jesture.internal.adapt;

import io.jesture.ModelLoadException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The motion block end to end: fitted, written, read and applied; and profiles from before it. */
class ProfileMotionTest {
    static final List<String> LABELS = ProfileHeadTest.LABELS;
    static final float[] EMBEDDING = {1, 0.5f, -0.5f};

    @TempDir
    Path dir;

    /** A take whose every window has the same embedding and the motion of a circle or a line. */
    static Take take(String id, String label, boolean circle, long seed) {
        float[] motion = MotionTrajectoryTest.describe(MotionTrajectoryTest.movingSquare(MotionTrajectoryTest.T, MotionTrajectoryTest.H,
                MotionTrajectoryTest.W, circle, seed));
        float[] e = EMBEDDING.clone();
        e[1] += 0.01f * (seed % 10); // a little spread, the same for both classes
        return new Take(id, label, 4, 4, 20, new float[][] {e, e}, new float[][] {new float[4], new float[4]}, e, new float[4],
                new float[][] {motion, motion}, motion);
    }

    static List<Take> takes() {
        List<Take> out = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            out.add(take("c" + i, "Circle", true, 10 + i));
            out.add(take("l" + i, "Line", false, 20 + i));
        }
        return out;
    }

    /** Two new classes the embedding cannot tell apart (Circle and Line), fitted with the motion block. */
    static Profile fitted() {
        return HeadFitter.defaults().fit(takes(), LABELS, List.of("Circle", "Line"), "m.onnx", "00".repeat(32));
    }

    static float[] probs(ProfileHead head, Take t) {
        float[] p = new float[head.outputs()];
        head.apply(t.windowLogits()[0], t.windowEmbeddings()[0], t.motion(0), p);
        return p;
    }

    @Test
    void theMotionBlockTellsApartGesturesTheEmbeddingCannot() {
        Profile p = fitted();
        assertEquals(Profile.Motion.of(HeadFitter.DEFAULT_MOTION_SHARE), p.motion());
        assertEquals(3 + MotionTrajectory.DIM, p.weights()[0].length);
        ProfileHead head = new ProfileHead(p, null);
        float[] circle = probs(head, take("c9", "Circle", true, 99)), line = probs(head, take("l9", "Line", false, 98));
        assertTrue(circle[4] > 0.5 && circle[4] > circle[5], "a new circle is Circle: " + circle[4] + " vs " + circle[5]);
        assertTrue(line[5] > 0.5 && line[5] > line[4], "a new line is Line: " + line[5] + " vs " + line[4]);
        // Without the block the same takes give one head for both.
        Profile plain = new HeadFitter(HeadFitter.Kind.LOGISTIC, HeadFitter.DEFAULT_L2, HeadFitter.DEFAULT_ITERATIONS, 0)
                .fit(takes(), LABELS, List.of("Circle", "Line"), "m.onnx", "00".repeat(32));
        assertEquals(Profile.Motion.NONE, plain.motion());
        float[] q = probs(new ProfileHead(plain, null), take("c9", "Circle", true, 99));
        assertEquals(q[4], q[5], 0.1, "without motion Circle and Line are a coin toss");
    }

    @Test
    void aProfileWithTheMotionBlockRoundTrips() throws Exception {
        // Without path templates the block alone is format version 2, as before them.
        Profile p = new HeadFitter(HeadFitter.Kind.LOGISTIC, HeadFitter.DEFAULT_L2, HeadFitter.DEFAULT_ITERATIONS,
                HeadFitter.DEFAULT_MOTION_SHARE, 0).fit(takes(), LABELS, List.of("Circle", "Line"), "m.onnx", "00".repeat(32));
        assertTrue(p.paths().isEmpty());
        Path file = dir.resolve("m.profile");
        p.write(file, false);
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(Profile.VERSION_MOTION, ByteBuffer.wrap(bytes, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort());
        assertFalse(new String(bytes, StandardCharsets.UTF_8).contains("\"paths\""));
        Profile back = Profile.read(file);
        assertEquals(p.motion(), back.motion());
        assertEquals(p.dim(), back.dim());
        assertArrayEquals(p.mean(), back.mean());
        for (int r = 0; r < p.weights().length; r++) assertArrayEquals(p.weights()[r], back.weights()[r]);
        assertArrayEquals(p.bias(), back.bias());
        Take t = take("c9", "Circle", true, 99);
        assertArrayEquals(probs(new ProfileHead(p, "No gesture"), t), probs(new ProfileHead(back, "No gesture"), t));
    }

    @Test
    void aProfileWithPathTemplatesRoundTripsAsFormatFive() throws Exception {
        Profile p = fitted();
        // One template per take: three circles and three lines, each in its recorded class.
        assertEquals(6, p.paths().points().length);
        assertArrayEquals(new int[] {0, 1, 0, 1, 0, 1}, p.paths().classOf());
        assertEquals((float) HeadFitter.DEFAULT_PATH_WEIGHT, p.paths().weight());
        assertTrue(p.paths().scale() > 0);
        Path file = dir.resolve("p.profile");
        p.write(file, false);
        byte[] bytes = Files.readAllBytes(file);
        assertEquals(Profile.VERSION_PATHS, ByteBuffer.wrap(bytes, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort());
        Profile back = Profile.read(file);
        assertEquals(p.motion(), back.motion());
        assertArrayEquals(p.paths().classOf(), back.paths().classOf());
        for (int i = 0; i < 6; i++) assertArrayEquals(p.paths().points()[i], back.paths().points()[i]);
        assertEquals(p.paths().scale(), back.paths().scale());
        assertEquals(List.of(new Profile.Member("m.onnx", "00".repeat(32), 3)), back.members());
        Take t = take("c9", "Circle", true, 99);
        assertArrayEquals(probs(new ProfileHead(p, "No gesture"), t), probs(new ProfileHead(back, "No gesture"), t));
        // A cut-off file fails its checksum.
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 40));
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> Profile.read(file));
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
    }

    @Test
    void thePathTermMovesTheHeadTowardTheMatchingTemplates() {
        Profile with = fitted();
        Profile without = new HeadFitter(HeadFitter.Kind.LOGISTIC, HeadFitter.DEFAULT_L2, HeadFitter.DEFAULT_ITERATIONS,
                HeadFitter.DEFAULT_MOTION_SHARE, 0).fit(takes(), LABELS, List.of("Circle", "Line"), "m.onnx", "00".repeat(32));
        // The same fitted rows: the templates only add their term.
        for (int r = 0; r < 2; r++) assertArrayEquals(without.weights()[r], with.weights()[r]);
        Take circle = take("c9", "Circle", true, 99), line = take("l9", "Line", false, 98);
        float[] a = probs(new ProfileHead(with, null), circle), b = probs(new ProfileHead(without, null), circle);
        assertTrue(a[4] / a[5] > b[4] / b[5], "a circle's path matches the circles: " + a[4] / a[5] + " vs " + b[4] / b[5]);
        float[] c = probs(new ProfileHead(with, null), line), d = probs(new ProfileHead(without, null), line);
        assertTrue(c[5] / c[4] > d[5] / d[4], "a line's path matches the lines: " + c[5] / c[4] + " vs " + d[5] / d[4]);
        // A window where nothing moved has no path: the head answers as without templates.
        float[] still = new float[MotionTrajectory.DIM], x = new float[with.labels().size()], y = new float[x.length];
        new ProfileHead(with, null).apply(new float[4], EMBEDDING, still, x);
        new ProfileHead(without, null).apply(new float[4], EMBEDDING, still, y);
        assertArrayEquals(y, x);
    }

    @Test
    void aClassWhoseTakesNeverMovedKeepsItsLogitBesideTemplates() {
        List<Take> takes = new ArrayList<>(takes());
        float[] still = new float[MotionTrajectory.DIM];
        for (int i = 0; i < 3; i++) {
            float[] e = {-1, 0.5f, 0.5f};
            takes.add(new Take("s" + i, "Pose", 4, 4, 20, new float[][] {e, e}, new float[][] {new float[4], new float[4]}, e, new float[4],
                    new float[][] {still, still}, still));
        }
        Profile p = HeadFitter.defaults().fit(takes, LABELS, List.of("Circle", "Line", "Pose"), "m.onnx", "00".repeat(32));
        assertEquals(6, p.paths().points().length, "the held pose gives no template");
        // A window that shows the pose's embedding while something moves: the pose is not ruled out.
        Take t = take("c9", "Circle", true, 99);
        float[] probs = new float[p.labels().size()];
        new ProfileHead(p, null).apply(new float[4], new float[] {-1, 0.5f, 0.5f}, t.motion(0), probs);
        assertTrue(probs[6] > 0.2, "Pose keeps its share: " + probs[6]);
    }

    /** The bytes the writer of format version 1 wrote, before the motion block: built here field by field. */
    static byte[] versionOne(float[] mean, float[] weights, float bias) {
        String json = "{\"model\":{\"file\":\"m.onnx\",\"sha256\":\"" + "00".repeat(32) + "\",\"embedding_dim\":3,"
                + "\"labels\":[\"Swiping Left\",\"Thumb Up\",\"No gesture\",\"Doing other things\"]},"
                + "\"classes\":[{\"label\":\"Circle\",\"new\":true,\"takes\":5}],\"fit\":{\"head\":\"logistic\"}}";
        byte[] j = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + 2 + 4 + j.length + 4 + 4 * 7 + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put("JESTPROF".getBytes(StandardCharsets.US_ASCII)).putShort((short) 1).putInt(j.length).put(j).putInt(7);
        for (float f : mean) b.putFloat(f);
        for (float f : weights) b.putFloat(f);
        b.putFloat(bias);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }

    @Test
    void aProfileFromBeforeTheMotionBlockLoadsAndRunsAsBefore() throws Exception {
        Path file = dir.resolve("old.profile");
        Files.write(file, versionOne(new float[] {1, 0, 0}, new float[] {2, 0, 0}, 0.5f));
        Profile p = Profile.read(file);
        assertEquals(Profile.Motion.NONE, p.motion());
        ProfileHead head = new ProfileHead(p, null);
        assertFalse(head.usesMotion());
        float[] probs = new float[5];
        head.apply(new float[4], new float[] {4, 4, 0}, probs); // (embedding - mean) / |.| = (0.6, 0.8, 0): Circle's logit 2 * 0.6 + 0.5
        double e = Math.exp(1.7);
        assertEquals(e / (e + 4), probs[4], 1e-6);
        // And the writer still writes version 1, in that layout, for a profile without the block.
        Path again = dir.resolve("again.profile");
        p.write(again, false);
        byte[] bytes = Files.readAllBytes(again);
        assertEquals(Profile.VERSION, ByteBuffer.wrap(bytes, 8, 2).order(ByteOrder.LITTLE_ENDIAN).getShort());
        assertFalse(new String(bytes, StandardCharsets.UTF_8).contains("\"motion\""));
        int json = ByteBuffer.wrap(bytes, 10, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        assertEquals(3 + 3 + 1, ByteBuffer.wrap(bytes, 14 + json, 4).order(ByteOrder.LITTLE_ENDIAN).getInt(), "D + one row of D + one bias");
    }

    @Test
    void aProfileWithAnotherDescriptorVersionIsRefusedInOneLine() throws Exception {
        Path file = dir.resolve("m.profile");
        fitted().write(file, false);
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        String from = "\"version\":" + MotionTrajectory.VERSION + ",";
        int at = text.indexOf(from);
        assertTrue(at > 0, "the header names the descriptor's version");
        bytes[at + from.length() - 2] = '9';
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer.wrap(bytes, bytes.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) crc.getValue());
        Files.write(file, bytes);
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> Profile.read(file));
        assertTrue(e.getMessage().contains("motion descriptor version 9") && e.getMessage().contains("jesture adapt"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
