package io.jesture.internal.source;

import io.jesture.FrameSource;
import io.jesture.SourceException;

import java.util.List;

/**
 * Makes the {@link FrameSource} that a URI of its scheme(s) names, and says what it takes: the keys, a
 * help line, whether it is a camera. Factories live in the {@link SourceRegistry}; the URI syntax, its
 * escaping and the errors for unknown schemes and keys stay in {@link SourceUri}, so every source reads
 * and fails the same way. A factory must be fast and must not open anything: {@link FrameSource#open()}
 * does that on the capture thread.
 */
public interface SourceFactory {
    /** How the text after {@code scheme:} is read. */
    enum Syntax {
        /** {@code scheme:target,key=value,...}: {@link SourceUri} splits it and refuses keys not in {@link #parameters()}. */
        TARGET_AND_PARAMETERS,
        /** The factory reads the text after the scheme itself (a URL handed on as it is, or a spec with its own rules). */
        RAW
    }

    /** What a source needs loaded besides OpenCV's core, which preprocessing always needs. */
    enum Natives {
        NONE,
        /** FFmpeg: cameras, video files and streams. */
        FFMPEG,
        /** OpenCV's image codecs: folders of still frames. */
        IMAGE_CODECS
    }

    /**
     * A key a factory accepts.
     *
     * @param key         as written in the URI, e.g. {@code fps}
     * @param description one line, e.g. {@code "frame rate (default 30)"}
     */
    record Parameter(String key, String description) {
        public Parameter {
            if (key == null || !key.matches("[a-z][a-z0-9_]*")) throw new IllegalArgumentException("parameter key must be lower-case [a-z0-9_], was " + key);
            if (description == null || description.isBlank()) throw new IllegalArgumentException("parameter '" + key + "' needs a description");
        }
    }

    /** The schemes, lower case, without the colon: {@code camera}; {@code rtsp}, {@code http}, ... */
    List<String> schemes();

    /** The keys it takes, in the order help shows them. */
    List<Parameter> parameters();

    /**
     * Its forms as help and error messages show them, e.g. {@code frames:DIR[,fps=12][,loop=true][,pace=live|fast]};
     * the registry joins these with {@code ", "} into the list of valid sources.
     */
    String help();

    /** Whether its sources are cameras a person faces (the demo mirrors those by default). */
    default boolean isCamera() {
        return false;
    }

    default Syntax syntax() {
        return Syntax.TARGET_AND_PARAMETERS;
    }

    default Natives natives() {
        return Natives.NONE;
    }

    /**
     * Builds the source; opens nothing.
     *
     * @throws SourceException a bad target or value, naming the URI and the fix
     */
    FrameSource create(SourceSpec spec) throws SourceException;
}
