package io.jesture.internal.adapt;

import io.jesture.InvalidInputException;
import io.jesture.FrameSource;
import io.jesture.JestureException;
import io.jesture.SourceException;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Guided recording: for each take a countdown, then a fixed span of frames at a fixed rate written
 * by a {@link TakeWriter}. Time is the source's own clock (frame timestamps), so a camera records in
 * real time and a file or frame folder is cut the same way at any playback speed.
 */
public final class Recorder {
    /**
     * @param gesture   the name every take is labelled with
     * @param takes     how many takes
     * @param seconds   length of each take
     * @param countdown seconds of countdown before each take (frames then are not kept)
     * @param fps       rate the takes are written at (frame folders play at it: 12 is Jester's)
     */
    public record Settings(String gesture, int takes, double seconds, double countdown, double fps) {
        public Settings {
            if (takes < 1 || takes > 1000) throw new InvalidInputException("--takes must be in 1..1000, was " + takes);
            if (!(seconds > 0) || seconds > 60) throw new InvalidInputException("--seconds must be in (0, 60], was " + seconds);
            if (!(countdown >= 0) || countdown > 60) throw new InvalidInputException("--countdown must be in [0, 60], was " + countdown);
            if (!(fps > 0) || fps > 120) throw new InvalidInputException("--fps must be in (0, 120], was " + fps);
        }
    }

    /** What the person recording sees or hears; printed lines on a terminal. */
    public interface Cues {
        /** Before take {@code take} (1-based): {@code secondsLeft} of countdown remain. */
        void countdown(int take, int of, int secondsLeft);

        /** Take {@code take} starts now: perform the gesture. */
        void go(int take, int of);

        /** Take {@code take} is written. */
        void saved(int take, int of, Path folder, int frames);
    }

    private Recorder() {}

    /**
     * Opens {@code source}, records every take and closes it.
     *
     * @throws SourceException the source cannot be opened, or ends before the last take is complete (the
     *                         takes written until then stay)
     */
    public static void record(FrameSource source, TakeWriter writer, Settings s, Cues cues) throws JestureException, IOException {
        FrameSource.Format format = source.open();
        try {
            byte[] frame = new byte[format.frameBytes()];
            long period = Math.round(1e9 / s.fps());
            long span = Math.round(s.seconds() * 1e9);
            for (int take = 1; take <= s.takes(); take++) {
                // Countdown: whole seconds announced as the source's clock passes them.
                long start = next(source, frame, s, take, writer);
                int announced = (int) Math.ceil(s.countdown());
                if (announced > 0) cues.countdown(take, s.takes(), announced);
                long ts = start;
                while (ts - start < Math.round(s.countdown() * 1e9)) {
                    int left = (int) Math.ceil(s.countdown() - (ts - start) / 1e9);
                    if (left < announced) cues.countdown(take, s.takes(), announced = left);
                    ts = next(source, frame, s, take, writer);
                }
                cues.go(take, s.takes());
                writer.begin(s.gesture());
                long first = ts, tick = ts;
                while (ts - first < span) {
                    if (ts >= tick) {
                        writer.frame(frame, format.width(), format.height());
                        // The next tick after this frame, so a slow source is not made up for with duplicates.
                        while (tick <= ts) tick += period;
                    }
                    ts = next(source, frame, s, take, writer);
                }
                int frames = writer.frames();
                cues.saved(take, s.takes(), writer.end(), frames);
            }
        } finally {
            source.close();
        }
    }

    private static long next(FrameSource source, byte[] frame, Settings s, int take, TakeWriter writer)
            throws SourceException, IOException {
        long ts = source.read(frame);
        if (ts == FrameSource.END_OF_STREAM) {
            writer.discard();
            throw new SourceException(source.description() + " ended during take " + take + " of " + s.takes() + " ('" + s.gesture()
                    + "'): the " + (take - 1) + " takes before it are saved in " + writer.dir() + "; record the rest from a longer source"
                    + " (each take needs " + s.countdown() + " s of countdown and " + s.seconds() + " s of gesture)");
        }
        return ts;
    }
}
