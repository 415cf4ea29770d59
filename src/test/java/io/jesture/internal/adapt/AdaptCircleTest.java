package io.jesture.internal.adapt;

import io.jesture.GestureEvent;
import io.jesture.GestureListener;
import io.jesture.GestureOptions;
import io.jesture.GestureRecognizer;
import io.jesture.Provider;
import io.jesture.RunningMode;
import io.jesture.cli.Jesture;
import io.jesture.internal.model.Classifier;
import io.jesture.internal.model.ModelContract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Teaching the shipped model a gesture it was never trained on: a circle drawn with one finger,
 * rendered in the test. Adapts on five takes through the CLI, then runs the whole pipeline with the
 * profile: a new circle (another person, room and circle) must fire "Circle"; the same people at
 * rest must fire nothing.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class AdaptCircleTest {
    static final Path PROJECT = Path.of(System.getProperty("jesture.projectDir", "."));
    static final Path OUT = PROJECT.resolve("target").resolve("adapt-circle");
    static final Path SHIPPED = PROJECT.resolve("models").resolve("jesture-r2plus1d.onnx");
    static final int W = 176, H = 100; // Jester's frame size
    static Path model;

    /** The shipped model with its embedding output: as shipped, or added by jesture_train.export --add-embedding. */
    @BeforeAll
    static void modelWithEmbedding() throws Exception {
        Files.createDirectories(OUT);
        boolean has = Classifier.inspect(SHIPPED).metadata().containsKey(ModelContract.EMBEDDING_DIM_KEY);
        model = OUT.resolve("model.onnx");
        Files.deleteIfExists(model);
        if (has) {
            Files.copy(SHIPPED, model, StandardCopyOption.REPLACE_EXISTING);
            return;
        }
        ProcessBuilder pb = new ProcessBuilder(Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3",
                "-m", "jesture_train.export", "--add-embedding", SHIPPED.toString(), "--out", model.toString())
                .directory(PROJECT.toFile()).redirectErrorStream(true).redirectOutput(OUT.resolve("export.log").toFile());
        pb.environment().put("PYTHONPATH", PROJECT.resolve("src").resolve("train").toString());
        Process p = pb.start();
        assertTrue(p.waitFor(240, TimeUnit.SECONDS), "python timed out");
        assertEquals(0, p.exitValue(), Files.readString(OUT.resolve("export.log")));
    }

    static int cli(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        var cl = Jesture.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        System.out.print(out);
        System.err.print(err);
        return code;
    }

    static List<String> events(Path frames, Path profile) throws Exception {
        List<String> labels = new CopyOnWriteArrayList<>();
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        GestureOptions o = GestureOptions.builder()
                .source("frames:" + frames + ",fps=" + (int) RenderedTakes.FPS)
                .model(model)
                .profile(profile)
                .provider(Provider.CPU)
                .runningMode(RunningMode.OFFLINE)
                .errorListener((w, e) -> errors.add(e))
                .listener(new GestureListener() {
                    @Override public void onGesture(GestureEvent e) { labels.add(e.label()); }
                }).build();
        try (GestureRecognizer r = GestureRecognizer.create(o)) {
            r.start();
            assertTrue(r.awaitEndOfStream(Duration.ofSeconds(120)), "stream did not end");
        }
        assertEquals(List.of(), errors);
        return labels;
    }

    /** Five rendered circle takes (seeds {@code firstSeed} on), adapted into a fresh profile {@code name}.profile. */
    private static Path circleProfile(String name, long firstSeed) throws Exception {
        Path takes = OUT.resolve("takes-" + name);
        deleteTree(takes);
        try (TakeWriter w = new TakeWriter(takes)) {
            for (long seed = firstSeed; seed < firstSeed + 5; seed++) RenderedTakes.write(w, "Circle", seed, true, W, H, 3.5);
        }
        Path profile = OUT.resolve(name + ".profile");
        Files.deleteIfExists(profile);
        assertEquals(0, cli("adapt", "--data", takes.toString(), "--model", model.toString(), "--out", profile.toString()));
        return profile;
    }

    @Test
    void aCircleDrawnWithOneFingerIsLearnedFromFiveTakesAndFiresWhileRestDoesNot() throws Exception {
        Path tests = OUT.resolve("tests");
        deleteTree(tests);
        Path profile = circleProfile("circle", 1);

        // Seeds the takes never used: new people, rooms, circles.
        List<Path> circles = new ArrayList<>(), rests = new ArrayList<>();
        try (TakeWriter w = new TakeWriter(tests)) {
            for (long seed = 101; seed <= 103; seed++) circles.add(RenderedTakes.write(w, "Circle", seed, true, W, H, 4));
            for (long seed = 101; seed <= 103; seed++) rests.add(RenderedTakes.write(w, "rest", seed, false, W, H, 6));
        }
        int fired = 0;
        for (Path c : circles) {
            List<String> e = events(c, profile);
            System.out.println("circle " + c.getFileName() + ": " + e);
            fired += e.contains("Circle") ? 1 : 0;
            assertTrue(e.stream().allMatch("Circle"::equals), "a circle fired something else: " + e);
        }
        assertTrue(fired >= 2, "Circle fired on " + fired + " of 3 new circles");
        for (Path r : rests) {
            List<String> e = events(r, profile);
            System.out.println("rest " + r.getFileName() + ": " + e);
            assertEquals(List.of(), e, "rest fired");
        }
    }

    @Test
    void theModelsOwnGesturesStillFireWithTheProfile() throws Exception {
        Path tests = OUT.resolve("tests-own");
        deleteTree(tests);
        Path profile = circleProfile("circle-own", 11);
        // The model's own gestures as its eval stream shows them (320x240, TEST split): those the model fires
        // without the profile it must still fire with it, and none may turn into Circle.
        int[] gestures = {io.jesture.synth.JesterLabels.SWIPING_LEFT, io.jesture.synth.JesterLabels.SWIPING_RIGHT,
                io.jesture.synth.JesterLabels.SWIPING_UP, io.jesture.synth.JesterLabels.SWIPING_DOWN,
                io.jesture.synth.JesterLabels.index("Shaking Hand"), io.jesture.synth.JesterLabels.index("Zooming In With Full Hand")};
        List<Path> clips = new ArrayList<>();
        try (TakeWriter w = new TakeWriter(tests)) {
            for (int g : gestures) clips.add(RenderedTakes.writeGesture(w, 200 + g, g, 320, 240, 4));
        }
        int kept = 0, known = 0;
        for (int i = 0; i < clips.size(); i++) {
            String label = io.jesture.synth.JesterLabels.name(gestures[i]);
            List<String> without = events(clips.get(i), null);
            List<String> with = events(clips.get(i), profile);
            System.out.println(label + ": without profile " + without + ", with " + with);
            assertTrue(!with.contains("Circle"), label + " fired Circle: " + with);
            if (without.contains(label)) {
                known++;
                kept += with.contains(label) ? 1 : 0;
            }
        }
        assertTrue(known >= 3, "the model itself fired only " + known + " of " + gestures.length + " gestures");
        assertEquals(known, kept, "the profile lost a gesture the model fires");
    }

    static void deleteTree(Path p) throws Exception {
        if (!Files.exists(p)) return;
        try (var s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(q);
        }
    }
}
