package io.jesture.internal.source;

import io.jesture.FrameSource;

import java.util.List;

/** {@code rtsp://...}, {@code http(s)://...}, {@code udp://...}, ...: network streams, handed to FFmpeg unchanged. */
final class StreamSourceFactory implements SourceFactory {
    @Override
    public List<String> schemes() {
        return List.of("rtsp", "rtmp", "http", "https", "udp", "tcp", "srt");
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(); // the URL is FFmpeg's: its commas and query are its own
    }

    @Override
    public String help() {
        return "rtsp://..., http(s)://...";
    }

    @Override
    public Syntax syntax() {
        return Syntax.RAW;
    }

    @Override
    public Natives natives() {
        return Natives.FFMPEG;
    }

    @Override
    public FrameSource create(SourceSpec spec) {
        return FfmpegSource.stream(spec.uri(), spec.timeoutMillis());
    }
}
