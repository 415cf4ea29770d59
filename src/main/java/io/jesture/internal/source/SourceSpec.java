package io.jesture.internal.source;

import io.jesture.SourceException;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;

/**
 * One source URI as {@link SourceUri} read it, for a {@link SourceFactory}: the target and the checked
 * {@code key=value} parameters (for {@link SourceFactory.Syntax#RAW} factories only {@link #body()}),
 * the running mode, and typed readers whose errors name the URI and the fix.
 */
public final class SourceSpec {
    private final String uri;
    private final String scheme;
    private final String body;
    private final String target;
    private final Map<String, String> params;
    private final boolean offline;
    private final Duration timeout;

    SourceSpec(String uri, String scheme, String body, String target, Map<String, String> params, boolean offline, Duration timeout) {
        this.uri = uri;
        this.scheme = scheme;
        this.body = body;
        this.target = target;
        this.params = Collections.unmodifiableMap(params);
        this.offline = offline;
        this.timeout = timeout;
    }

    /** The whole URI as given. */
    public String uri() {
        return uri;
    }

    /** The scheme, lower case. */
    public String scheme() {
        return scheme;
    }

    /** Everything after {@code scheme:}, as written (nothing split or unescaped). */
    public String body() {
        return body;
    }

    /** The part before the first unescaped comma, unescaped and stripped; for a RAW factory, {@link #body()} stripped. */
    public String target() {
        return target;
    }

    /** A parameter's value, stripped, or null when the URI does not give it. */
    public String get(String key) {
        return params.get(key);
    }

    /** Whether the recognizer runs offline (then {@code pace} defaults to {@code fast}). */
    public boolean offline() {
        return offline;
    }

    /** The watchdog timeout, also FFmpeg's read timeout for devices and streams. */
    public Duration timeout() {
        return timeout;
    }

    public int timeoutMillis() {
        return (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
    }

    /** {@code key=true|false} (any case); absent is false. */
    public boolean bool(String key) throws SourceException {
        String v = params.get(key);
        if (v == null || v.equalsIgnoreCase("false")) return false;
        if (v.equalsIgnoreCase("true")) return true;
        throw new SourceException("bad " + key + " '" + v + "' in '" + uri + "': use " + key + "=true or " + key + "=false");
    }

    /** {@code pace=live|fast}; the default follows the running mode. */
    public FfmpegSource.Pace pace() throws SourceException {
        String pace = params.getOrDefault("pace", offline ? "fast" : "live");
        if (pace.equalsIgnoreCase("fast")) return FfmpegSource.Pace.FAST;
        if (pace.equalsIgnoreCase("live")) return FfmpegSource.Pace.REALTIME;
        throw new SourceException("bad pace '" + pace + "' in '" + uri + "': use pace=live or pace=fast");
    }

    /** {@code decode=auto} (default), {@code decode=full} or {@code decode=small}. */
    public FfmpegSource.Decode decode() throws SourceException {
        String v = params.getOrDefault("decode", "auto");
        for (FfmpegSource.Decode d : FfmpegSource.Decode.values()) if (d.name().equalsIgnoreCase(v)) return d;
        throw new SourceException("bad decode '" + v + "' in '" + uri + "': use decode=auto (small when only the model sees the"
                + " frames), decode=full (the source's own size) or decode=small (near the model's input size)");
    }

    /** A positive finite number, or {@code fallback} when absent. */
    public double positive(String key, double fallback) throws SourceException {
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
