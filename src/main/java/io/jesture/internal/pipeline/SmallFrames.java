package io.jesture.internal.pipeline;

import io.jesture.FrameSource;
import io.jesture.ModelInfo;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * Warns about a source whose frames are far smaller than the model's input. Preprocessing scales them
 * up to cover the input, so a 2x2 video reaches the model as flat colour: whatever the model says about
 * it says more about the model's bias on an empty picture than about the video.
 */
public final class SmallFrames {
    /** Frames below this fraction of the model's input, in width or height, are "far below". */
    static final double FAR_BELOW = 0.5;

    private SmallFrames() {}

    /** The warning for frames of this size, or null when they are big enough. */
    public static String warning(String source, int width, int height, ModelInfo model) {
        int w = model.frameWidth();
        int h = model.frameHeight();
        if (width >= w * FAR_BELOW && height >= h * FAR_BELOW) return null;
        double scale = Math.max((double) w / width, (double) h / height);
        return String.format(Locale.ROOT, "%s has %dx%d frames, far below the %dx%d the model reads: each is scaled up %.0f times and"
                        + " carries almost no detail, so what the model says about it means little; use a source of at least %dx%d",
                source, width, height, w, h, scale, w, h);
    }

    /** Logs {@link #warning} (one line) if there is one. */
    public static void warnIfSmall(String source, FrameSource.Format format, ModelInfo model) {
        String w = warning(source, format.width(), format.height(), model);
        if (w != null) LoggerFactory.getLogger(SmallFrames.class).warn(w);
    }
}
