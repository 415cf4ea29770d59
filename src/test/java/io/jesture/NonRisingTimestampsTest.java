package io.jesture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A frame whose timestamp is not later than the one before is left out of clips, and the stats count
 * it, through the whole pipeline (capture, ring, clip assembly, inference) with the real model runtime.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NonRisingTimestampsTest {
    private static final long PERIOD = Math.round(1e9 / 30);

    /** The input under test: 64x48 frames at the timestamps given, then the end. */
    static final class Stamped implements FrameSource {
        final long[] stamps;
        int read;

        Stamped(List<Long> stamps) {
            this.stamps = stamps.stream().mapToLong(Long::longValue).toArray();
        }

        @Override public Format open() {
            return new Format(64, 48, 30);
        }

        @Override public long read(byte[] bgr) {
            if (read >= stamps.length) return END_OF_STREAM;
            for (int i = 0; i < 64 * 48 * 3; i++) bgr[i] = (byte) ((read * 5 + i) & 0x7f);
            return stamps[read++];
        }

        @Override public String description() {
            return "stamped frames";
        }

        @Override public boolean isLive() {
            return false;
        }

        @Override public void close() { }
    }

    static RecognizerStats run(List<Long> stamps) throws Exception {
        GestureOptions options = GestureOptions.builder().source(new Stamped(stamps)).model(TestVideos.model("colour.onnx"))
                .provider(Provider.CPU).runningMode(RunningMode.OFFLINE).build();
        try (GestureRecognizer r = GestureRecognizer.create(options)) {
            assertEquals(0, r.stats().nonRisingTimestamps());
            r.start();
            assertTrue(r.awaitEndOfStream(Duration.ofSeconds(60)), "the source did not end");
            return r.stats();
        }
    }

    @Test
    void framesWhoseTimestampDoesNotRiseAreCountedAndLeftOut() throws Exception {
        List<Long> rising = new ArrayList<>();
        for (int i = 0; i < 60; i++) rising.add(i * PERIOD);
        List<Long> stalled = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            stalled.add(i * PERIOD);
            if (i == 9) stalled.add(9 * PERIOD);                 // the same stamp again
            if (i == 19) stalled.add(17 * PERIOD);               // back in time
            if (i == 29) stalled.addAll(List.of(29 * PERIOD, 28 * PERIOD, 0L));
        }

        RecognizerStats clean = run(rising);
        assertEquals(60, clean.framesCaptured(), clean.toString());
        assertEquals(0, clean.nonRisingTimestamps(), clean.toString());

        RecognizerStats s = run(stalled);
        assertEquals(65, s.framesCaptured(), s.toString());
        assertEquals(5, s.nonRisingTimestamps(), s.toString());
        // Left out, not used: the clips are those of the stream without them.
        assertTrue(clean.clipsAssembled() > 0, clean.toString());
        assertEquals(clean.clipsAssembled(), s.clipsAssembled(), s.toString());
        assertEquals(clean.inferences(), s.inferences(), s.toString());
    }
}
