package io.jesture.synth;

import io.jesture.FrameSource;
import io.jesture.SourceException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * A {@link FrameSource} over a {@link ScriptedStream}, for URIs {@code synthetic:<spec>}. The spec
 * is comma-separated {@code key=value}:
 *
 * <ul>
 *   <li>{@code seed=7} scene and script seed (default 0)</li>
 *   <li>{@code size=640x480} frame size (default 640x480)</li>
 *   <li>{@code fps=30} frame rate (default 30)</li>
 *   <li>{@code pace=live|fast} live sleeps until each frame is due (default live); fast renders flat out</li>
 *   <li>{@code split=train|validation|test} (default test: scenes training never saw)</li>
 *   <li>{@code gestures=20} how many random gestures (default 20), or {@code minutes=M}, or
 *       {@code labels=Swiping Left|Thumb Up} to script the order</li>
 *   <li>{@code quiet=typing} a scene with no gesture ({@link QuietScenario}: typing, talking, drinking,
 *       looking-around, leaving, empty-room, screen, pet, passer-by), {@code minutes=M} long (default 1)</li>
 *   <li>{@code loop=true} repeat the script forever (default false: END_OF_STREAM after it)</li>
 *   <li>{@code backgrounds=DIR} background photographs for the room (default: procedural rooms)</li>
 *   <li>{@code view=webcam|head} a webcam in front of the performer (default), or a camera worn on
 *       the performer's head ({@link HeadCamera})</li>
 * </ul>
 * Timestamps are {@code frameIndex * 1e9 / fps}. Example: {@code synthetic:seed=7,size=640x480,fps=30,labels=Swiping Left|Thumb Up}.
 */
public final class SyntheticSource implements FrameSource {
    static final List<String> KEYS = List.of("seed", "size", "fps", "pace", "split", "gestures", "minutes", "labels", "quiet", "loop", "backgrounds",
            "view");

    private final long seed;
    private final int width, height;
    private final double fps;
    private final boolean live, loop;
    private final Split split;
    private final ScriptedStream stream;
    private final String spec;
    private long index;
    private long startNanos = Long.MIN_VALUE;
    private boolean closed;

    private SyntheticSource(String spec, long seed, int width, int height, double fps, boolean live, boolean loop, Split split, ScriptedStream stream) {
        this.spec = spec;
        this.seed = seed;
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.live = live;
        this.loop = loop;
        this.split = split;
        this.stream = stream;
    }

    /**
     * Parses a spec (with or without the {@code synthetic:} prefix).
     *
     * @throws SourceException naming the bad key or value and listing the valid keys
     */
    public static SyntheticSource parse(String spec) throws SourceException {
        String body = spec == null ? "" : spec.strip();
        if (body.startsWith("synthetic:")) body = body.substring("synthetic:".length());
        Map<String, String> kv = new LinkedHashMap<>();
        if (!body.isEmpty()) {
            for (String part : body.split(",")) {
                int eq = part.indexOf('=');
                if (eq <= 0) throw bad(spec, "'" + part + "' is not key=value");
                String key = part.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                if (!KEYS.contains(key)) throw bad(spec, "unknown key '" + key + "'");
                if (kv.put(key, part.substring(eq + 1).strip()) != null) throw bad(spec, "key '" + key + "' given twice");
            }
        }
        int count = (kv.containsKey("gestures") ? 1 : 0) + (kv.containsKey("minutes") && !kv.containsKey("quiet") ? 1 : 0)
                + (kv.containsKey("labels") ? 1 : 0) + (kv.containsKey("quiet") ? 1 : 0);
        if (count > 1) throw bad(spec, "give only one of gestures=, minutes=, labels=, quiet= (minutes= may go with quiet=)");
        try {
            long seed = Long.parseLong(kv.getOrDefault("seed", "0"));
            String size = kv.getOrDefault("size", "640x480");
            String[] wh = size.toLowerCase(Locale.ROOT).split("x");
            if (wh.length != 2) throw new IllegalArgumentException("size must be WIDTHxHEIGHT, was '" + size + "'");
            int w = Integer.parseInt(wh[0].strip()), h = Integer.parseInt(wh[1].strip());
            if (w < 16 || h < 16 || w > 8192 || h > 8192) throw new IllegalArgumentException("size must be 16x16..8192x8192, was " + size);
            double fps = Double.parseDouble(kv.getOrDefault("fps", "30"));
            if (!(fps > 0) || fps > 1000) throw new IllegalArgumentException("fps must be in (0, 1000], was " + kv.get("fps"));
            String pace = kv.getOrDefault("pace", "live").toLowerCase(Locale.ROOT);
            if (!pace.equals("live") && !pace.equals("fast")) throw new IllegalArgumentException("pace must be live or fast, was '" + pace + "'");
            String loopS = kv.getOrDefault("loop", "false").toLowerCase(Locale.ROOT);
            if (!loopS.equals("true") && !loopS.equals("false")) throw new IllegalArgumentException("loop must be true or false, was '" + loopS + "'");
            String view = kv.getOrDefault("view", "webcam").toLowerCase(Locale.ROOT);
            if (!view.equals("webcam") && !view.equals("head")) throw new IllegalArgumentException("view must be webcam or head, was '" + view + "'");
            Split split = Split.parse(kv.getOrDefault("split", "test"));
            ScriptedStream stream;
            if (kv.containsKey("quiet")) {
                double minutes = Double.parseDouble(kv.getOrDefault("minutes", "1"));
                if (!(minutes > 0) || minutes > 24 * 60) throw new IllegalArgumentException("minutes must be in (0, 1440], was " + kv.get("minutes"));
                stream = ScriptedStream.quiet(seed, split, w, h, fps, QuietScenario.parse(kv.get("quiet")), minutes * 60);
            } else if (kv.containsKey("labels")) {
                List<String> labels = new ArrayList<>();
                for (String l : kv.get("labels").split("\\|")) labels.add(JesterLabels.LABELS.get(JesterLabels.index(l)));
                stream = ScriptedStream.of(seed, split, w, h, fps, labels);
            } else if (kv.containsKey("minutes")) {
                stream = ScriptedStream.minutes(seed, split, w, h, fps, Double.parseDouble(kv.get("minutes")));
            } else {
                stream = ScriptedStream.random(seed, split, w, h, fps, Integer.parseInt(kv.getOrDefault("gestures", "20")));
            }
            if (kv.containsKey("backgrounds") || view.equals("head")) {
                Backgrounds rooms = kv.containsKey("backgrounds") ? Backgrounds.load(java.nio.file.Path.of(kv.get("backgrounds"))) : Backgrounds.NONE;
                stream = stream.with(rooms, split, view.equals("head"), seed);
            }
            return new SyntheticSource(spec, seed, w, h, fps, pace.equals("live"), loopS.equals("true"), split, stream);
        } catch (NumberFormatException e) {
            throw bad(spec, "not a number: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw bad(spec, e.getMessage());
        }
    }

    private static SourceException bad(String spec, String why) {
        return new SourceException("bad synthetic source spec '" + spec + "': " + why + "; valid keys: " + String.join(", ", KEYS)
                + " (e.g. synthetic:seed=7,size=640x480,fps=30,pace=live,split=test,gestures=20)");
    }

    @Override
    public Format open() throws SourceException {
        if (closed) throw new SourceException("synthetic source " + spec + " is closed; create a new one");
        index = 0;
        startNanos = Long.MIN_VALUE;
        return new Format(width, height, fps);
    }

    @Override
    public long read(byte[] bgr) throws SourceException {
        if (closed) throw new SourceException("synthetic source is closed");
        long n = stream.frameCount();
        if (!loop && index >= n) return END_OF_STREAM;
        long ts = stream.timestampNanos(index);
        stream.render(loop ? index % n : index, bgr);
        if (live) {
            // Pacing only: the consumer synchronises on the returned timestamps, not on this sleep.
            if (startNanos == Long.MIN_VALUE) startNanos = System.nanoTime() - ts;
            long due = startNanos + ts;
            for (long wait; (wait = due - System.nanoTime()) > 0; ) {
                LockSupport.parkNanos(wait);
                if (Thread.interrupted()) {
                    Thread.currentThread().interrupt();
                    throw new SourceException("interrupted while pacing synthetic frames");
                }
            }
        }
        index++;
        return ts;
    }

    /** The gestures of one pass of the script (loops repeat it every {@link #periodNanos()}). */
    public List<ScriptedStream.Segment> groundTruth() {
        return stream.groundTruth();
    }

    /** Length of one pass of the script. */
    public long periodNanos() {
        return stream.timestampNanos(stream.frameCount());
    }

    /** The underlying scripted stream (pose track, all segments). */
    public ScriptedStream stream() {
        return stream;
    }

    @Override
    public String description() {
        return "synthetic seed=" + seed + " " + split.name().toLowerCase(Locale.ROOT) + " " + width + "x" + height + "@" + fps
                + (live ? " live" : " fast") + (loop ? " loop" : "");
    }

    @Override
    public boolean isLive() {
        return live;
    }

    @Override
    public void close() {
        closed = true;
    }
}
