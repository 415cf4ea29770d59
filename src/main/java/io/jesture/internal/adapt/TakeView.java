package io.jesture.internal.adapt;

import io.jesture.FrameSource;

import java.util.List;
import java.util.Locale;

/**
 * Another timing of a recorded take: played faster or slower, or with its start or end trimmed. A
 * person never performs a gesture twice at the same speed or starts it at the same moment after
 * "GO", so a few takes cover little of how the gesture will look; embedding each take again in
 * these views gives the head more examples of the same gesture, the way temporal jittering augments
 * video training data (e.g. the speed perturbation of Ko et al., "Audio Augmentation for Speech
 * Recognition", 2015, and the temporal crops of Wang et al., "Temporal Segment Networks", 2016).
 * Only time changes: a mirrored or reversed take would be another gesture (left is not right, up is
 * not down).
 *
 * @param name  short name, e.g. {@code slow}
 * @param speed playback speed (timestamps divided by it): 0.8 is slower, 1.25 faster
 * @param from  first frame kept, as a fraction of the take
 * @param to    last frame kept, as a fraction of the take
 */
public record TakeView(String name, double speed, double from, double to) {
    /** The views {@code jesture adapt} uses by default: speed ±20 %, and the first or last fifth left out. */
    public static final List<TakeView> TIME = List.of(
            new TakeView("slow", 0.8, 0, 1),
            new TakeView("fast", 1.25, 0, 1),
            new TakeView("late-start", 1, 0.2, 1),
            new TakeView("early-end", 1, 0, 0.8));

    public TakeView {
        if (!(speed >= 0.25 && speed <= 4)) throw new IllegalArgumentException("view speed must be in [0.25, 4], was " + speed);
        if (!(from >= 0 && from < to && to <= 1)) throw new IllegalArgumentException("view span must be 0 <= from < to <= 1, was " + from + ".." + to);
    }

    /** Parses {@code time} (the default views) or {@code none}. */
    public static List<TakeView> parse(String s) {
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "time" -> TIME;
            case "none" -> List.of();
            default -> throw new io.jesture.InvalidInputException("unknown --views '" + s + "': use time (speed and trim views of every take) or none");
        };
    }

    /** Plays frames held in memory ({@code frames[i]} at {@code stamps[i]}) as this view. Not thread-safe. */
    FrameSource play(List<byte[]> frames, long[] stamps, FrameSource.Format format, String takeId) {
        int n = frames.size();
        int first = Math.min(n - 1, (int) Math.round(from * n)), end = Math.max(first + 1, (int) Math.round(to * n));
        return new FrameSource() {
            private int next;

            @Override
            public Format open() {
                next = first;
                return format;
            }

            @Override
            public long read(byte[] bgr) {
                if (next >= end) return END_OF_STREAM;
                byte[] f = frames.get(next);
                System.arraycopy(f, 0, bgr, 0, f.length);
                return Math.round((stamps[next++] - stamps[first]) / speed);
            }

            @Override
            public String description() {
                return "take " + takeId + " (" + name + ")";
            }

            @Override
            public boolean isLive() {
                return false;
            }

            @Override
            public void close() {
                // frames are the caller's
            }
        };
    }
}
