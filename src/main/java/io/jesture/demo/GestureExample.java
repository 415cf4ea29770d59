package io.jesture.demo;

import io.jesture.synth.GestureClip;
import io.jesture.synth.JesterLabels;
import io.jesture.synth.Split;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.Locale;

/**
 * A short example of a Jester gesture, rendered by the synthetic world ({@link GestureClip}) and
 * played in a loop beside the recording cue, so the person recording sees what the gesture looks like
 * before performing it. Only the 27 Jester labels have one: the renderer knows no other motion.
 *
 * <p>The frames are rendered once, when the example is made (a few hundred milliseconds, so off the
 * EDT), into images of their own; showing a frame is then a lookup. Immutable after construction.
 */
final class GestureExample {
    /** Jester's aspect (176 x 100), a little larger: an inset, not a video. */
    static final int WIDTH = 220, HEIGHT = 125;
    static final double FPS = 12;
    /** A bright room where the hand reads clearly at inset size (judged by eye on contact sheets). */
    static final long SEED = 3;
    static final double CLIP_SECONDS = 3.5;
    /** Kept before the performed phase (the hand rising into place) and after it (the end pose held). */
    static final double LEAD = 0.6, TAIL = 0.6;

    private final String label;
    private final BufferedImage[] frames;

    private GestureExample(String label, BufferedImage[] frames) {
        this.label = label;
        this.frames = frames;
    }

    /** The Jester label the renderer knows {@code gesture} by, or null when it does not know it. */
    static String jesterLabel(String gesture) {
        if (gesture == null) return null;
        String want = gesture.strip();
        for (String l : JesterLabels.LABELS) if (l.equalsIgnoreCase(want)) return l;
        return null;
    }

    /**
     * Renders the example of {@code gesture}.
     *
     * @throws IllegalArgumentException the renderer does not know it ({@link #jesterLabel} is null)
     */
    static GestureExample render(String gesture) {
        String label = jesterLabel(gesture);
        if (label == null) throw new IllegalArgumentException("no rendered example of '" + gesture + "': not one of the 27 Jester labels");
        GestureClip clip = GestureClip.create(SEED, Split.TRAIN, JesterLabels.index(label), WIDTH, HEIGHT, FPS, CLIP_SECONDS);
        int first = 0, last = clip.frameCount() - 1;
        if (!Double.isNaN(clip.gestureStartSeconds())) { // "No gesture" has no act: all of it is the example
            first = Math.max(0, (int) Math.floor((clip.gestureStartSeconds() - LEAD) * FPS));
            last = Math.min(last, (int) Math.ceil((clip.gestureEndSeconds() + TAIL) * FPS));
        }
        BufferedImage[] frames = new BufferedImage[last - first + 1];
        for (int i = first; i <= last; i++) {
            BufferedImage f = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_3BYTE_BGR);
            Graphics2D g = f.createGraphics();
            g.drawImage(clip.renderImage(i), 0, 0, null); // the clip reuses one canvas: copy each frame out
            g.dispose();
            frames[i - first] = f;
        }
        return new GestureExample(label, frames);
    }

    String label() {
        return label;
    }

    int frameCount() {
        return frames.length;
    }

    /** The frame shown {@code nanos} after the loop started. */
    BufferedImage frameAt(long nanos) {
        long i = (long) (Math.max(0, nanos) * FPS / 1e9);
        return frames[(int) (i % frames.length)];
    }

    /** Seconds one pass of the loop takes. */
    double seconds() {
        return frames.length / FPS;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "example of '%s' (%d frames, %.1f s)", label, frames.length, seconds());
    }
}
