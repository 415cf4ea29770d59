package io.jesture.internal.eval;

import io.jesture.FrameSource;
import io.jesture.GestureEvent;
import io.jesture.GestureListener;
import io.jesture.GestureOptions;
import io.jesture.GestureRecognizer;
import io.jesture.JestureException;
import io.jesture.ModelInfo;
import io.jesture.RecognizerStats;
import io.jesture.RunningMode;
import io.jesture.ScoreUpdate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one {@link QuietInput} through a whole {@link GestureRecognizer} (capture, ring, clips,
 * ONNX Runtime, smoothing, the rejection gate), as {@code jesture run} would, and collects what
 * fired. Paced live, frames arrive at their own rate and the pipeline skips windows it cannot keep
 * up with, as with a camera; offline, every window is classified.
 */
public final class QuietRun {

    /**
     * What one input gave.
     *
     * @param minutes length of the video, from its last classified clip
     * @param trace   every inference, for replaying other gate settings
     */
    public record Outcome(QuietInput input, List<GestureEvent> events, double minutes, RecognizerStats stats,
                          ModelInfo model, ScoreTrace trace) {
        public double perMinute() {
            return minutes > 0 ? events.size() / minutes : Double.NaN;
        }
    }

    private QuietRun() {}

    /**
     * @param base    recognizer options (model, provider, smoothing); source and mode are replaced, a listener added
     * @param offline every window classified, as fast as possible; else paced live
     */
    public static Outcome run(GestureOptions base, QuietInput input, boolean offline) throws JestureException, InterruptedException {
        FrameSource source = input.open(!offline);
        List<GestureEvent> events = new ArrayList<>();
        ScoreTrace trace = new ScoreTrace();
        long[] lastClipEnd = {0};
        GestureOptions options = base.newBuilder().source(source).runningMode(offline ? RunningMode.OFFLINE : RunningMode.LIVE)
                .listener(new GestureListener() {
            @Override
            public void onGesture(GestureEvent e) {
                synchronized (events) {
                    events.add(e);
                }
            }

            @Override
            public void onScores(ScoreUpdate u) {
                trace.onScores(u);
                synchronized (lastClipEnd) {
                    lastClipEnd[0] = Math.max(lastClipEnd[0], u.clipEndNanos());
                }
            }
        }).build();
        try (GestureRecognizer r = GestureRecognizer.create(options)) {
            r.start();
            if (!r.awaitEndOfStream(Duration.ofMinutes(30))) {
                throw new JestureException("eval-quiet: " + input.name() + " did not end within 30 minutes; is the machine overloaded?");
            }
            List<GestureEvent> fired;
            synchronized (events) {
                fired = List.copyOf(events);
            }
            double minutes;
            synchronized (lastClipEnd) {
                minutes = lastClipEnd[0] / 60e9;
            }
            return new Outcome(input, fired, minutes, r.stats(), r.modelInfo(), trace);
        }
    }
}
