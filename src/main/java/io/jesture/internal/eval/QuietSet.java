package io.jesture.internal.eval;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * The fixed set of inputs of {@code jesture eval-quiet}: scenes in which no gesture should fire.
 * Inputs whose files are absent on this machine are skipped with the reason, never silently.
 */
public final class QuietSet {
    /**
     * FFmpeg's moving test sources, made at run time (lavfi), with their options. life and cellauto
     * fill their first grid at random unless given a seed; a fixed one makes runs repeatable.
     */
    static final List<String> PATTERNS = List.of("testsrc", "mandelbrot", "life:seed=1", "cellauto:seed=1");
    /** OpenCV's sample videos (Debian package opencv-doc). */
    static final List<String> FILMS = List.of("vtest.avi", "Megamind.avi", "tree.avi");
    public static final Path OPENCV_SAMPLES = Path.of("/usr/share/doc/opencv-doc/examples/data");

    /**
     * The synthetic scenarios with no gesture in them, as {@code name -> synthetic: spec} (without pace):
     * rest and the world's mixed "Doing other things" motion, then one named scene each
     * ({@code quiet=}, {@link io.jesture.synth.QuietScenario}): one everyday act repeated for a minute,
     * or the performer resting (or away) while a screen, a pet or people walking past move.
     * Every scene is of the test split, whose rooms training never sees.
     */
    static final List<String[]> SYNTHETIC_SCENARIOS = List.of(
            scenario("rest-301", 301, "No gesture", 40),
            scenario("rest-302", 302, "No gesture", 40),
            scenario("rest-303", 303, "No gesture", 40),
            scenario("other-motion-304", 304, "Doing other things", 16),
            scenario("other-motion-305", 305, "Doing other things", 16),
            scenario("other-motion-306", 306, "Doing other things", 16),
            quiet("typing", 307),
            quiet("talking", 308),
            quiet("drinking", 309),
            quiet("looking-around", 310),
            quiet("leaving", 311),
            quiet("empty-room", 312),
            quiet("screen", 313),
            quiet("pet", 314),
            quiet("passer-by", 315));

    /** A named quiet scene, a minute long. */
    private static String[] quiet(String scene, long seed) {
        return new String[] {scene + "-" + seed, "seed=" + seed + ",size=640x480,fps=30,split=test,quiet=" + scene + ",minutes=1"};
    }

    /** An input that could not be included, and why. */
    public record Skipped(String name, String reason) {}

    /** The inputs to run and those skipped. */
    public record Selection(List<QuietInput> inputs, List<Skipped> skipped) {}

    private QuietSet() {}

    /** {@code labels=} a background label repeated: 1.5 s of rest per "No gesture", one act per "Doing other things". */
    private static String[] scenario(String name, long seed, String label, int times) {
        return new String[] {name, "seed=" + seed + ",size=640x480,fps=30,split=test,labels=" + String.join("|", Collections.nCopies(times, label))};
    }

    /**
     * Builds the selection.
     *
     * @param groups         which groups to include (empty: all)
     * @param patternSeconds length of each generated test pattern
     * @param openCvDir      where OpenCV's samples are (plain or {@code .gz})
     * @param realDevDir     the real development clips ({@code egogestar/labels.csv} inside), or null
     * @param scratch        where gzip-compressed samples are unpacked
     * @param egoStill       seconds each egocentric clip's first and last frames are held around it (0: none)
     */
    public static Selection build(Set<String> groups, double patternSeconds, Path openCvDir, Path realDevDir, Path scratch,
                                  double egoStill) throws IOException {
        List<QuietInput> in = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        if (wanted(groups, QuietInput.PATTERN)) {
            for (String p : PATTERNS) {
                String[] nameOptions = p.split(":", 2);
                String options = nameOptions.length > 1 ? ":" + nameOptions[1] : "";
                in.add(new QuietInput(nameOptions[0], QuietInput.PATTERN, QuietInput.Kind.LAVFI, String.format(Locale.ROOT,
                        "%s=size=640x480:rate=30%s,trim=duration=%s", nameOptions[0], options, trim(patternSeconds))));
            }
        }
        if (wanted(groups, QuietInput.FILM)) {
            for (String f : FILMS) {
                Path plain = openCvDir.resolve(f);
                Path gz = openCvDir.resolve(f + ".gz");
                String name = f.substring(0, f.lastIndexOf('.'));
                if (Files.isRegularFile(plain)) {
                    in.add(new QuietInput(name, QuietInput.FILM, QuietInput.Kind.FILE, plain.toString()));
                } else if (Files.isRegularFile(gz)) {
                    Files.createDirectories(scratch).toFile().deleteOnExit();
                    Path out = scratch.resolve(f);
                    try (InputStream s = new GZIPInputStream(Files.newInputStream(gz))) {
                        Files.copy(s, out, StandardCopyOption.REPLACE_EXISTING);
                    }
                    out.toFile().deleteOnExit();
                    in.add(new QuietInput(name, QuietInput.FILM, QuietInput.Kind.FILE, out.toString()));
                } else {
                    skipped.add(new Skipped(name, "no " + plain + "(.gz): install the Debian package opencv-doc, or pass --opencv-samples DIR"));
                }
            }
        }
        if (wanted(groups, QuietInput.EGOCENTRIC)) {
            Path csv = realDevDir == null ? null : realDevDir.resolve("egogestar").resolve("labels.csv");
            if (csv == null || !Files.isRegularFile(csv)) {
                skipped.add(new Skipped("egogestar", "no " + (csv == null ? "egogestar/labels.csv" : csv)
                        + ": the real development clips are not on this machine (pass --real-dev DIR)"));
            } else {
                int missing = 0;
                for (String line : Files.readAllLines(csv)) {
                    String[] f = line.split(";");
                    if (f.length < 3 || !f[2].strip().equals("-")) continue; // header and gesture rows
                    Path clip = csv.resolveSibling(f[0].strip());
                    if (!Files.isRegularFile(clip)) {
                        missing++;
                        continue;
                    }
                    String name = f[0].strip().replaceFirst("\\.mp4$", "");
                    in.add(new QuietInput("egogestar/" + name, QuietInput.EGOCENTRIC, QuietInput.Kind.FILE, clip.toString(), egoStill));
                }
                if (missing > 0) skipped.add(new Skipped("egogestar", missing + " clips listed in " + csv + " are missing"));
            }
        }
        if (wanted(groups, QuietInput.SYNTHETIC)) {
            for (String[] s : SYNTHETIC_SCENARIOS) in.add(new QuietInput(s[0], QuietInput.SYNTHETIC, QuietInput.Kind.SYNTHETIC, s[1]));
        }
        return new Selection(List.copyOf(in), List.copyOf(skipped));
    }

    /** A real clip of a gesture, with the labels that count as right for it. */
    public record Positive(QuietInput input, Set<String> accept) {}

    /**
     * The EgoGestAR clips that do show a gesture (rows of {@code egogestar/labels.csv} whose accept
     * column lists labels), for measuring what a gate costs on real gestures; empty where absent.
     */
    public static List<Positive> realPositives(Path realDevDir, double still) throws IOException {
        List<Positive> out = new ArrayList<>();
        Path csv = realDevDir == null ? null : realDevDir.resolve("egogestar").resolve("labels.csv");
        if (csv == null || !Files.isRegularFile(csv)) return out;
        for (String line : Files.readAllLines(csv)) {
            String[] f = line.split(";");
            if (f.length < 3 || f[2].strip().equals("-") || f[2].strip().equals("accept")) continue;
            Path clip = csv.resolveSibling(f[0].strip());
            if (!Files.isRegularFile(clip)) continue;
            out.add(new Positive(new QuietInput("egogestar/" + f[0].strip().replaceFirst("\\.mp4$", ""), QuietInput.EGOCENTRIC,
                    QuietInput.Kind.FILE, clip.toString(), still), Set.of(f[2].strip().split("\\|"))));
        }
        return out;
    }

    /** The group names, in report order. */
    public static List<String> groups() {
        return List.of(QuietInput.PATTERN, QuietInput.FILM, QuietInput.EGOCENTRIC, QuietInput.SYNTHETIC);
    }

    private static boolean wanted(Set<String> groups, String g) {
        return groups.isEmpty() || groups.contains(g);
    }

    static String trim(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }
}
