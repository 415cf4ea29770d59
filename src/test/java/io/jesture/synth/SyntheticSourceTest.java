package io.jesture.synth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jesture.FrameSource;
import io.jesture.SourceException;
import org.junit.jupiter.api.Test;

class SyntheticSourceTest {

    @Test
    void badSpecsNameTheKeyAndListTheValidOnes() {
        String[][] cases = {
                {"synthetic:sed=7", "sed"},
                {"synthetic:size=640", "size"},
                {"synthetic:size=axb", "size"},
                {"synthetic:fps=0", "fps"},
                {"synthetic:pace=slow", "pace"},
                {"synthetic:split=dev", "split"},
                {"synthetic:seed=x", "x"},
                {"synthetic:gestures=3,labels=Thumb Up", "only one"},
                {"synthetic:labels=Thumb Sideways", "Thumb Sideways"},
                {"synthetic:loop=maybe", "loop"},
                {"synthetic:view=side", "view"},
                {"synthetic:seed", "key=value"},
        };
        for (String[] c : cases) {
            SourceException e = assertThrows(SourceException.class, () -> SyntheticSource.parse(c[0]), c[0]);
            assertTrue(e.getMessage().contains(c[1]), c[0] + " -> " + e.getMessage());
            assertTrue(e.getMessage().contains("valid keys: seed, size, fps, pace, split, gestures, minutes, labels, quiet, loop"), e.getMessage());
        }
    }

    @Test
    void fastFiniteSourceDeliversTheScriptThenEndOfStream() throws Exception {
        try (SyntheticSource s = SyntheticSource.parse("synthetic:seed=3,size=64x48,fps=10,pace=fast,labels=Thumb Up|Swiping Down")) {
            FrameSource.Format f = s.open();
            assertEquals(new FrameSource.Format(64, 48, 10), f);
            assertFalse(s.isLive());
            assertEquals(2, s.groundTruth().size());
            byte[] bgr = new byte[f.frameBytes()];
            long n = 0, ts;
            while ((ts = s.read(bgr)) != FrameSource.END_OF_STREAM) {
                assertEquals(Math.round(n * 1e9 / 10), ts);
                n++;
            }
            assertEquals(s.stream().frameCount(), n);
            assertTrue(s.groundTruth().get(1).endNanos() <= n * 100_000_000L);
        }
    }

    @Test
    void aHeadViewPlaysTheSameScriptSeenFromThePerformersHead() throws Exception {
        String spec = "synthetic:seed=4,size=64x48,fps=10,pace=fast,labels=Swiping Left|Thumb Up";
        try (SyntheticSource webcam = SyntheticSource.parse(spec); SyntheticSource head = SyntheticSource.parse(spec + ",view=head")) {
            FrameSource.Format f = webcam.open();
            assertEquals(f, head.open());
            assertEquals(webcam.groundTruth(), head.groundTruth());
            assertEquals(webcam.stream().frameCount(), head.stream().frameCount());
            byte[] a = new byte[f.frameBytes()], b = new byte[a.length];
            int differ = 0;
            for (int i = 0; i < 10; i++) {
                webcam.read(a);
                head.read(b);
                if (!java.util.Arrays.equals(a, b)) differ++;
            }
            assertEquals(10, differ, "every frame seen from the head differs from the webcam's");
        }
        try (SyntheticSource explicit = SyntheticSource.parse(spec + ",view=webcam"); SyntheticSource plain = SyntheticSource.parse(spec)) {
            FrameSource.Format f = explicit.open();
            plain.open();
            byte[] a = new byte[f.frameBytes()], b = new byte[a.length];
            explicit.read(a);
            plain.read(b);
            assertTrue(java.util.Arrays.equals(a, b), "view=webcam is the default");
        }
    }

    @Test
    void loopKeepsTimestampsRising() throws Exception {
        try (SyntheticSource s = SyntheticSource.parse("seed=1,size=32x24,fps=5,pace=fast,labels=Stop Sign,loop=true")) {
            s.open();
            byte[] bgr = new byte[32 * 24 * 3];
            long frames = s.stream().frameCount(), prev = -1;
            for (long i = 0; i < frames * 2 + 3; i++) {
                long ts = s.read(bgr);
                assertTrue(ts > prev);
                prev = ts;
            }
        }
    }

    @Test
    void livePaceSpacesFramesByTheFramePeriod() throws Exception {
        try (SyntheticSource s = SyntheticSource.parse("seed=1,size=32x24,fps=50,pace=live,gestures=1")) {
            s.open();
            assertTrue(s.isLive());
            byte[] bgr = new byte[32 * 24 * 3];
            s.read(bgr);
            long t0 = System.nanoTime();
            for (int i = 0; i < 10; i++) s.read(bgr);
            // 10 frames at 50 fps are due 200 ms after the first; pacing must not run ahead of that
            assertTrue(System.nanoTime() - t0 >= 190_000_000L, "live pace ran ahead of the clock");
        }
    }

    @Test
    void closedSourceRefusesToRead() throws Exception {
        SyntheticSource s = SyntheticSource.parse("synthetic:size=32x24,pace=fast,gestures=1");
        s.open();
        s.close();
        s.close();
        assertThrows(SourceException.class, () -> s.read(new byte[32 * 24 * 3]));
    }

    @Test
    void sourceUriDispatchesSyntheticUrisHere() throws Exception {
        try (FrameSource s = io.jesture.internal.source.SourceUri.create("synthetic:seed=2,size=48x36,fps=15,pace=fast,gestures=1", false,
                java.time.Duration.ofSeconds(1))) {
            assertTrue(s instanceof SyntheticSource, s.getClass().getName());
            assertEquals(new FrameSource.Format(48, 36, 15), s.open());
        }
        SourceException e = assertThrows(SourceException.class,
                () -> io.jesture.internal.source.SourceUri.create("synthetic:colour=red", false, java.time.Duration.ofSeconds(1)));
        assertTrue(e.getMessage().contains("colour"), e.getMessage());
    }
}
