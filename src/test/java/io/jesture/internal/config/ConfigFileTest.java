package io.jesture.internal.config;

import io.jesture.ConfigException;
import io.jesture.GestureOptions;
import io.jesture.GestureRecognizer;
import io.jesture.Provider;
import io.jesture.Rejection;
import io.jesture.RunningMode;
import io.jesture.Smoothing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigFileTest {
    @TempDir
    Path dir;

    Path yaml(String text) throws Exception {
        return Files.writeString(dir.resolve("jesture.yaml"), text);
    }

    static void assertMentions(Exception e, String... parts) {
        for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + p + "' not in: " + e.getMessage());
    }

    @Test
    void theShippedConfigStatesExactlyTheBuilderDefaults() throws Exception {
        Path shipped = Path.of(System.getProperty("jesture.projectDir", "."), "config", "jesture.yaml");
        GestureOptions fromFile = GestureRecognizer.readConfig(shipped).build();
        GestureOptions defaults = GestureOptions.builder().build();
        assertEquals(defaults.source(), fromFile.source());
        assertEquals(defaults.models(), fromFile.models());
        assertEquals(defaults.provider(), fromFile.provider());
        assertEquals(defaults.runningMode(), fromFile.runningMode());
        assertEquals(defaults.inferenceThreads(), fromFile.inferenceThreads());
        assertEquals(defaults.stride(), fromFile.stride());
        assertEquals(defaults.ringSize(), fromFile.ringSize());
        assertEquals(defaults.watchdogTimeout(), fromFile.watchdogTimeout());
        assertEquals(defaults.smoothing(), fromFile.smoothing());
        assertEquals(defaults.allow(), fromFile.allow());
        assertEquals(defaults.deny(), fromFile.deny());
    }

    @Test
    void readsEveryKey() throws Exception {
        GestureOptions o = GestureRecognizer.readConfig(yaml(String.join("\n",
                "source: file:clip.mp4,loop=true",
                "models: [a.onnx, b.onnx]",
                "provider: cuda",
                "inference-threads: 1",
                "mode: offline",
                "stride: 3",
                "ring-size: 128",
                "watchdog-timeout: 1500ms",
                "allow: [Swiping Left, Swiping Right]",
                "deny: []",
                "smoothing:",
                "  method: mean",
                "  window: 5",
                "  ema-alpha: 0.7",
                "  activation-threshold: 0.8",
                "  margin: 0.2",
                "  release-threshold: 0.4",
                "  cooldown: 1s",
                ""))).build();
        assertEquals("file:clip.mp4,loop=true", o.source());
        assertEquals(List.of(Path.of("a.onnx"), Path.of("b.onnx")), o.models());
        assertEquals(Provider.CUDA, o.provider());
        assertEquals(RunningMode.OFFLINE, o.runningMode());
        assertEquals(1, o.inferenceThreads());
        assertEquals(3, o.stride());
        assertEquals(128, o.ringSize());
        assertEquals(Duration.ofMillis(1500), o.watchdogTimeout());
        assertEquals(Set.of("Swiping Left", "Swiping Right"), o.allow());
        assertEquals(new Smoothing(Smoothing.Method.MEAN, 5, 0.7, 0.8, 0.2, 0.4, Duration.ofSeconds(1)), o.smoothing());
    }

    @Test
    void unknownKeyNamesFileKeyLineAndValidKeys() throws Exception {
        Path f = yaml("source: camera:0\nstrides: 2\n");
        ConfigException e = assertThrows(ConfigException.class, () -> GestureRecognizer.readConfig(f));
        assertMentions(e, f.toString(), "line 2", "unknown key 'strides'", "stride");
        ConfigException nested = assertThrows(ConfigException.class,
                () -> GestureRecognizer.readConfig(yaml("smoothing:\n  method: ema\n  activation_threshold: 0.5\n")));
        assertMentions(nested, "line 3", "smoothing.activation_threshold", "did you mean 'activation-threshold'");
    }

    @Test
    void badValuesNameKeyLineAndFix() throws Exception {
        assertMentions(assertThrows(ConfigException.class, () -> GestureRecognizer.readConfig(yaml("stride: 0\n"))),
                "line 1", "'stride'", "1..64");
        assertMentions(assertThrows(ConfigException.class, () -> GestureRecognizer.readConfig(yaml("provider: gpu\n"))),
                "'provider'", "cpu, cuda or auto");
        assertMentions(assertThrows(ConfigException.class, () -> GestureRecognizer.readConfig(yaml("\n\nwatchdog-timeout: 3\n"))),
                "line 3", "'watchdog-timeout'", "400ms");
        assertMentions(assertThrows(ConfigException.class, () -> GestureRecognizer.readConfig(yaml("ring-size: 100\n"))),
                "'ring-size'", "power of 2");
        assertMentions(assertThrows(ConfigException.class, () -> GestureRecognizer.readConfig(yaml("smoothing:\n  margin: lots\n"))),
                "line 2", "smoothing.margin", "number");
        assertMentions(assertThrows(ConfigException.class,
                        () -> GestureRecognizer.readConfig(yaml("smoothing:\n  activation-threshold: 0.5\n  release-threshold: 0.6\n"))),
                "releaseThreshold", "activationThreshold");
        assertMentions(assertThrows(ConfigException.class, () -> GestureRecognizer.readConfig(yaml("source: [a: b\n"))),
                "not valid YAML");
        assertMentions(assertThrows(ConfigException.class, () -> GestureRecognizer.readConfig(dir.resolve("none.yaml"))),
                "none.yaml", "does not exist");
    }

    @Test
    void anEmptyFileKeepsTheDefaults() throws Exception {
        assertEquals(GestureOptions.builder().build().smoothing(), GestureRecognizer.readConfig(yaml("")).build().smoothing());
    }

    @Test
    void aRingThatCannotFitInTheHeapIsRefusedAtOnceNamingTheKey() throws Exception {
        for (String size : List.of("1073741824", "16384")) {
            long t0 = System.nanoTime();
            ConfigException e = assertThrows(ConfigException.class, () -> GestureRecognizer.readConfig(yaml("\nring-size: " + size + "\n")));
            assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "took " + (System.nanoTime() - t0) / 1e6 + " ms");
            assertMentions(e, "line 2", "'ring-size'", size, "1920x1080", "-Xmx");
            assertTrue(e.getMessage().lines().count() == 1, e.getMessage());
        }
    }

    @Test
    void aKeyGivenTwiceIsAnErrorNamingBothLines() throws Exception {
        Path f = yaml("stride: 2\nsource: camera:0\nstride: 3\n");
        ConfigException e = assertThrows(ConfigException.class, () -> GestureRecognizer.readConfig(f));
        assertTrue(e.getMessage().startsWith(f + ":3:1: key 'stride' appears twice (first on line 1)"), e.getMessage());
        Path g = yaml("smoothing:\n  window: 3\n  method: mean\n  window: 4\n");
        ConfigException nested = assertThrows(ConfigException.class, () -> GestureRecognizer.readConfig(g));
        assertTrue(nested.getMessage().startsWith(g + ":4:3: key 'smoothing.window' appears twice (first on line 2)"), nested.getMessage());
        Path h = yaml("smoothing:\n  window: 3\nsmoothing:\n  window: 4\n");
        assertTrue(assertThrows(ConfigException.class, () -> GestureRecognizer.readConfig(h)).getMessage()
                .startsWith(h + ":3:1: key 'smoothing' appears twice (first on line 1)"));
    }

    @Test
    void aYamlSyntaxErrorIsOneLineWithFileLineAndColumn() throws Exception {
        Path f = yaml("source: camera:0\nstride: 2\n  ring-size: 64\n");
        ConfigException e = assertThrows(ConfigException.class, () -> GestureRecognizer.readConfig(f));
        assertTrue(e.getMessage().matches(java.util.regex.Pattern.quote(f.toString()) + ":3:\\d+: not valid YAML: .*"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        Path g = yaml("source: [a: b\n");
        ConfigException e2 = assertThrows(ConfigException.class, () -> GestureRecognizer.readConfig(g));
        assertTrue(e2.getMessage().matches(java.util.regex.Pattern.quote(g.toString()) + ":\\d+:\\d+: not valid YAML: .*"), e2.getMessage());
        assertEquals(1, e2.getMessage().lines().count(), e2.getMessage());
    }

    @Test
    void rejectionIsAPresetOrThresholds() throws Exception {
        assertEquals(Rejection.standard(), GestureRecognizer.readConfig(yaml("")).build().smoothing().rejection());
        assertEquals(Rejection.strict(), GestureRecognizer.readConfig(yaml("smoothing:\n  rejection: strict\n")).build().smoothing().rejection());
        assertEquals(Rejection.OFF, GestureRecognizer.readConfig(yaml("smoothing:\n  rejection: off\n")).build().smoothing().rejection());
        assertEquals(Rejection.OFF, GestureRecognizer.readConfig(yaml("smoothing:\n  rejection: \"off\"\n")).build().smoothing().rejection());
        assertEquals(Rejection.builder().maxBackground(0.05).minMotion(1.5).build(),
                GestureRecognizer.readConfig(yaml("smoothing:\n  cooldown: 1s\n  rejection:\n    max-background: 0.05\n"
                        + "    min-log-sum-exp: off\n    min-motion: 1.5\n")).build().smoothing().rejection());
        assertEquals(Rejection.builder().maxBackground(0.01).minHand(0.4).build(),
                GestureRecognizer.readConfig(yaml("smoothing:\n  rejection:\n    max-background: 0.01\n    min-hand: 0.4\n"))
                        .build().smoothing().rejection());
        assertEquals(Rejection.builder().maxBackground(0.015).minLogSumExp(4.05).untrackedOnly(true).build(),
                GestureRecognizer.readConfig(yaml("smoothing:\n  rejection:\n    max-background: 0.015\n"
                        + "    min-log-sum-exp: 4.05\n    untracked-only: true\n")).build().smoothing().rejection());
    }

    @Test
    void badRejectionNamesKeyLineAndFix() throws Exception {
        assertMentions(assertThrows(ConfigException.class, () -> GestureRecognizer.readConfig(yaml("smoothing:\n  rejection: loose\n"))),
                "line 2", "smoothing.rejection", "off, standard or strict");
        assertMentions(assertThrows(ConfigException.class,
                        () -> GestureRecognizer.readConfig(yaml("smoothing:\n  rejection:\n    max_background: 0.1\n"))),
                "line 3", "smoothing.rejection.max_background", "did you mean 'max-background'");
        assertMentions(assertThrows(ConfigException.class,
                        () -> GestureRecognizer.readConfig(yaml("smoothing:\n  rejection:\n    min-motion: lots\n"))),
                "line 3", "smoothing.rejection.min-motion", "number or off");
        assertMentions(assertThrows(ConfigException.class,
                        () -> GestureRecognizer.readConfig(yaml("smoothing:\n  rejection:\n    max-background: 1.5\n"))),
                "line 2", "smoothing.rejection", "maxBackground must be in (0, 1]");
        assertMentions(assertThrows(ConfigException.class,
                        () -> GestureRecognizer.readConfig(yaml("smoothing:\n  rejection:\n    untracked-only: sometimes\n"))),
                "line 3", "smoothing.rejection.untracked-only", "true or false");
    }

    @Test
    void theDaemonsOptionsAreTheDefaultsWithTheStrictGate() throws Exception {
        Path shipped = Path.of(System.getProperty("jesture.projectDir", "."), "config", "daemon.yaml");
        GestureOptions fromFile = GestureRecognizer.readConfig(shipped).build();
        assertEquals(GestureOptions.builder().build().smoothing().toBuilder().rejection(Rejection.strict()).build(), fromFile.smoothing());
    }
}
