package io.jesture.internal.source;

import io.jesture.FrameSource;
import io.jesture.SourceException;

import java.nio.file.Path;
import java.util.List;

/** {@code frames:DIR[,fps=12][,loop=true][,pace=live|fast][,still=S]}: a Jester-layout folder of still frames. */
final class FrameFolderSourceFactory implements SourceFactory {
    private static final List<Parameter> PARAMETERS = List.of(
            new Parameter("fps", "the folder's frame rate (default 12, Jester's)"),
            new Parameter("loop", "true: start again from the first frame after the last (default false)"),
            new Parameter("pace", "live: frames at their rate; fast: as fast as the pipeline takes them (default: live, fast offline)"),
            new Parameter("still", StillEnds.HELP));

    @Override
    public List<String> schemes() {
        return List.of("frames");
    }

    @Override
    public List<Parameter> parameters() {
        return PARAMETERS;
    }

    @Override
    public String help() {
        return "frames:DIR[,fps=12][,loop=true][,pace=live|fast][,still=S]";
    }

    @Override
    public Natives natives() {
        return Natives.IMAGE_CODECS;
    }

    @Override
    public FrameSource create(SourceSpec spec) throws SourceException {
        if (spec.target().isEmpty()) throw new SourceException("'" + spec.uri() + "' names no folder: use frames:path/to/clip-folder");
        Path dir = Path.of(spec.target());
        double fps = spec.positive("fps", FrameFolderSource.JESTER_FPS);
        boolean loop = spec.bool("loop");
        return StillEnds.around(StillEnds.seconds(spec), spec.pace(), pace -> new FrameFolderSource(dir, fps, loop, pace));
    }
}
