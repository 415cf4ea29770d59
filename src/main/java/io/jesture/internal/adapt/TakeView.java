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
 * A view may also crop every frame and scale the crop back to the frame's size: the camera a little
 * closer, or the person a little off centre (the random crops of video training, as in "Temporal
 * Segment Networks"). Nothing is mirrored, rotated or reversed: a mirrored or reversed take would be
 * another gesture (left is not right, up is not down).
 *
 * @param name  short name, e.g. {@code slow}
 * @param speed playback speed (timestamps divided by it): 0.8 is slower, 1.25 faster
 * @param from  first frame kept, as a fraction of the take
 * @param to    last frame kept, as a fraction of the take
 * @param crop  the side of the crop as a fraction of the frame's (1: the whole frame, no crop)
 * @param cropX where the crop sits across: 0 flush with the frame's left edge, 1 with its right
 * @param cropY where it sits down: 0 flush with the top, 1 with the bottom
 */
public record TakeView(String name, double speed, double from, double to, double crop, double cropX, double cropY) {
    /** The views {@code jesture adapt} uses by default: speed ±20 %, and the first or last fifth left out. */
    public static final List<TakeView> TIME = List.of(
            new TakeView("slow", 0.8, 0, 1),
            new TakeView("fast", 1.25, 0, 1),
            new TakeView("late-start", 1, 0.2, 1),
            new TakeView("early-end", 1, 0, 0.8));

    /** Three crops of 85 % of the frame, each scaled back to the whole frame: centred, up-left, down-right. */
    public static final List<TakeView> SPACE = List.of(
            new TakeView("near", 1, 0, 1, 0.85, 0.5, 0.5),
            new TakeView("near-up-left", 1, 0, 1, 0.85, 0, 0),
            new TakeView("near-down-right", 1, 0, 1, 0.85, 1, 1));

    /** {@link #TIME} and then {@link #SPACE}. */
    public static final List<TakeView> TIME_AND_SPACE = java.util.stream.Stream.concat(TIME.stream(), SPACE.stream()).toList();

    public TakeView {
        if (!(speed >= 0.25 && speed <= 4)) throw new IllegalArgumentException("view speed must be in [0.25, 4], was " + speed);
        if (!(from >= 0 && from < to && to <= 1)) throw new IllegalArgumentException("view span must be 0 <= from < to <= 1, was " + from + ".." + to);
        if (!(crop >= 0.5 && crop <= 1)) throw new IllegalArgumentException("view crop must be in [0.5, 1], was " + crop);
        if (!(cropX >= 0 && cropX <= 1 && cropY >= 0 && cropY <= 1)) {
            throw new IllegalArgumentException("view crop position must be in [0, 1] each way, was " + cropX + ", " + cropY);
        }
    }

    /** A view that only changes time. */
    public TakeView(String name, double speed, double from, double to) {
        this(name, speed, from, to, 1, 0.5, 0.5);
    }

    /** Parses {@code time} (the default views), {@code space}, {@code time+space} or {@code none}. */
    public static List<TakeView> parse(String s) {
        return switch (s.strip().toLowerCase(Locale.ROOT)) {
            case "time" -> TIME;
            case "space" -> SPACE;
            case "time+space" -> TIME_AND_SPACE;
            case "none" -> List.of();
            default -> throw new io.jesture.InvalidInputException("unknown --views '" + s
                    + "': use time (speed and trim views of every take), space (crops), time+space or none");
        };
    }

    /** Plays frames held in memory ({@code frames[i]} at {@code stamps[i]}) as this view. Not thread-safe. */
    FrameSource play(List<byte[]> frames, long[] stamps, FrameSource.Format format, String takeId) {
        int n = frames.size();
        int first = Math.min(n - 1, (int) Math.round(from * n)), end = Math.max(first + 1, (int) Math.round(to * n));
        int w = format.width(), h = format.height();
        // Nearest-neighbour source columns and rows of the crop, once per view: no per-frame work but the copy.
        int[] srcX = null, srcY = null;
        if (crop < 1) {
            int cw = Math.max(1, (int) Math.round(crop * w)), ch = Math.max(1, (int) Math.round(crop * h));
            int x0 = (int) Math.round(cropX * (w - cw)), y0 = (int) Math.round(cropY * (h - ch));
            srcX = new int[w];
            srcY = new int[h];
            for (int x = 0; x < w; x++) srcX[x] = x0 + Math.min(cw - 1, (int) ((x + 0.5) * cw / w));
            for (int y = 0; y < h; y++) srcY[y] = y0 + Math.min(ch - 1, (int) ((y + 0.5) * ch / h));
        }
        final int[] colOf = srcX, rowOf = srcY;
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
                if (colOf == null) {
                    System.arraycopy(f, 0, bgr, 0, f.length);
                } else {
                    for (int y = 0, o = 0; y < h; y++) {
                        int row = rowOf[y] * w * 3;
                        for (int x = 0; x < w; x++, o += 3) {
                            int i = row + colOf[x] * 3;
                            bgr[o] = f[i];
                            bgr[o + 1] = f[i + 1];
                            bgr[o + 2] = f[i + 2];
                        }
                    }
                }
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
