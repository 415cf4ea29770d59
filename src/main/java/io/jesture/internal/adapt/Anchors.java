package io.jesture.internal.adapt;

import io.jesture.FrameSource;
import io.jesture.JestureException;
import io.jesture.synth.GestureClip;
import io.jesture.synth.JesterLabels;
import io.jesture.synth.Split;

import java.util.ArrayList;
import java.util.List;

/**
 * Examples of the model's own classes, rendered by jesture's synthetic world, for the head to tell
 * a new gesture apart from. The takes a person records show only their gestures; fitted on those
 * alone, a new class wins wherever the model is unsure (a swipe it half recognises, a still person
 * it is not certain about). A few rendered clips of every class the renderer knows give the fit the
 * negatives it lacks, in the way class-incremental learning keeps exemplars of the old classes
 * (Rebuffi et al., "iCaRL: Incremental Classifier and Representation Learning", CVPR 2017); here
 * they are rendered on demand instead of stored.
 */
public final class Anchors {
    static final int WIDTH = 176, HEIGHT = 100; // Jester's frame size
    static final double FPS = 12, SECONDS = 3.5;
    static final long SEED = 0xA4C4L;

    private Anchors() {}

    /**
     * Embeds {@code perClass} rendered clips of every model label the synthetic world can render
     * (TRAIN split, fixed seeds: the same anchors every time).
     */
    public static List<Take> embed(TakeEmbedder embedder, int perClass) throws JestureException, InterruptedException {
        List<Take> out = new ArrayList<>();
        List<String> labels = embedder.info().labels();
        for (int i = 0; i < perClass; i++) {
            for (String label : labels) {
                if (!JesterLabels.LABELS.contains(label)) continue;
                int index = JesterLabels.index(label);
                GestureClip clip = GestureClip.create(SEED + 1000L * i + index, Split.TRAIN, index, WIDTH, HEIGHT, FPS, SECONDS);
                out.add(embedder.embed("anchor-" + i + "-" + index, label, new ClipSource(clip)));
            }
        }
        return out;
    }

    /** Plays one rendered clip, rendering each frame as it is read. */
    static final class ClipSource implements FrameSource {
        private final GestureClip clip;
        private int next;

        ClipSource(GestureClip clip) {
            this.clip = clip;
        }

        @Override
        public Format open() {
            next = 0;
            return new Format(clip.width(), clip.height(), clip.fps());
        }

        @Override
        public long read(byte[] bgr) {
            if (next >= clip.frameCount()) return END_OF_STREAM;
            clip.render(next, bgr);
            return Math.round(next++ * 1e9 / clip.fps());
        }

        @Override
        public String description() {
            return "rendered " + JesterLabels.name(clip.label());
        }

        @Override
        public boolean isLive() {
            return false;
        }

        @Override
        public void close() {
            // nothing held
        }
    }
}
