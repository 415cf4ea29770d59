package io.jesture.internal.source;

import io.jesture.FrameSource;
import io.jesture.SourceException;

/**
 * A recorded clip as a camera that ran before it and runs on after it shows it: the clip's first frame
 * held still for a while, then the clip, then its last frame held still ({@code still=S} on
 * {@code file:} and {@code frames:}).
 *
 * <p>Why: a Jester clip lasts about three seconds and a model window at 6 fps spans 2.7, so a clip read
 * on its own gets one to three inferences, the first only once a whole window is there, and the
 * smoother can seldom fire on so few. A person in front of a live camera sits before and after the
 * gesture, and every window that overlaps it is read. Held frames stand for that sitting: nothing
 * moves in them, so they add no motion of their own.
 *
 * <p>The wrapper paces the frames itself ({@code pace=live}) and reads the inner source unpaced, so the
 * held frames and the clip's own keep one clock. Timestamps restart at 0 with the first held frame; the
 * clip's own are shifted by the lead. Two frame buffers, allocated at open; nothing per frame. The
 * recognizer does not see through the wrapper to an FFmpeg source, so {@code decode=auto} decodes at
 * the file's own size here, as it does offline anyway; say {@code decode=small} for the live size.
 */
public final class StillEnds implements FrameSource {
    static final String HELP = "seconds to hold the first frame before the clip and the last after it, as a camera running"
            + " before and after shows a still person (default: none; not with loop=true)";

    private enum Phase { LEAD, CLIP, TAIL, DONE }

    private final FrameSource inner;
    private final double seconds;
    private final boolean paced;
    private final Pacer pacer = new Pacer();
    private Format format;
    private byte[] first;
    private byte[] last;
    private long period;
    private int heldFrames;
    private Phase phase;
    private int k;
    private long clipOrigin;
    private long lead;
    private long lastOut;

    /**
     * @param inner   a finite source, opened and read unpaced by this one
     * @param seconds how long the first and the last frame are held, each (&gt; 0)
     * @param paced   frames at their presentation time ({@code pace=live}) or as fast as taken
     */
    StillEnds(FrameSource inner, double seconds, boolean paced) {
        if (!(seconds > 0) || !Double.isFinite(seconds)) throw new IllegalArgumentException("still must be > 0 s, was " + seconds);
        this.inner = inner;
        this.seconds = seconds;
        this.paced = paced;
    }

    /** Makes the clip's own source at a given pace (it opens nothing). */
    @FunctionalInterface
    public interface Clip {
        FrameSource at(FfmpegSource.Pace pace) throws SourceException;
    }

    /**
     * The clip at {@code pace} as it is when {@code seconds} is 0; else the clip read unpaced inside a
     * wrapper that holds its first frame {@code seconds} before it and its last after it, and paces all
     * of them as {@code pace} says.
     */
    public static FrameSource around(double seconds, FfmpegSource.Pace pace, Clip clip) throws SourceException {
        if (seconds == 0) return clip.at(pace);
        return new StillEnds(clip.at(FfmpegSource.Pace.FAST), seconds, pace == FfmpegSource.Pace.REALTIME);
    }

    /** {@code still=S} of a URI: S seconds, or 0 when absent; refused beside {@code loop=true}, which never ends. */
    static double seconds(SourceSpec spec) throws SourceException {
        if (spec.get("still") == null) return 0;
        double s = spec.positive("still", 0);
        if (spec.bool("loop")) {
            throw new SourceException("still= and loop=true do not mix in '" + spec.uri() + "': a looping source has no last frame"
                    + " to hold; drop one of them");
        }
        return s;
    }

    @Override
    public Format open() throws SourceException {
        format = inner.open();
        int n = format.frameBytes();
        if (first == null || first.length != n) {
            first = new byte[n];
            last = new byte[n];
        }
        period = Math.round(1e9 / format.fps());
        heldFrames = Math.max(1, (int) Math.round(seconds * format.fps()));
        lead = heldFrames * period;
        phase = Phase.LEAD;
        k = 0;
        lastOut = -1;
        pacer.restart();
        return format;
    }

    @Override
    public long read(byte[] bgr) throws SourceException {
        if (format == null) throw new SourceException(description() + " is not open");
        long ts;
        switch (phase) {
            case LEAD -> {
                if (k == 0) {
                    long t0 = inner.read(first);
                    if (t0 == END_OF_STREAM) {
                        phase = Phase.DONE;
                        return END_OF_STREAM;
                    }
                    clipOrigin = t0;
                    System.arraycopy(first, 0, last, 0, first.length);
                }
                int n = format.frameBytes();
                System.arraycopy(first, 0, bgr, 0, n);
                if (k < heldFrames) {
                    ts = k++ * period;
                } else {
                    // the clip's own first frame, already read
                    ts = lead;
                    phase = Phase.CLIP;
                }
            }
            case CLIP -> {
                long t = inner.read(bgr);
                if (t == END_OF_STREAM) {
                    phase = Phase.TAIL;
                    k = 0;
                    return read(bgr);
                }
                System.arraycopy(bgr, 0, last, 0, format.frameBytes());
                // A source's timestamps rise; a clip that steps back is clamped, never reordered.
                ts = Math.max(lastOut + 1, t - clipOrigin + lead);
            }
            case TAIL -> {
                if (k == heldFrames) {
                    phase = Phase.DONE;
                    return END_OF_STREAM;
                }
                System.arraycopy(last, 0, bgr, 0, format.frameBytes());
                ts = lastOut + period;
                k++;
            }
            default -> {
                return END_OF_STREAM;
            }
        }
        lastOut = ts;
        if (paced) pacer.await(ts);
        return ts;
    }

    @Override
    public String description() {
        return inner.description() + ", " + FfmpegSource.fmt(seconds) + " s held still before and after";
    }

    @Override
    public boolean isLive() {
        return false;
    }

    @Override
    public void close() {
        format = null;
        inner.close();
    }
}
