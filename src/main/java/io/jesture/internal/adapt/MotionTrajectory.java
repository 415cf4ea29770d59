package io.jesture.internal.adapt;

import io.jesture.ModelInfo;

/**
 * Where the motion went: the path of the centroid of the frame differences, with the camera's own
 * motion taken out, resampled to {@link #POINTS} points and centred. A dynamic gesture such as a circle, a
 * tick or a star drawn with a finger is a trajectory; an embedding trained on rendered clips reads
 * mostly appearance, and tells such shapes apart poorly. This descriptor is the second block of the
 * adaptation feature ({@link Features}).
 *
 * <p>The path runs over the last {@link #HISTORY_CLIPS} clip lengths of model frames, not only the
 * clip the model reads: a gesture drawn with a fingertip often takes longer than one clip (2.7 s at
 * 16 frames and 6 fps), and a window that sees only its middle sees a stroke, not the shape.
 * {@link #update} is given each window's clip in stream order and keeps one point per model frame;
 * consecutive windows share all but their newest frames, which it finds by content (the newest frame
 * it kept is looked for in the new clip), so it needs no timestamps and survives skipped windows: a
 * clip with no frame in common starts a new path.
 *
 * <p>Each pair of frames is aligned before it is differenced: the whole frame shifted by up to
 * {@link #SHIFT} pixels each way, the shift that matches best. A head-worn camera, a laptop on a
 * knee or a phone in a hand moves a little between frames, and every edge of the room then shows in
 * the difference; the centroid followed the room, not the hand.
 *
 * <p>Output ({@link #DIM} floats): the {@link #POINTS} centred points {@code x0, y0, x1, y1, ...},
 * then the {@code POINTS - 1} steps between them, in frame heights. x grows to the right, y down.
 *
 * <p>Allocation-free after construction; not thread-safe (one per inference thread): it runs on the
 * inference hot path when a profile uses it.
 */
public final class MotionTrajectory {
    /**
     * Bump when the descriptor changes: a profile fitted on another version is refused. Version 4 aligns
     * the frames, keeps the path's size and has 24 points; version 3 (a second path along the leading edge
     * of the motion) was measured and never shipped; version 2 is version 4 without the alignment, scaled
     * by the path's RMS radius, with 16 points; version 1 read one clip.
     */
    public static final int VERSION = 4;
    /**
     * How many clip lengths of model frames the path covers (48 frames, 8 s, at 16 frames and 6 fps):
     * the longest gestures of the EgoGestAR set take up to 9.5 s, the median one 3.2 s. Version 1
     * read one clip.
     */
    public static final int HISTORY_CLIPS = 3;
    /** 24 points: a star or a square drawn with a finger has 4 to 5 strokes; 16 rounded their corners. */
    public static final int POINTS = 24;
    public static final int DIM = 2 * POINTS + 2 * (POINTS - 1);
    /** Grey levels (of 255) above the frame's median difference before a pixel counts as motion. */
    static final float NOISE_LEVELS = 4f;
    /** Below this many grey levels summed over a difference frame, the frame has no motion. */
    static final float MIN_MASS = 1f;
    /**
     * Every second pixel of every second row: a hand is many pixels wide at 64 x 88, so its centroid
     * hardly moves, and the descriptor costs a quarter (one pass over every pixel took about 0.5 ms).
     */
    static final int STRIDE = 2;
    /**
     * The largest camera shift looked for between two model frames, in pixels each way (at 64 x 88 and
     * 6 fps, 3 pixels is 3.4% of the frame's width in a sixth of a second).
     */
    static final int SHIFT = 3;
    /**
     * Grey levels by which a shift must match better than the unshifted frame before it is taken. In front
     * of a plain wall every shift matches about as well, and noise alone would pick one; a shifted frame
     * then shows a still hand's edges as motion.
     */
    static final float SHIFT_MARGIN = 0.5f;
    /**
     * The shift search reads every fourth pixel of every fourth row (about 300 at 64 x 88): 49 shifts over
     * every second pixel took 0.21 ms a window, this 0.07 ms, with the same few-shot accuracy; a room's
     * match needs far fewer pixels than the hand's centroid.
     */
    static final int SEARCH_STRIDE = 4;

    private final int t;
    private final int h;
    private final int w;
    private final int plane;
    /** Sampled rows and columns inside the {@link #SHIFT} margin, and their product. */
    private final int rows;
    private final int cols;
    private final int samples;
    /** Per channel: grey level = sum over channels of value * gain[c] + offset. */
    private final float[] gain = new float[3];
    private final float offset;
    /** Whole grey frames (h x w): a shift of one pixel needs every pixel, not every second one. */
    private float[] prev;
    private float[] cur;
    private final float[] diff;
    /** The x coordinate of each sampled column, in the frame's pixels. */
    private final float[] xs;
    private final int[] histogram = new int[256];
    private final float[] levelSum = new float[256];
    /** The path: one entry per model frame after the first, oldest at {@link #head}, a ring. */
    private final float[] hx;
    private final float[] hy;
    private final boolean[] moved;
    private int head;
    private int count;
    /** The newest frame kept (sampled grey), looked for in the next clip. */
    private final float[] last;
    private boolean hasLast;
    private final float[] probe;
    private final float[] cx;
    private final float[] cy;
    private final float[] px = new float[POINTS];
    private final float[] py = new float[POINTS];

    /**
     * @param mean per channel mean of the model's normalisation, on values in [0, 1]
     * @param std  per channel std of the model's normalisation
     */
    public MotionTrajectory(int clipLength, int height, int width, float[] mean, float[] std) {
        if (clipLength < 2) throw new IllegalArgumentException("clipLength must be >= 2, was " + clipLength);
        if (height < 1 || width < 1) throw new IllegalArgumentException("frame size must be positive, was " + width + "x" + height);
        if (mean.length != 3 || std.length != 3) throw new IllegalArgumentException("mean and std need 3 channels");
        this.t = clipLength;
        this.h = height;
        this.w = width;
        this.plane = height * width;
        // Undo the model's normalisation (v = (x - mean) / std) and average the channels, in grey levels
        // of 255: the noise margin is then the same number of levels whatever the model's mean and std.
        float off = 0;
        for (int c = 0; c < 3; c++) {
            gain[c] = 255f * std[c] / 3f;
            off += 255f * mean[c] / 3f;
        }
        this.offset = off;
        if (height <= 2 * SHIFT || width <= 2 * SHIFT) {
            throw new IllegalArgumentException("frame size must exceed " + 2 * SHIFT + " pixels each way, was " + width + "x" + height);
        }
        this.rows = (height - 2 * SHIFT + STRIDE - 1) / STRIDE;
        this.cols = (width - 2 * SHIFT + STRIDE - 1) / STRIDE;
        this.samples = rows * cols;
        this.prev = new float[plane];
        this.cur = new float[plane];
        this.diff = new float[samples];
        this.xs = new float[cols];
        for (int x = 0; x < cols; x++) xs[x] = SHIFT + x * STRIDE;
        int entries = HISTORY_CLIPS * clipLength - 1;
        this.hx = new float[entries];
        this.hy = new float[entries];
        this.moved = new boolean[entries];
        this.last = new float[plane];
        this.probe = new float[plane];
        this.cx = new float[entries];
        this.cy = new float[entries];
    }

    public MotionTrajectory(ModelInfo info) {
        this(info.clipLength(), info.frameHeight(), info.frameWidth(), info.mean(), info.std());
    }

    /**
     * Writes the descriptor of {@code clip} alone ({@code [3, T, H, W]}, the model's normalised input)
     * into {@code out[0 .. DIM)}, forgetting any path before it. A clip with motion in fewer than two
     * difference frames (a still scene, or a take padded with its last frame) gives all zeros.
     */
    public void compute(float[] clip, float[] out) {
        reset();
        update(clip);
        describe(out);
    }

    /** Forgets the path: the next {@link #update} starts a new one (a new source). */
    public void reset() {
        head = 0;
        count = 0;
        hasLast = false;
    }

    /**
     * Adds the frames of {@code clip} that the last clip did not have to the path: the next window of
     * the same stream, or any later one. A clip that does not contain the newest frame kept starts a
     * new path.
     */
    public void update(float[] clip) {
        int match = -1;
        if (hasLast) {
            // Newest first: a still stretch repeats one frame, and only the frames after the last copy are new.
            for (int f = t - 1; f >= 0 && match < 0; f--) {
                grey(clip, f, probe);
                if (java.util.Arrays.equals(probe, last)) match = f;
            }
            if (match < 0) reset();
        }
        if (match == t - 1) return; // nothing new: the same window again
        int from; // the first frame whose difference from its predecessor is new
        if (match < 0) {
            grey(clip, 0, prev);
            from = 1;
        } else {
            System.arraycopy(last, 0, prev, 0, plane); // frame match is the frame kept: no need to convert it again
            from = match + 1;
        }
        for (int f = from; f < t; f++) {
            grey(clip, f, cur);
            step();
            float[] swap = prev;
            prev = cur;
            cur = swap;
        }
        System.arraycopy(prev, 0, last, 0, plane); // prev now holds frame t - 1
        hasLast = true;
    }

    /** One entry of the path from the difference of {@link #prev} and {@link #cur}, aligned. */
    private void step() {
        // The camera's shift: the offset of prev that matches cur best. The match is scored on the better
        // half of the sampled pixels (the mean of the smaller half of the differences), so the room decides
        // it: a hand, or anything else that moves by itself, would have to cover half the frame to pull
        // the match toward its own motion.
        int bestDx = 0, bestDy = 0;
        float best = mismatch(0, 0) - SHIFT_MARGIN;
        for (int dy = -SHIFT; dy <= SHIFT; dy++) {
            for (int dx = -SHIFT; dx <= SHIFT; dx++) {
                if (dx == 0 && dy == 0) continue;
                float e = mismatch(dx, dy);
                if (e < best) {
                    best = e;
                    bestDx = dx;
                    bestDy = dy;
                }
            }
        }
        // Absolute frame difference, aligned: what moved between two frames, whatever its colour.
        for (int r = 0, i = 0; r < rows; r++) {
            int y = SHIFT + r * STRIDE;
            int c0 = y * w + SHIFT, p0 = (y + bestDy) * w + SHIFT + bestDx;
            for (int x = 0; x < cols; x++, i++) diff[i] = Math.abs(cur[c0 + x * STRIDE] - prev[p0 + x * STRIDE]);
        }
        // A camera's gain drift and noise change most pixels a little; a moving hand changes few pixels a
        // lot. Subtracting the frame's median difference (plus a margin) keeps only the latter.
        float floor = median() + NOISE_LEVELS;
        double mass = 0, sx = 0, sy = 0;
        for (int r = 0, i = 0; r < rows; r++) {
            float row = 0, rowX = 0;
            for (int x = 0; x < cols; x++, i++) {
                float v = Math.max(diff[i] - floor, 0f); // no branch: noise makes it unpredictable
                row += v;
                rowX += v * xs[x];
            }
            mass += row;
            sx += rowX;
            sy += (double) row * (SHIFT + r * STRIDE);
        }
        int n = hx.length;
        int at;
        if (count < n) {
            at = (head + count) % n;
            count++;
        } else { // full: the oldest entry goes
            at = head;
            head = (head + 1) % n;
        }
        // The weighted centroid of what moved: one point of the hand's path. A frame without motion has no
        // centroid; it keeps its entry (the history spans a fixed number of frames) but adds no point.
        moved[at] = mass >= MIN_MASS;
        hx[at] = moved[at] ? (float) (sx / mass) : 0f;
        hy[at] = moved[at] ? (float) (sy / mass) : 0f;
    }

    /**
     * How badly prev shifted by (dx, dy) matches cur: the mean of the smaller half of the absolute
     * differences over the search's pixels ({@link #SEARCH_STRIDE}), in grey levels. A histogram of whole levels finds the half in one
     * pass, without a sort.
     */
    private float mismatch(int dx, int dy) {
        int[] hist = histogram;
        float[] sums = levelSum;
        java.util.Arrays.fill(hist, 0);
        java.util.Arrays.fill(sums, 0f);
        int n = 0;
        for (int y = SHIFT; y < h - SHIFT; y += SEARCH_STRIDE) {
            int c0 = y * w, p0 = (y + dy) * w + dx;
            for (int x = SHIFT; x < w - SHIFT; x += SEARCH_STRIDE, n++) {
                float d = Math.abs(cur[c0 + x] - prev[p0 + x]);
                int b = Math.min((int) d, 255);
                hist[b]++;
                sums[b] += d;
            }
        }
        int half = n / 2, seen = 0;
        float sum = 0;
        for (int b = 0; b < 256 && seen < half; b++) {
            int take = Math.min(hist[b], half - seen);
            // The last bin counts in part, at its mean level.
            sum += take == hist[b] ? sums[b] : sums[b] * take / hist[b];
            seen += take;
        }
        return sum / Math.max(1, half);
    }

    /** Writes the descriptor of the path so far into {@code out[0 .. DIM)}: zeros with fewer than two points. */
    public void describe(float[] out) {
        int n = 0;
        for (int k = 0; k < count; k++) {
            int i = (head + k) % hx.length;
            if (moved[i]) {
                cx[n] = hx[i];
                cy[n] = hy[i];
                n++;
            }
        }
        if (n < 2) {
            java.util.Arrays.fill(out, 0, DIM, 0f);
            return;
        }
        // A fixed number of points whatever the number of frames that moved: a fast and a slow take of
        // the same shape give the same path (linear interpolation along the frame index).
        double meanX = 0, meanY = 0;
        for (int p = 0; p < POINTS; p++) {
            double at = (double) p * (n - 1) / (POINTS - 1);
            int i0 = Math.min((int) at, n - 2);
            double u = at - i0;
            px[p] = (float) (cx[i0] + u * (cx[i0 + 1] - cx[i0]));
            py[p] = (float) (cy[i0] + u * (cy[i0 + 1] - cy[i0]));
            meanX += px[p];
            meanY += py[p];
        }
        meanX /= POINTS;
        meanY /= POINTS;
        // Where the shape was drawn says where the user stood, not which gesture: centre the path. Its size
        // stays, in frame heights. Version 2 divided by the path's RMS radius, which blew a hand's jitter
        // at rest up to the size of a stroke and made a short swipe as large as a circle around the frame.
        for (int p = 0; p < POINTS; p++) {
            px[p] -= (float) meanX;
            py[p] -= (float) meanY;
        }
        float inv = 1f / h;
        for (int p = 0; p < POINTS; p++) {
            out[2 * p] = px[p] * inv;
            out[2 * p + 1] = py[p] * inv;
        }
        // The steps give the direction of travel, which the points alone leave to the order of the values.
        int o = 2 * POINTS;
        for (int p = 0; p + 1 < POINTS; p++) {
            out[o + 2 * p] = (px[p + 1] - px[p]) * inv;
            out[o + 2 * p + 1] = (py[p + 1] - py[p]) * inv;
        }
    }

    /** Frame f in grey levels (0 .. 255): the mean of the channels, the normalisation undone. */
    private void grey(float[] clip, int f, float[] into) {
        int r = f * plane, g = (t + f) * plane, b = (2 * t + f) * plane;
        float g0 = gain[0], g1 = gain[1], g2 = gain[2];
        for (int i = 0; i < plane; i++) into[i] = clip[r + i] * g0 + clip[g + i] * g1 + clip[b + i] * g2 + offset;
    }

    /**
     * The median of {@link #diff} from a histogram of whole grey levels: one pass and no sort, within half
     * a grey level of the exact median (the bin's centre).
     */
    private float median() {
        int[] hist = histogram;
        java.util.Arrays.fill(hist, 0);
        for (int i = 0; i < samples; i++) hist[Math.min((int) diff[i], 255)]++;
        int half = (samples + 1) / 2, seen = 0;
        for (int b = 0; b < 256; b++) {
            seen += hist[b];
            if (seen >= half) return b + 0.5f;
        }
        return 255.5f;
    }
}
