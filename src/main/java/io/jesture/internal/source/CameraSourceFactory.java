package io.jesture.internal.source;

import io.jesture.FrameSource;
import io.jesture.SourceException;

import java.util.List;
import java.util.Locale;

/** {@code camera:0}, {@code camera:/dev/video2,size=640x480,fps=30,format=mjpeg}: a V4L2 device through FFmpeg. */
final class CameraSourceFactory implements SourceFactory {
    private static final List<Parameter> PARAMETERS = List.of(
            new Parameter("size", "capture size WIDTHxHEIGHT, e.g. 640x480 (default: the camera's)"),
            new Parameter("fps", "capture frame rate (default: the camera's)"),
            new Parameter("format", "the camera's input format, e.g. mjpeg or yuyv422 (USB cameras need mjpeg for HD at 30 fps)"),
            new Parameter("decode", "auto (default), full or small: the size FFmpeg decodes at"));

    @Override
    public List<String> schemes() {
        return List.of("camera");
    }

    @Override
    public List<Parameter> parameters() {
        return PARAMETERS;
    }

    @Override
    public String help() {
        return "camera:0, camera:/dev/video0,size=640x480,fps=30[,decode=full|small]";
    }

    @Override
    public boolean isCamera() {
        return true;
    }

    @Override
    public Natives natives() {
        return Natives.FFMPEG;
    }

    @Override
    public FrameSource create(SourceSpec spec) throws SourceException {
        String dev = spec.target();
        if (dev.matches("\\d+")) dev = "/dev/video" + dev;
        else if (!dev.startsWith("/")) {
            throw new SourceException("bad camera '" + spec.target() + "' in '" + spec.uri()
                    + "': use an index (camera:0) or a device path (camera:/dev/video0)");
        }
        int w = 0, h = 0;
        String size = spec.get("size");
        if (size != null) {
            String[] wh = size.toLowerCase(Locale.ROOT).split("x");
            try {
                w = Integer.parseInt(wh[0]);
                h = Integer.parseInt(wh[1]);
            } catch (RuntimeException e) {
                w = -1;
            }
            if (wh.length != 2 || w <= 0 || h <= 0) {
                throw new SourceException("bad size '" + size + "' in '" + spec.uri() + "': use WIDTHxHEIGHT, e.g. size=640x480");
            }
        }
        double fps = spec.positive("fps", 0);
        String format = spec.get("format");
        if (format != null && !format.matches("[A-Za-z0-9_]+")) {
            throw new SourceException("bad format '" + format + "' in '" + spec.uri() + "': use a V4L2 input format such as mjpeg or yuyv422");
        }
        return FfmpegSource.camera(dev, w, h, fps, format, spec.timeoutMillis()).decode(spec.decode());
    }
}
