package io.jesture.internal.source;

import io.jesture.FrameSource;
import io.jesture.SourceException;

import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

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
 *   synthetic:seed=7,fps=30,pace=fast          the synthetic gesture world (keys: see io.jesture.synth.SyntheticSource)
 *   rtsp://host/stream, http(s)://..., udp://...   network streams, handed to FFmpeg unchanged
 * </pre>
 * Parameters are comma-separated {@code key=value} pairs after the target (for {@code synthetic:} the
 * whole spec is pairs). {@code pace} defaults to {@code live} in live mode and {@code fast} offline.
 * A comma that belongs to the path is written {@code \,} and a backslash before a comma {@code \\}:
 * {@code file:take\,2.mp4,loop=true} plays {@code take,2.mp4}. {@link #file(Path)} writes such a URI
 * for any path (the CLI's {@code --source-file}).
 *
 * <p>Which schemes exist, their keys and what they make is the {@link SourceRegistry}'s: this class reads
 * the syntax, checks the keys against the factory's and hands it a {@link SourceSpec}.
 */
public final class SourceUri {
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

    /** The scheme of a URI, lower case; empty when it has none. */
    static String scheme(String uri) {
        int colon = uri == null ? -1 : uri.indexOf(':');
        return colon > 0 ? uri.substring(0, colon).toLowerCase(Locale.ROOT) : "";
    }

    /** The registered factory for a URI's scheme, or null (no scheme, an unknown one, or null). */
    public static SourceFactory factory(String uri) {
        String scheme = scheme(uri);
        return scheme.isEmpty() ? null : SourceRegistry.global().find(scheme);
    }

    /** Whether a URI names a camera a person faces ({@link SourceFactory#isCamera()}). */
    public static boolean isCamera(String uri) {
        SourceFactory f = factory(uri);
        return f != null && f.isCamera();
    }

    /**
     * Starts loading the native libraries a source of this URI needs, in the background: OpenCV for
     * preprocessing always, and what its factory asks for besides ({@link SourceFactory#natives()}):
     * FFmpeg for cameras, files and streams, OpenCV's image codecs for frame folders
     * ({@link NativeLibraries}). Null (a custom source) or an unknown scheme: OpenCV only.
     */
    public static void preloadNatives(String uri) {
        SourceFactory f = factory(uri);
        SourceFactory.Natives n = f == null ? SourceFactory.Natives.NONE : f.natives();
        NativeLibraries.preload(n == SourceFactory.Natives.FFMPEG, n == SourceFactory.Natives.IMAGE_CODECS);
    }

    /**
     * Builds the source an URI names; opens nothing.
     *
     * @param offline whether the recognizer runs offline (then files default to {@code pace=fast})
     * @param timeout the watchdog timeout, also used as FFmpeg's read timeout for devices and streams
     */
    public static FrameSource create(String uri, boolean offline, Duration timeout) throws SourceException {
        SourceRegistry registry = SourceRegistry.global();
        if (uri == null || uri.isBlank()) throw new SourceException("empty source: use one of " + registry.help());
        String scheme = scheme(uri);
        SourceFactory factory = scheme.isEmpty() ? null : registry.find(scheme);
        if (factory == null) {
            throw new SourceException("unknown source '" + uri + "': "
                    + (scheme.isEmpty() ? "no scheme" : "scheme '" + scheme + "' is not one of " + registry.schemes())
                    + "; use one of " + registry.help());
        }
        return factory.create(spec(factory, uri, scheme, offline, timeout));
    }

    /** Reads the text after the scheme as the factory's syntax says, checking keys against its parameters. */
    private static SourceSpec spec(SourceFactory factory, String uri, String scheme, boolean offline, Duration timeout)
            throws SourceException {
        String body = uri.substring(uri.indexOf(':') + 1);
        if (factory.syntax() == SourceFactory.Syntax.RAW) {
            return new SourceSpec(uri, scheme, body, body.strip(), Map.of(), offline, timeout);
        }
        List<String> keys = new ArrayList<>();
        for (SourceFactory.Parameter p : factory.parameters()) keys.add(p.key());
        List<String> parts = split(body);
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 1; i < parts.size(); i++) {
            String kv = parts.get(i).strip();
            if (kv.isEmpty()) continue;
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new SourceException("bad parameter '" + kv + "' in '" + uri + "': use key=value; a comma that is part"
                        + " of the path is written \\, (or use --source-file PATH)");
            }
            String key = kv.substring(0, eq);
            if (!keys.contains(key)) {
                List<String> sorted = new ArrayList<>(keys);
                sorted.sort(null);
                throw new SourceException("unknown parameter '" + key + "' in '" + uri + "': this source takes " + sorted);
            }
            params.put(key, kv.substring(eq + 1).strip());
        }
        return new SourceSpec(uri, scheme, body, parts.get(0).strip(), params, offline, timeout);
    }

    /** The /dev/video* devices present, for error messages. */
    static List<String> videoDevices() {
        File[] found = new File("/dev").listFiles((d, n) -> n.startsWith("video"));
        List<String> out = new ArrayList<>();
        if (found != null) for (File f : found) out.add(f.getPath());
        out.sort(null);
        return out.isEmpty() ? List.of("none") : out;
    }
}
