package io.jesture.internal.eval;

import io.jesture.FrameSource;
import io.jesture.SourceException;
import io.jesture.internal.source.FfmpegSource;
import io.jesture.internal.source.StillEnds;
import io.jesture.synth.SyntheticSource;

import java.nio.file.Path;

/**
 * One input of the quiet-scene benchmark: video in which no gesture should fire.
 *
 * @param name   short unique name, e.g. {@code testsrc} or {@code egogestar/testvideo_star_4}
 * @param group  what kind of scene: {@link #PATTERN}, {@link #FILM}, {@link #EGOCENTRIC} or {@link #SYNTHETIC}
 * @param kind   how the frames are made
 * @param target the lavfi filter graph, the file, or the synthetic spec (without {@code pace})
 * @param still  for a file: seconds its first frame is held before it and its last after it
 *               ({@code file:...,still=S}), 0 for none
 */
public record QuietInput(String name, String group, Kind kind, String target, double still) {
    /** FFmpeg's moving test patterns. */
    public static final String PATTERN = "pattern";
    /** Recorded video of real scenes (OpenCV's samples). */
    public static final String FILM = "film";
    /** Real head-worn camera clips of hand motion that is not a Jester gesture. */
    public static final String EGOCENTRIC = "egocentric";
    /** The synthetic world with no gesture performed. */
    public static final String SYNTHETIC = "synthetic";

    public enum Kind { LAVFI, FILE, SYNTHETIC }

    public QuietInput {
        if (name == null || name.isBlank()) throw new IllegalArgumentException("name == null or blank");
        if (group == null || kind == null || target == null) throw new IllegalArgumentException("group, kind and target are required");
        if (!(still >= 0) || !Double.isFinite(still)) throw new IllegalArgumentException("still must be >= 0 s, was " + still);
        if (still > 0 && kind != Kind.FILE) throw new IllegalArgumentException("only a file's ends can be held still");
    }

    /** An input played as it is. */
    public QuietInput(String name, String group, Kind kind, String target) {
        this(name, group, kind, target, 0);
    }

    /**
     * A new source for one run.
     *
     * @param live frames at their own rate, as a camera delivers them; else as fast as the pipeline takes them
     */
    public FrameSource open(boolean live) throws SourceException {
        switch (kind) {
            case LAVFI: return new LavfiSource(target, live);
            case FILE:
                return StillEnds.around(still, live ? FfmpegSource.Pace.REALTIME : FfmpegSource.Pace.FAST,
                        pace -> FfmpegSource.file(Path.of(target), false, pace));
            default: return SyntheticSource.parse(target + ",pace=" + (live ? "live" : "fast"));
        }
    }

    /** How the input is written on a command line or in a report. */
    public String uri() {
        switch (kind) {
            case LAVFI: return "lavfi:" + target;
            case FILE: return "file:" + target + (still > 0 ? ",still=" + QuietSet.trim(still) : "");
            default: return "synthetic:" + target;
        }
    }
}
