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

    /** Countdown before each take by default: long enough to get into place after pressing a key. */
    public static final double DEFAULT_COUNTDOWN = 3;

    /** Frames per second takes are written at by default: Jester's. */
    public static final double DEFAULT_FPS = 12;

    /**
     * The default length of a take: one clip of the model plus a second (so the gesture need not be
     * timed to the frame), rounded up to half a second. 0 + 1 s without a model.
     */
    public static double defaultSeconds(io.jesture.ModelInfo info) {
        return Math.ceil((clipSeconds(info) + 1) * 2) / 2;
    }

    /**
     * The name takes of {@code gesture} are filed under: the model's own spelling when it names one
     * of the model's classes in another case ("thumb up" is "Thumb Up"), so the takes sharpen that
     * class instead of adding a look-alike; otherwise the name as given, stripped.
     */
    public static String gestureName(String gesture, java.util.List<String> modelLabels) {
        String g = gesture.strip();
        for (String l : modelLabels) if (l.equalsIgnoreCase(g)) return l;
        return g;
    }

    /** The span of one clip of the model in seconds (0 without a model): a take must cover it. */
    public static double clipSeconds(io.jesture.ModelInfo info) {
        return info == null ? 0 : info.clipLength() / info.fps();
    }

    /**
     * Opens {@code source}, records every take and closes it.
     *
     * @throws SourceException the source cannot be opened, or ends before the last take is complete (the
     *                         takes written until then stay)
     */
    public static void record(FrameSource source, TakeWriter writer, Settings s, Cues cues) throws JestureException, IOException {
        FrameSource.Format format = source.open();
        try {
            byte[] frame = new byte[format.frameBytes()], held = new byte[format.frameBytes()];
            int count = Math.max(1, (int) Math.round(s.seconds() * s.fps())); // frames per take
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
                // Every tick of the take's clock gets the frame nearest to it (a frame rate conversion): a frame
                // folder has no timestamps, only its rate, so a source that skips frames (a loaded machine, a
                // slow camera) must not shorten the take in time, and a take of S seconds is S * fps frames.
                // Nearest, not the last one before, so a tick a nanosecond before a frame (rounding) takes it.
                long first = ts, heldTs = Long.MIN_VALUE;
                int k = 0;
                while (true) {
                    for (long tick; k < count && (tick = first + Math.round(k * 1e9 / s.fps())) <= ts; k++) {
                        writer.frame(heldTs == Long.MIN_VALUE || ts - tick <= tick - heldTs ? frame : held, format.width(), format.height());
                    }
                    if (k == count) break;
                    byte[] swap = held;
                    held = frame;
                    frame = swap;
                    heldTs = ts;
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
