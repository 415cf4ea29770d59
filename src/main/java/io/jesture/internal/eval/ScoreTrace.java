package io.jesture.internal.eval;

import io.jesture.ConfigException;
import io.jesture.GestureListener;
import io.jesture.ModelInfo;
import io.jesture.ScoreUpdate;
import io.jesture.Smoothing;
import io.jesture.internal.pipeline.GestureSmoother;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Everything the smoothing stage saw in one run: per inference, the raw probabilities, the
 * log-sum-exp of the logits, the clip's motion, whether a hands model voted, and its stream time.
 * Replaying it through a fresh {@link GestureSmoother} gives exactly the events the pipeline would have
 * fired with other smoothing or rejection settings on the same windows (the smoother is deterministic
 * and sees nothing else), so a calibration runs the model once per input and then tries hundreds of
 * operating points in milliseconds. Record it from an offline run (every window classified).
 *
 * <p>As a listener it copies each update (the pipeline reuses the arrays); that allocation is fine
 * for evaluation, not for an application.
 */
public final class ScoreTrace implements GestureListener {
    /** One inference. */
    public record Step(long clipEndNanos, float[] raw, float logSumExp, float motion, boolean handVoted) {}

    /** An event a replay fired. */
    public record Fired(String label, long detectedNanos, float confidence) {}

    private final List<Step> steps = new ArrayList<>();

    @Override
    public synchronized void onScores(ScoreUpdate u) {
        steps.add(new Step(u.clipEndNanos(), u.raw().clone(), u.logSumExp(), u.motion(), u.handVoted()));
    }

    /** The inferences recorded so far, in order (a copy). */
    public synchronized List<Step> steps() {
        return List.copyOf(steps);
    }

    /**
     * Runs the recorded inferences through a new smoother for {@code model} (a rejection preset is
     * looked up in the model's calibration) and returns its events.
     */
    public List<Fired> replay(Smoothing smoothing, ModelInfo model, Collection<String> allow, Collection<String> deny)
            throws ConfigException {
        GestureSmoother s = GestureSmoother.forModel(smoothing, model, allow, deny);
        List<Fired> out = new ArrayList<>();
        for (Step step : steps()) {
            int c = s.update(step.raw(), step.logSumExp(), step.motion(), null, step.handVoted(), step.clipEndNanos());
            if (c >= 0) out.add(new Fired(model.labels().get(c), step.clipEndNanos(), s.smoothed()[c]));
        }
        return out;
    }
}
