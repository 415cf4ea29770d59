package io.jesture.internal.source;

import io.jesture.FrameSource;
import io.jesture.SourceException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SourceRegistryTest {
    /** A factory that makes nothing: only its schemes matter here. */
    record Named(List<String> schemes) implements SourceFactory {
        @Override public List<Parameter> parameters() {
            return List.of();
        }

        @Override public String help() {
            return String.join(", ", schemes) + ":...";
        }

        @Override public FrameSource create(SourceSpec spec) throws SourceException {
            throw new SourceException("not made in this test");
        }
    }

    @Test
    void theProcessRegistryHoldsTheBuiltInsThenTheSyntheticWorldFromItsServiceFile() {
        SourceRegistry r = SourceRegistry.global();
        assertEquals(List.of("camera", "file", "frames", "rtsp", "rtmp", "http", "https", "udp", "tcp", "srt", "synthetic"), r.schemes());
        // Loaded by name from META-INF/services: this package has no compile-time link to io.jesture.synth.
        assertEquals("io.jesture.synth.SyntheticSourceFactory", r.find("synthetic").getClass().getName());
        assertTrue(r.find("camera").isCamera());
        for (String s : r.schemes()) assertEquals(s.equals("camera"), r.find(s).isCamera(), s);
        assertEquals("camera:0, camera:/dev/video0,size=640x480,fps=30[,decode=full|small], file:clip.mp4[,fps=12][,loop=true]"
                + "[,pace=live|fast][,decode=full|small][,still=S], frames:DIR[,fps=12][,loop=true][,pace=live|fast][,still=S], rtsp://...,"
                + " http(s)://..., "
                + "synthetic:seed=7[,pace=live|fast,...]", r.help());
    }

    @Test
    void aSchemeBelongsToOneFactory() {
        SourceRegistry r = new SourceRegistry();
        Named first = new Named(List.of("pattern", "bars"));
        r.register(first);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> r.register(new Named(List.of("tone", "bars"))));
        assertTrue(e.getMessage().contains("'bars'") && e.getMessage().contains("already registered by " + Named.class.getName()), e.getMessage());
        assertEquals(List.of("pattern", "bars"), r.schemes(), "a refused factory leaves nothing behind");
        assertNull(r.find("tone"));
        assertThrows(IllegalArgumentException.class, () -> r.register(new Named(List.of("twice", "twice"))));
        assertThrows(IllegalArgumentException.class, () -> r.register(new Named(List.of("Camera"))), "schemes are lower case");
        assertThrows(IllegalArgumentException.class, () -> r.register(new Named(List.of())));
        assertThrows(IllegalArgumentException.class, () -> SourceRegistry.global().register(new Named(List.of("file"))));
        assertEquals("file:clip.mp4[,fps=12][,loop=true][,pace=live|fast][,decode=full|small][,still=S]",
                SourceRegistry.global().find("file").help());
    }

    @Test
    void factoriesKeepTheirOrderAndARegistrationUndoesItself() {
        SourceRegistry r = new SourceRegistry();
        Named a = new Named(List.of("a"));
        Named b = new Named(List.of("b"));
        SourceRegistry.Registration ra = r.register(a);
        r.register(b);
        assertEquals(List.of(a, b), r.factories());
        assertEquals("a:..., b:...", r.help());
        ra.close();
        ra.close();
        assertEquals(List.of(b), r.factories());
        assertNull(r.find("a"));
        assertSame(b, r.find("b"));
        r.register(a);
        assertEquals(List.of("b", "a"), r.schemes());
    }

    @Test
    void unknownSourcesListWhatTheRegistryKnows() {
        SourceException e = assertThrows(SourceException.class, () -> SourceUri.create("webcam:0", false, Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains(SourceRegistry.global().schemes().toString()), e.getMessage());
        assertTrue(e.getMessage().endsWith("; use one of " + SourceRegistry.global().help()), e.getMessage());
        SourceException empty = assertThrows(SourceException.class, () -> SourceUri.create(" ", false, Duration.ofSeconds(1)));
        assertEquals("empty source: use one of " + SourceRegistry.global().help(), empty.getMessage());
    }

    @Test
    void cameraAndLoopChecksComeFromTheFactories() {
        assertTrue(SourceUri.isCamera("camera:0"));
        assertTrue(SourceUri.isCamera("CAMERA:/dev/video1"));
        assertFalse(SourceUri.isCamera("file:camera.mp4"));
        assertFalse(SourceUri.isCamera("webcam:0"));
        assertFalse(SourceUri.isCamera(null));
        assertFalse(SourceUri.isCamera("/dev/video0"));
    }

    /**
     * The package cycle io.jesture -> internal.source -> synth -> io.jesture stays broken: no class of this
     * package refers to io.jesture.synth (read from the compiled classes, so comments do not count).
     */
    @Test
    void noSourceClassRefersToTheSyntheticWorld() throws IOException {
        Path classes = Paths.get(System.getProperty("jesture.projectDir", "."), "target", "classes", "io", "jesture", "internal", "source");
        List<String> offenders = new ArrayList<>();
        int seen = 0;
        try (Stream<Path> files = Files.list(classes)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                seen++;
                if (new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1).contains("io/jesture/synth")) offenders.add(p.getFileName().toString());
            }
        }
        assertTrue(seen >= 10, "too few classes in " + classes + ": " + seen);
        assertEquals(List.of(), offenders);
    }
}
