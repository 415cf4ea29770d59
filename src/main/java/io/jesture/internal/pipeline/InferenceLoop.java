package io.jesture.internal.pipeline;

import io.jesture.PipelineStatus;
import io.jesture.ScoreUpdate;
import io.jesture.internal.hands.HandTracker;
import io.jesture.internal.model.Classifier;

import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Thread {@code jesture-infer}: takes the freshest clip, runs the model, smooths, and tells listeners.
 * A failed inference is reported and the next clip goes on.
 */
final class InferenceLoop implements Runnable {
    private final ClipExchange clips;
    private final Classifier classifier;
    private final GestureSmoother smoother;
    private final ListenerDispatch dispatch;
    private final PipelineStats stats;
    private final List<String> labels;
    private final float[] raw;
    private final ClipMotion motion;
    /** The newest model frame's tracked hand, for listeners that draw it; filled only when a model reads hands. */
    private final float[] hand = new float[2 * ScoreUpdate.HAND_POINTS];
    private final int newest;
    private final CountDownLatch endOfStream = new CountDownLatch(1);
    private final String sourceName;
    private volatile boolean running = true;
    /** Why the stream ended early, if it did; asked at the end of the stream. */
    private volatile java.util.function.Supplier<Throwable> sourceFailure = () -> null;
    /** For tests only: runs on this thread before each model run, e.g. to hold inference back. */
    private volatile Runnable beforeInference;

    /** The gate's hand test, when it is on; set before the thread starts. */
    private ClipHandCheck handCheck;

    public InferenceLoop(ClipExchange clips, Classifier classifier, GestureSmoother smoother, ListenerDispatch dispatch,
                         PipelineStats stats, String sourceName) {
        this.sourceName = sourceName;
        this.clips = clips;
        this.classifier = classifier;
        this.smoother = smoother;
        this.dispatch = dispatch;
        this.stats = stats;
        this.labels = classifier.info().labels();
        this.raw = new float[labels.size()];
        this.motion = new ClipMotion(classifier.info());
        this.newest = classifier.info().clipLength() - 1;
    }

    @Override
    public void run() {
        while (running) {
            try {
                Clip clip = clips.take(TimeUnit.MILLISECONDS.toNanos(200));
                if (clip == null) continue;
                if (clip == ClipExchange.END_OF_STREAM) {
                    smoother.reset();
                    // The latch opens once every listener got the status, so awaiting the end of a
                    // stream also awaits the listeners (offline, they have seen everything before it).
                    Throwable failed = sourceFailure.get();
                    String how = failed == null ? " ended; every clip was classified"
                            : " ended early, after " + stats.framesCaptured.get() + " frames, on an error (reported above);"
                            + " the clips before it were classified";
                    dispatch.status(new PipelineStatus(PipelineStatus.Kind.END_OF_STREAM, sourceName + how), endOfStream::countDown);
                    continue;
                }
                classify(clip);
            } catch (InterruptedException e) {
                if (!running) break;
            } catch (Throwable t) {
                if (t instanceof VirtualMachineError && !(t instanceof OutOfMemoryError)) throw (VirtualMachineError) t;
                dispatch.error("jesture-infer", t);
            }
        }
    }

    private void classify(Clip clip) throws Exception {
        Runnable hook = beforeInference;
        if (hook != null) hook.run();
        long t0 = System.nanoTime();
        stats.inferenceStarting(t0 - clip.arrivalNanos);
        classifier.classify(clip.data, clip.hands, raw);
        long t1 = System.nanoTime();
        stats.inferenceDone(t1, t1 - t0);
        float lse = classifier.logSumExp();
        float moved = motion.peak(clip.data);
        if (handCheck != null) handCheck.clip(clip);
        boolean handVoted = classifier.readsHands() && !classifier.handsAbstained();
        int fired = smoother.update(raw, lse, moved, handCheck, handVoted, clip.endNanos());
        float[] smoothed = smoother.smoothed();
        boolean handSeen = classifier.readsHands() && HandTracker.landmarksXY(clip.hands, newest, hand);
        dispatch.scores(labels, raw, smoothed, clip.endNanos(), t1 - t0, lse, moved, handSeen ? hand : null, handVoted);
        if (fired >= 0) {
            stats.events.incrementAndGet();
            dispatch.gesture(labels.get(fired), fired, smoothed[fired], smoother.firedStartNanos(), clip.endNanos(), clip.arrivalNanos);
        }
    }

    /** The gate's hand test reads the clip that would fire through {@code check}; null: no hand test. */
    void handCheck(ClipHandCheck check) {
        this.handCheck = check;
    }

    /** Where to ask, at the end of a stream, whether the source failed part way (null: it did not). */
    public void sourceFailure(java.util.function.Supplier<Throwable> why) {
        this.sourceFailure = java.util.Objects.requireNonNull(why, "why == null");
    }

    /** For tests: {@code hook} runs on {@code jesture-infer} before each model run. */
    public void beforeInference(Runnable hook) {
        this.beforeInference = hook;
    }

    /** Counted down when the last clip of a finite stream was classified and every listener got END_OF_STREAM. */
    public CountDownLatch endOfStream() {
        return endOfStream;
    }

    public void stop() {
        running = false;
    }
}
