package io.jesture.internal.source;

import io.jesture.FrameSource;
import io.jesture.SourceException;
import io.jesture.synth.SyntheticSource;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one source syntax of the CLI and the config file, {@code scheme:target,key=value,...}:
 * <pre>
 *   camera:0                                   /dev/video0
 *   camera:/dev/video2,size=640x480,fps=30     a device path, capture size and rate
 *   camera:0,size=1280x720,fps=30,format=mjpeg the camera's input format (USB cameras need mjpeg for HD at 30 fps)
 *   file:clip.mp4                              a video file (or an animated GIF)
 *   file:clip.mp4,loop=true,pace=live          looping; paced at its frame rate (fast: no pacing)
 *   file:clip.gif,fps=12                       frame n at n/12 s, whatever the container's timing says
 *   frames:DIR                                 a Jester-layout folder of 00001.jpg, 00002.jpg, ... at 12 fps
 *   frames:DIR,fps=15,loop=true,pace=live      its frame rate, looping, pacing
 *   synthetic:seed=7,fps=30,pace=fast          the synthetic gesture world (keys: see SyntheticSource)
 *   rtsp://host/stream, http(s)://..., udp://...   network streams, handed to FFmpeg unchanged
 * </pre>
 * Parameters are comma-separated {@code key=value} pairs after the target (for {@code synthetic:} the
 * whole spec is pairs). {@code pace} defaults to {@code live} in live mode and {@code fast} offline.
 * A comma that belongs to the path is written {@code \,} and a backslash before a comma {@code \\}:
 * {@code file:take\,2.mp4,loop=true} plays {@code take,2.mp4}. {@link #file(Path)} writes such a URI
 * for any path (the CLI's {@code --source-file}).
 */
public final class SourceUri {
    static final List<String> SCHEMES = List.of("camera", "file", "frames", "synthetic", "rtsp", "rtmp", "http", "https", "udp", "tcp", "srt");
    private static final String VALID = "camera:0, camera:/dev/video0,size=640x480,fps=30[,decode=full|small], file:clip.mp4[,fps=12][,loop=true][,pace=live|fast][,decode=full|small], "
            + "frames:DIR[,fps=12][,loop=true][,pace=live|fast], synthetic:seed=7[,pace=live|fast,...], rtsp://..., http(s)://...";

    private SourceUri() {}

    /** The {@code file:} URI of a path taken literally: commas (and backslashes before them) escaped. */
    public static String file(Path path) {
        return "file:" + escape(path.toString());
    }

    /** Escapes what {@link #create} would split on: {@code ,} becomes {@code \,} and {@code \} becomes {@code \\}. */
    static String escape(String target) {
        StringBuilder sb = new StringBuilder(target.length() + 8);
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == ',' || c == '\\') sb.append('\\');
            sb.append(c);
        }
        return sb.toString();
    }

    /** Splits on commas not preceded by a backslash, and unescapes {@code \,} and {@code \\}; other backslashes stay. */
    static List<String> split(String spec) {
        List<String> parts = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < spec.length(); i++) {
            char c = spec.charAt(i);
            if (c == '\\' && i + 1 < spec.length() && (spec.charAt(i + 1) == ',' || spec.charAt(i + 1) == '\\')) {
                cur.append(spec.charAt(++i));
            } else if (c == ',') {
                parts.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        parts.add(cur.toString());
        return parts;
    }

    /**
     * Starts loading the native libraries a source of this URI needs, in the background: OpenCV for
     * preprocessing always, FFmpeg for cameras, files and streams, OpenCV's image codecs for frame folders
     * ({@link NativeLibraries}). Null (a custom source): OpenCV only.
     */
    public static void preloadNatives(String uri) {
        int colon = uri == null ? -1 : uri.indexOf(':');
        String scheme = colon > 0 ? uri.substring(0, colon).toLowerCase(java.util.Locale.ROOT) : "";
        NativeLibraries.preload(!scheme.equals("synthetic") && !scheme.equals("frames") && !scheme.isEmpty(),
                scheme.equals("frames"));
    }

    /**
     * Builds the source an URI names; opens nothing.
     *
     * @param offline whether the recognizer runs offline (then files default to {@code pace=fast})
     * @param timeout the watchdog timeout, also used as FFmpeg's read timeout for devices and streams
     */
    public static FrameSource create(String uri, boolean offline, Duration timeout) throws SourceException {
        if (uri == null || uri.isBlank()) throw new SourceException("empty source: use one of " + VALID);
        int colon = uri.indexOf(':');
        String scheme = colon > 0 ? uri.substring(0, colon).toLowerCase(java.util.Locale.ROOT) : "";
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        switch (scheme) {
            case "camera": {
                Parsed p = Parsed.of(uri, colon, Set.of("size", "fps", "format", "decode"));
                String dev = p.path;
                if (dev.matches("\\d+")) dev = "/dev/video" + dev;
                else if (!dev.startsWith("/")) throw new SourceException("bad camera '" + p.path + "' in '" + uri + "': use an index (camera:0) or a device path (camera:/dev/video0)");
                int w = 0, h = 0;
                String size = p.params.get("size");
                if (size != null) {
                    String[] wh = size.toLowerCase(java.util.Locale.ROOT).split("x");
                    try {
                        w = Integer.parseInt(wh[0]);
                        h = Integer.parseInt(wh[1]);
                    } catch (RuntimeException e) {
                        w = -1;
                    }
                    if (wh.length != 2 || w <= 0 || h <= 0) throw new SourceException("bad size '" + size + "' in '" + uri + "': use WIDTHxHEIGHT, e.g. size=640x480");
                }
                double fps = p.positive("fps", 0);
                String format = p.params.get("format");
                if (format != null && !format.matches("[A-Za-z0-9_]+")) throw new SourceException("bad format '" + format + "' in '" + uri + "': use a V4L2 input format such as mjpeg or yuyv422");
                return FfmpegSource.camera(dev, w, h, fps, format, timeoutMillis).decode(p.decode());
            }
            case "file": {
                Parsed p = Parsed.of(uri, colon, Set.of("loop", "pace", "fps", "decode"));
                if (p.path.isEmpty()) throw new SourceException("'" + uri + "' names no file: use file:path/to/clip.mp4");
                return FfmpegSource.file(Path.of(p.path), p.bool("loop"), p.pace(offline), p.positive("fps", 0))
                        .decode(p.decode());
            }
            case "frames": {
                Parsed p = Parsed.of(uri, colon, Set.of("loop", "pace", "fps"));
                if (p.path.isEmpty()) throw new SourceException("'" + uri + "' names no folder: use frames:path/to/clip-folder");
                return new FrameFolderSource(Path.of(p.path), p.positive("fps", FrameFolderSource.JESTER_FPS), p.bool("loop"),
                        p.pace(offline));
            }
            case "synthetic": {
                String spec = uri.substring(colon + 1).strip();
                // Offline runs want frames as fast as the pipeline takes them, unless the spec says otherwise.
                if (offline && !spec.matches("(?i)(.*,)?\\s*pace\\s*=.*")) spec = spec.isEmpty() ? "pace=fast" : spec + ",pace=fast";
                return SyntheticSource.parse(spec);
            }
            case "rtsp": case "rtmp": case "http": case "https": case "udp": case "tcp": case "srt":
                return FfmpegSource.stream(uri, timeoutMillis);
            default:
                throw new SourceException("unknown source '" + uri + "': "
                        + (scheme.isEmpty() ? "no scheme" : "scheme '" + scheme + "' is not one of " + SCHEMES)
                        + "; use one of " + VALID);
        }
    }

    /** The /dev/video* devices present, for error messages. */
    static List<String> videoDevices() {
        File[] found = new File("/dev").listFiles((d, n) -> n.startsWith("video"));
        List<String> out = new ArrayList<>();
        if (found != null) for (File f : found) out.add(f.getPath());
        out.sort(null);
        return out.isEmpty() ? List.of("none") : out;
    }

    private static final class Parsed {
        final String uri;
        final String path;
        final Map<String, String> params = new LinkedHashMap<>();

        private Parsed(String uri, String path) {
            this.uri = uri;
            this.path = path;
        }

        static Parsed of(String uri, int colon, Set<String> allowed) throws SourceException {
            List<String> parts = split(uri.substring(colon + 1));
            Parsed p = new Parsed(uri, parts.get(0).strip());
            for (int i = 1; i < parts.size(); i++) {
                String kv = parts.get(i).strip();
                {
                    if (kv.isEmpty()) continue;
                    int eq = kv.indexOf('=');
                    if (eq <= 0) {
                        throw new SourceException("bad parameter '" + kv + "' in '" + uri + "': use key=value; a comma that is part"
                                + " of the path is written \\, (or use --source-file PATH)");
                    }
                    String key = kv.substring(0, eq);
                    if (!allowed.contains(key)) {
                        throw new SourceException("unknown parameter '" + key + "' in '" + uri + "': this source takes " + Arrays.toString(allowed.stream().sorted().toArray()));
                    }
                    p.params.put(key, kv.substring(eq + 1).strip());
                }
            }
            return p;
        }

        boolean bool(String key) throws SourceException {
            String v = params.get(key);
            if (v == null || v.equalsIgnoreCase("false")) return false;
            if (v.equalsIgnoreCase("true")) return true;
            throw new SourceException("bad " + key + " '" + v + "' in '" + uri + "': use " + key + "=true or " + key + "=false");
        }

        /** {@code pace=live|fast}; the default follows the running mode. */
        FfmpegSource.Pace pace(boolean offline) throws SourceException {
            String pace = params.getOrDefault("pace", offline ? "fast" : "live");
            if (pace.equalsIgnoreCase("fast")) return FfmpegSource.Pace.FAST;
            if (pace.equalsIgnoreCase("live")) return FfmpegSource.Pace.REALTIME;
            throw new SourceException("bad pace '" + pace + "' in '" + uri + "': use pace=live or pace=fast");
        }

        /** {@code decode=auto} (default), {@code decode=full} or {@code decode=small}. */
        FfmpegSource.Decode decode() throws SourceException {
            String v = params.getOrDefault("decode", "auto");
            for (FfmpegSource.Decode d : FfmpegSource.Decode.values()) if (d.name().equalsIgnoreCase(v)) return d;
            throw new SourceException("bad decode '" + v + "' in '" + uri + "': use decode=auto (small when only the model sees the"
                    + " frames), decode=full (the source's own size) or decode=small (near the model's input size)");
        }

        double positive(String key, double fallback) throws SourceException {
            String v = params.get(key);
            if (v == null) return fallback;
            try {
                double d = Double.parseDouble(v);
                if (d > 0 && Double.isFinite(d)) return d;
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new SourceException("bad " + key + " '" + v + "' in '" + uri + "': use a positive number");
        }
    }
}
