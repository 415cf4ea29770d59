package io.jesture.internal.adapt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jesture.ModelLoadException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;

/**
 * What {@code jesture adapt} fitted: a light head on one model's (or one ensemble's) embeddings, and the model it belongs
 * to. Immutable. For recorded class r (a model label or a new one) the head adds
 * {@code weights[r] . f + bias[r]} to that class's logit (a new class starts from 0), where
 * {@code f = normalise(embedding - mean)}, or with a motion block the block-wise normalised embedding
 * and {@link MotionTrajectory} descriptor ({@link Features}); {@link ProfileHead} applies it.
 *
 * <p>On disk (little-endian): the 8 bytes {@code JESTPROF}, a u16 format version, a u32 length and a
 * UTF-8 JSON header (model, classes, motion block, how it was fitted), a u32 count and that many
 * float32 (mean, then weights row by row, then biases, each of length D plus the motion block's), and
 * a CRC-32 of everything before it. The checksum turns a truncated or altered file into one clear
 * error instead of a head that silently misfires. A profile without a motion block is written as
 * format version 1, which is what every profile was before the motion block (so older jesture builds
 * still read it); one with a motion block is version 2, whose header has a {@code motion} object.
 *
 * <p>A profile may also be fitted on an ensemble ({@code jesture adapt --model A B}): its embedding is
 * the members' embeddings one after the other and its logits those of the members' fused
 * probabilities ({@link io.jesture.internal.model.EnsembleScores}). It is written as format version
 * 4, whose header lists the members; it runs on those models, in that order, and no others. Version 3
 * was the same on ensembles that averaged their members' probabilities; it is refused with one line.
 *
 * <p>A profile may also keep the recorded takes' motion paths as templates ({@link Paths}, matched by
 * {@link PathTemplates}): format version 5, on one model or an ensemble, whose header has a {@code paths}
 * object and, on an ensemble, the members; the templates' points follow the biases. Older builds refuse
 * it by its version instead of running the head without its templates.
 *
 * @param modelFile    the model's file name when it was fitted (information only; an ensemble's are joined by '+')
 * @param modelSha256  the model file's SHA-256 (an ensemble's joined by '+'); {@link #members} decides what it runs on
 * @param modelLabels  the model's labels, in its output order
 * @param dim          D, the embedding length (an ensemble's: the sum of its members')
 * @param classes      the recorded classes, in head order
 * @param mean         {@code [D + motion.dim]}
 * @param weights      {@code [classes][D + motion.dim]}
 * @param bias         {@code [classes]}
 * @param info         how it was fitted (head kind, takes, options, measurements), as JSON
 * @param motion       the motion block, or {@link Motion#NONE}
 * @param members      the models it was fitted on, in order: one, or an ensemble's
 * @param paths        the path templates, or {@link Paths#NONE}
 */
public record Profile(String modelFile, String modelSha256, List<String> modelLabels, int dim, List<RecordedClass> classes,
                      float[] mean, float[][] weights, float[] bias, ObjectNode info, Motion motion, List<Member> members, Paths paths) {
    static final byte[] MAGIC = "JESTPROF".getBytes(StandardCharsets.US_ASCII);
    /** The format without a motion block: every profile written before it existed. */
    public static final int VERSION = 1;
    /** The format with a motion block. */
    public static final int VERSION_MOTION = 2;
    /**
     * The format of a profile fitted on an ensemble: its header lists the members (the motion block is
     * optional), and its head reads the logits of the members' product ({@link io.jesture.internal.model.EnsembleScores}).
     */
    public static final int VERSION_ENSEMBLE = 4;
    /**
     * Ensemble profiles fitted when an ensemble averaged its members' probabilities: their head was fitted
     * on other logits than it would now read, so they are refused.
     */
    static final int VERSION_ENSEMBLE_MEAN = 3;
    /** The format of a profile with path templates ({@link Paths}), on one model or an ensemble. */
    public static final int VERSION_PATHS = 5;

    /**
     * The recorded takes' motion paths, kept as templates for {@link PathTemplates}.
     *
     * @param weight  how many logits one {@code scale} of path distance is worth
     * @param scale   the typical distance between two takes ({@link PathTemplates#typicalScale})
     * @param classOf each template's recorded class (an index into {@link Profile#classes})
     * @param points  each template's {@code 2 * MotionTrajectory.POINTS} centred points
     */
    public record Paths(float weight, float scale, int[] classOf, float[][] points) {
        public static final Paths NONE = new Paths(0, 1, new int[0], new float[0][]);

        public Paths {
            if (classOf.length != points.length) throw new IllegalArgumentException("one class per path template");
            for (float[] p : points) {
                if (p.length != 2 * MotionTrajectory.POINTS) throw new IllegalArgumentException("a path template has " + p.length + " floats");
            }
        }

        public boolean isEmpty() {
            return points.length == 0;
        }
    }

    /**
     * One model the profile was fitted on.
     *
     * @param file   its file name when fitted (information only)
     * @param sha256 its SHA-256
     * @param dim    the length of its embedding, its block of the feature
     */
    public record Member(String file, String sha256, int dim) {}

    public Profile {
        members = List.copyOf(members);
        if (!paths.isEmpty() && motion.dim() == 0) throw new IllegalArgumentException("path templates need the motion block");
        for (int c : paths.classOf()) if (c < 0 || c >= classes.size()) throw new IllegalArgumentException("a path template's class is " + c);
        int sum = 0;
        for (Member m : members) sum += m.dim();
        if (members.isEmpty() || sum != dim) throw new IllegalArgumentException("members' embeddings sum to " + sum + ", not " + dim);
    }

    /** A profile without path templates. */
    public Profile(String modelFile, String modelSha256, List<String> modelLabels, int dim, List<RecordedClass> classes, float[] mean,
                   float[][] weights, float[] bias, ObjectNode info, Motion motion, List<Member> members) {
        this(modelFile, modelSha256, modelLabels, dim, classes, mean, weights, bias, info, motion, members, Paths.NONE);
    }

    /** A profile on one model. */
    public Profile(String modelFile, String modelSha256, List<String> modelLabels, int dim, List<RecordedClass> classes, float[] mean,
                   float[][] weights, float[] bias, ObjectNode info, Motion motion) {
        this(modelFile, modelSha256, modelLabels, dim, classes, mean, weights, bias, info, motion,
                List.of(new Member(modelFile, modelSha256, dim)));
    }

    /** A profile on {@code members}, in order. */
    public static Profile of(List<Member> members, List<String> modelLabels, List<RecordedClass> classes, float[] mean, float[][] weights,
                             float[] bias, ObjectNode info, Motion motion) {
        return of(members, modelLabels, classes, mean, weights, bias, info, motion, Paths.NONE);
    }

    /** A profile on {@code members}, in order, with path templates. */
    public static Profile of(List<Member> members, List<String> modelLabels, List<RecordedClass> classes, float[] mean, float[][] weights,
                             float[] bias, ObjectNode info, Motion motion, Paths paths) {
        int dim = 0;
        for (Member m : members) dim += m.dim();
        return new Profile(join(members, Member::file), join(members, Member::sha256), modelLabels, dim, classes, mean, weights, bias,
                info, motion, members, paths);
    }

    private static String join(List<Member> members, java.util.function.Function<Member, String> f) {
        return members.stream().map(f).collect(java.util.stream.Collectors.joining("+"));
    }

    /** Whether it was fitted on an ensemble of several models. */
    public boolean isEnsemble() {
        return members.size() > 1;
    }

    /**
     * The {@link MotionTrajectory} block of the feature.
     *
     * @param dim     its length ({@link MotionTrajectory#DIM}), 0 for none
     * @param share   a, its share of the feature ({@link Features})
     * @param version the descriptor's {@link MotionTrajectory#VERSION} when fitted
     */
    public record Motion(int dim, double share, int version) {
        public static final Motion NONE = new Motion(0, 0, 0);

        /** The current descriptor with share {@code share}. */
        public static Motion of(double share) {
            return new Motion(MotionTrajectory.DIM, share, MotionTrajectory.VERSION);
        }
    }

    /** A profile without a motion block. */
    public Profile(String modelFile, String modelSha256, List<String> modelLabels, int dim, List<RecordedClass> classes, float[] mean,
                   float[][] weights, float[] bias, ObjectNode info) {
        this(modelFile, modelSha256, modelLabels, dim, classes, mean, weights, bias, info, Motion.NONE);
    }

    /** How the head's input is built from a window's embedding and motion descriptor. */
    public Features features() {
        return new Features(mean, blocks(members), motion.dim(), motion.share());
    }

    /** Each member's D, in order: the embedding blocks of the head's feature ({@link Features}). */
    static int[] blocks(List<Member> members) {
        return members.stream().mapToInt(Member::dim).toArray();
    }
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * One recorded class.
     *
     * @param label the gesture's name
     * @param isNew whether the model does not have it (the head adds it after the model's labels)
     * @param takes how many takes it was fitted on
     */
    public record RecordedClass(String label, boolean isNew, int takes) {}

    /** The labels of a recognizer that runs this profile: the model's, then the new ones in head order. */
    public List<String> labels() {
        List<String> out = new ArrayList<>(modelLabels);
        for (RecordedClass c : classes) if (c.isNew()) out.add(c.label());
        return List.copyOf(out);
    }

    /** The format version it is written in: 1 without a motion block, 2 with one, 4 on an ensemble, 5 with path templates. */
    public int formatVersion() {
        return !paths.isEmpty() ? VERSION_PATHS : isEnsemble() ? VERSION_ENSEMBLE : motion.dim() > 0 ? VERSION_MOTION : VERSION;
    }

    /** The JSON header written into the file: the model(s), the classes, the motion block and how it was fitted. */
    public ObjectNode header() {
        ObjectNode header = JSON.createObjectNode();
        ObjectNode model = header.putObject("model");
        model.put("file", modelFile).put("sha256", modelSha256).put("embedding_dim", dim);
        ArrayNode labels = model.putArray("labels");
        modelLabels.forEach(labels::add);
        if (isEnsemble()) {
            ArrayNode ms = model.putArray("members");
            for (Member m : members) ms.addObject().put("file", m.file()).put("sha256", m.sha256()).put("embedding_dim", m.dim());
        }
        ArrayNode cls = header.putArray("classes");
        for (RecordedClass c : classes) cls.addObject().put("label", c.label()).put("new", c.isNew()).put("takes", c.takes());
        if (motion.dim() > 0) {
            header.putObject("motion").put("descriptor", "centroid-trajectory").put("version", motion.version()).put("dim", motion.dim())
                    .put("share", motion.share());
        }
        if (!paths.isEmpty()) {
            ObjectNode po = header.putObject("paths");
            po.put("matcher", "dtw").put("band", PathTemplates.BAND).put("nearest", PathTemplates.NEAREST).put("weight", paths.weight())
                    .put("scale", paths.scale()).put("templates", paths.points().length);
            ArrayNode of = po.putArray("class_of");
            for (int c : paths.classOf()) of.add(c);
        }
        header.set("fit", info);
        return header;
    }

    /** Writes the profile; refuses to replace an existing file unless {@code overwrite}. */
    public void write(Path file, boolean overwrite) throws IOException {
        if (Files.exists(file) && !overwrite) {
            throw new java.nio.file.FileAlreadyExistsException(file + " already exists: choose another --out, or pass --overwrite");
        }
        byte[] json = JSON.writeValueAsBytes(header());
        int m = classes.size();
        int width = dim + motion.dim();
        int floats = width + m * width + m + paths.points().length * 2 * MotionTrajectory.POINTS;
        ByteBuffer b = ByteBuffer.allocate(MAGIC.length + 2 + 4 + json.length + 4 + 4 * floats + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).putShort((short) formatVersion()).putInt(json.length).put(json).putInt(floats);
        for (float f : mean) b.putFloat(f);
        for (float[] row : weights) for (float f : row) b.putFloat(f);
        for (float f : bias) b.putFloat(f);
        for (float[] row : paths.points()) for (float f : row) b.putFloat(f);
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        // A sibling written in full, then renamed over: a crash never leaves half a profile under the name.
        Path tmp = file.toAbsolutePath().resolveSibling("." + file.getFileName() + ".tmp");
        try {
            Files.write(tmp, b.array());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Reads a profile file.
     *
     * @throws ModelLoadException it is missing, not a profile, of another format version, or corrupt
     */
    public static Profile read(Path file) throws ModelLoadException {
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException("profile " + file.toAbsolutePath() + " does not exist: pass a file written by 'jesture adapt --out'");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read profile " + file + ": " + e.getMessage(), e);
        }
        String fix = ": make it again with 'jesture adapt --data DIR --out " + file.getFileName() + "'";
        if (bytes.length < MAGIC.length + 10 || !java.util.Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new ModelLoadException("profile " + file + " is not a jesture profile (it does not start with JESTPROF)" + fix);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        b.position(MAGIC.length);
        int version = b.getShort() & 0xffff;
        if (version == VERSION_ENSEMBLE_MEAN) {
            throw new ModelLoadException("profile " + file + " was fitted when an ensemble averaged its members' probabilities"
                    + " (format version 3); ensembles now fuse them by their product, which its head was not fitted on"
                    + ": make it again with 'jesture adapt --model A B ... --data DIR --out " + file.getFileName() + "'");
        }
        if (version != VERSION && version != VERSION_MOTION && version != VERSION_ENSEMBLE && version != VERSION_PATHS) {
            throw new ModelLoadException("profile " + file + " has format version " + version + " but this jesture reads versions "
                    + VERSION + ", " + VERSION_MOTION + ", " + VERSION_ENSEMBLE + " and " + VERSION_PATHS + fix);
        }
        CRC32 crc = new CRC32();
        crc.update(bytes, 0, bytes.length - 4);
        int stored = ByteBuffer.wrap(bytes, bytes.length - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if ((int) crc.getValue() != stored) {
            throw new ModelLoadException("profile " + file + " is corrupt (its checksum does not match: truncated or altered)" + fix);
        }
        try {
            int jsonLength = b.getInt();
            JsonNode header = JSON.readTree(new String(bytes, b.position(), jsonLength, StandardCharsets.UTF_8));
            b.position(b.position() + jsonLength);
            JsonNode model = header.required("model");
            int dim = model.required("embedding_dim").asInt();
            List<String> labels = new ArrayList<>();
            model.required("labels").forEach(n -> labels.add(n.asText()));
            List<RecordedClass> classes = new ArrayList<>();
            for (JsonNode c : header.required("classes")) {
                classes.add(new RecordedClass(c.required("label").asText(), c.required("new").asBoolean(), c.required("takes").asInt()));
            }
            Motion motion = Motion.NONE;
            if (version == VERSION_MOTION || version == VERSION_PATHS || (version == VERSION_ENSEMBLE && header.has("motion"))) {
                JsonNode mo = header.required("motion");
                motion = new Motion(mo.required("dim").asInt(), mo.required("share").asDouble(), mo.required("version").asInt());
                if (motion.version() != MotionTrajectory.VERSION || motion.dim() != MotionTrajectory.DIM) {
                    throw new ModelLoadException("profile " + file + " uses motion descriptor version " + motion.version() + " (" + motion.dim()
                            + " floats) but this jesture computes version " + MotionTrajectory.VERSION + " (" + MotionTrajectory.DIM
                            + " floats)" + fix);
                }
            }
            int m = classes.size();
            int f = dim + motion.dim();
            int templates = 0;
            int[] classOf = new int[0];
            JsonNode po = version == VERSION_PATHS ? header.required("paths") : null;
            if (po != null) {
                templates = po.required("templates").asInt();
                JsonNode of = po.required("class_of");
                if (templates <= 0 || of.size() != templates) throw new IllegalArgumentException("paths disagree");
                classOf = new int[templates];
                for (int i = 0; i < templates; i++) classOf[i] = of.get(i).asInt();
                if (po.required("band").asInt() != PathTemplates.BAND || po.required("nearest").asInt() != PathTemplates.NEAREST) {
                    throw new ModelLoadException("profile " + file + " matches paths with band " + po.get("band").asInt() + " and "
                            + po.get("nearest").asInt() + " nearest templates but this jesture uses " + PathTemplates.BAND + " and "
                            + PathTemplates.NEAREST + fix);
                }
            }
            int pf = 2 * MotionTrajectory.POINTS;
            int floats = b.getInt();
            if (dim <= 0 || m == 0 || floats != f + m * f + m + templates * pf || b.remaining() != 4 * floats + 4) {
                throw new IllegalArgumentException("sizes disagree");
            }
            float[] mean = new float[f];
            for (int i = 0; i < f; i++) mean[i] = b.getFloat();
            float[][] weights = new float[m][f];
            for (float[] row : weights) for (int i = 0; i < f; i++) row[i] = b.getFloat();
            float[] bias = new float[m];
            for (int i = 0; i < m; i++) bias[i] = b.getFloat();
            float[][] points = new float[templates][pf];
            for (float[] row : points) for (int i = 0; i < pf; i++) row[i] = b.getFloat();
            Paths paths = po == null ? Paths.NONE : new Paths((float) po.required("weight").asDouble(), (float) po.required("scale").asDouble(),
                    classOf, points);
            if (!paths.isEmpty() && !(paths.scale() > 0 && paths.weight() >= 0)) throw new IllegalArgumentException("path scale or weight");
            ObjectNode info = header.get("fit") instanceof ObjectNode o ? o : JSON.createObjectNode();
            if (version == VERSION_ENSEMBLE || (version == VERSION_PATHS && model.has("members"))) {
                List<Member> members = new ArrayList<>();
                for (JsonNode mm : model.required("members")) {
                    members.add(new Member(mm.path("file").asText(""), mm.required("sha256").asText(), mm.required("embedding_dim").asInt()));
                }
                if (members.size() < 2) throw new IllegalArgumentException("an ensemble profile lists " + members.size() + " member");
                return new Profile(model.path("file").asText(""), model.required("sha256").asText(), List.copyOf(labels), dim,
                        List.copyOf(classes), mean, weights, bias, info, motion, members, paths);
            }
            String sha = model.required("sha256").asText(), name = model.path("file").asText("");
            return new Profile(name, sha, List.copyOf(labels), dim, List.copyOf(classes), mean, weights, bias, info, motion,
                    List.of(new Member(name, sha, dim)), paths);
        } catch (ModelLoadException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ModelLoadException("profile " + file + " is corrupt (" + e.getMessage() + ")" + fix, e);
        }
    }

    /** SHA-256 of a file, in lower-case hex. */
    public static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    /**
     * Checks that this profile was fitted on {@code model}.
     *
     * @throws ModelLoadException it was fitted on another model file, or on an ensemble
     */
    public void checkModel(Path profileFile, Path model) throws ModelLoadException {
        checkModels(profileFile, List.of(model));
    }

    /**
     * Checks that this profile was fitted on {@code models}, in that order (an ensemble's members).
     *
     * @throws ModelLoadException it was fitted on other model files, on another number of them, or in another order
     */
    public void checkModels(Path profileFile, List<Path> models) throws ModelLoadException {
        List<String> actual = new ArrayList<>();
        for (Path model : models) {
            try {
                actual.add(sha256(model));
            } catch (IOException e) {
                throw new ModelLoadException("cannot read model " + model + ": " + e.getMessage(), e);
            }
        }
        List<String> expected = members.stream().map(Member::sha256).toList();
        if (actual.equals(expected)) return;
        String given = models.stream().map(Path::toString).collect(java.util.stream.Collectors.joining(" "));
        if (!isEnsemble() && models.size() == 1) {
            throw new ModelLoadException("profile " + profileFile + " was fitted on another model (" + modelFile + ", sha256 "
                    + modelSha256.substring(0, 12) + "...), not " + given + " (sha256 " + actual.get(0).substring(0, 12)
                    + "...): pass that model with --model, or adapt again on this one");
        }
        String fitted = members.stream().map(Member::file).collect(java.util.stream.Collectors.joining(" "));
        boolean reordered = actual.size() == expected.size() && new java.util.HashSet<>(actual).equals(new java.util.HashSet<>(expected));
        throw new ModelLoadException("profile " + profileFile + " was fitted on " + (isEnsemble() ? "the ensemble " : "the model ") + fitted
                + (reordered ? ", in that order," : "") + " not on " + given + ": pass --model " + fitted + ", or adapt again on "
                + (models.size() == 1 ? "this model" : "these models"));
    }
}
