package io.jesture.synth;

import io.jesture.FrameSource;
import io.jesture.SourceException;
import io.jesture.internal.source.SourceFactory;
import io.jesture.internal.source.SourceSpec;

import java.util.List;

/**
 * {@code synthetic:seed=7,...}: the synthetic gesture world as a source URI. Registered through
 * {@code META-INF/services/io.jesture.internal.source.SourceFactory}, so the source registry does not
 * depend on this package. The spec is {@link SyntheticSource}'s own (it checks its keys itself).
 */
public final class SyntheticSourceFactory implements SourceFactory {
    private static final List<Parameter> PARAMETERS = List.of(
            new Parameter("seed", "scene and script seed (default 0)"),
            new Parameter("size", "frame size WIDTHxHEIGHT (default 640x480)"),
            new Parameter("fps", "frame rate (default 30)"),
            new Parameter("pace", "live: each frame when it is due; fast: rendered flat out (default: live, fast offline)"),
            new Parameter("split", "train, validation or test (default test: scenes training never saw)"),
            new Parameter("gestures", "how many random gestures (default 20)"),
            new Parameter("minutes", "random gestures for this many minutes, instead of gestures="),
            new Parameter("labels", "the gestures in order, e.g. Swiping Left|Thumb Up, instead of gestures="),
            new Parameter("quiet", "a scene with no gesture, minutes= long (default 1): " + QuietScenario.names()),
            new Parameter("loop", "true: repeat the script forever (default false)"),
            new Parameter("backgrounds", "a folder of background photographs for the rooms (default: procedural rooms)"),
            new Parameter("view", "webcam: a camera in front of the performer (default); head: a camera worn on the performer's head"));

    @Override
    public List<String> schemes() {
        return List.of("synthetic");
    }

    @Override
    public List<Parameter> parameters() {
        return PARAMETERS;
    }

    @Override
    public String help() {
        return "synthetic:seed=7[,pace=live|fast,...]";
    }

    @Override
    public Syntax syntax() {
        return Syntax.RAW;
    }

    @Override
    public FrameSource create(SourceSpec uri) throws SourceException {
        String spec = uri.target();
        // Offline runs want frames as fast as the pipeline takes them, unless the spec says otherwise.
        if (uri.offline() && !spec.matches("(?i)(.*,)?\\s*pace\\s*=.*")) spec = spec.isEmpty() ? "pace=fast" : spec + ",pace=fast";
        return SyntheticSource.parse(spec);
    }
}
