package io.jesture.internal.source;

import io.jesture.FrameSource;
import io.jesture.SourceException;

import java.nio.file.Path;
import java.util.List;

/** {@code file:clip.mp4[,loop=true][,pace=live|fast][,fps=12][,decode=...][,still=S]}: a video file or animated GIF through FFmpeg. */
final class FileSourceFactory implements SourceFactory {
    private static final List<Parameter> PARAMETERS = List.of(
            new Parameter("loop", "true: play it again from the start when it ends (default false)"),
            new Parameter("pace", "live: frames at their own rate; fast: as fast as the pipeline takes them (default: live, fast offline)"),
            new Parameter("fps", "overrides the file's own timing: frame n at n/fps s"),
            new Parameter("decode", "auto (default), full or small: the size FFmpeg decodes at"),
            new Parameter("still", StillEnds.HELP));

    @Override
    public List<String> schemes() {
        return List.of("file");
    }

    @Override
    public List<Parameter> parameters() {
        return PARAMETERS;
    }

    @Override
    public String help() {
        return "file:clip.mp4[,fps=12][,loop=true][,pace=live|fast][,decode=full|small][,still=S]";
    }

    @Override
    public Natives natives() {
        return Natives.FFMPEG;
    }

    @Override
    public FrameSource create(SourceSpec spec) throws SourceException {
        if (spec.target().isEmpty()) throw new SourceException("'" + spec.uri() + "' names no file: use file:path/to/clip.mp4");
        Path file = Path.of(spec.target());
        boolean loop = spec.bool("loop");
        double fps = spec.positive("fps", 0);
        FfmpegSource.Decode decode = spec.decode();
        return StillEnds.around(StillEnds.seconds(spec), spec.pace(), pace -> FfmpegSource.file(file, loop, pace, fps).decode(decode));
    }
}
