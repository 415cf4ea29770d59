package io.jesture;

/**
 * A snapshot of the pipeline's counters, cheap to take at any time.
 *
 * @param framesCaptured      frames read from the source
 * @param framesDropped       frames dropped because the ring was full (capture never blocks)
 * @param clipsAssembled      clips the sliding window emitted
 * @param windowsSkipped      clips never run because a fresher one replaced them (inference never backlogs)
 * @param inferences          model runs
 * @param captureFps          frames per second over the last 64 frames (0 if none in the last 2 s)
 * @param sourceFps           the frame rate the source declared when it opened (for a file: its timing as
 *                            jesture plays it, after an {@code fps=} override or the GIF delay rule); 0 before
 * @param inferenceRate       inferences per second over the last 64 inferences (0 if none in the last 2 s)
 * @param inferenceP50Millis  median model run time over the last 64 inferences
 * @param events              gesture events fired
 * @param deliveriesDropped   listener calls (scores, events, statuses) dropped because that listener was
 *                            64 calls behind (live
 *                            mode; offline waits instead), or still queued when the recognizer closed
 * @param provider            the execution provider actually in use ({@code CPU} or {@code CUDA})
 * @param modelName           the model's name (file name, or names joined with '+' for an ensemble)
 * @param frameAgeP50Millis   median, over the last 64 inferences, of the age of the clip's newest frame when
 *                            inference started: the time from that frame leaving the decoder (entering
 *                            the pipeline) to the model run. It grows when clip assembly or inference
 *                            cannot keep up; about one frame period plus preprocessing when all is well
 * @param frameAgeMaxMillis   the largest of those 64 ages
 * @param sourceLagMillis     how far the newest frame arrived behind the source's own timeline (its
 *                            timestamps, against the wall clock, from the earliest-arriving frame): it
 *                            grows when the source cannot decode or deliver at its own rate (a 4K file
 *                            paced live on a slow machine); 0 for a source that keeps up, and for
 *                            sources read as fast as possible
 * @param nonRisingTimestamps frames left out of clips because their timestamp was not later than the
 *                            previous frame's (a source whose clock stalled or went back); a reopened
 *                            source's first frame is not compared with the frames before it
 * @param framesDecoded       frames decoded into pixels: {@code framesCaptured}, except from a camera or
 *                            file whose video decodes frame by frame on its own (MJPEG, raw video) when
 *                            nothing but the model sees the frames: then only those a model tick takes
 *                            (one in five at 30 fps for a 6 fps model) and none of those dropped
 */
public record RecognizerStats(long framesCaptured, long framesDropped, long clipsAssembled,
                              long windowsSkipped, long inferences, double captureFps, double sourceFps,
                              double inferenceRate, double inferenceP50Millis, long events,
                              long deliveriesDropped, Provider provider, String modelName,
                              double frameAgeP50Millis, double frameAgeMaxMillis, double sourceLagMillis,
                              long nonRisingTimestamps, long framesDecoded) {

    /** Stats without the count of frames decoded, as before frames were left undecoded (kept for source compatibility). */
    public RecognizerStats(long framesCaptured, long framesDropped, long clipsAssembled, long windowsSkipped, long inferences,
                           double captureFps, double sourceFps, double inferenceRate, double inferenceP50Millis, long events,
                           long deliveriesDropped, Provider provider, String modelName, double frameAgeP50Millis,
                           double frameAgeMaxMillis, double sourceLagMillis, long nonRisingTimestamps) {
        this(framesCaptured, framesDropped, clipsAssembled, windowsSkipped, inferences, captureFps, sourceFps, inferenceRate,
                inferenceP50Millis, events, deliveriesDropped, provider, modelName, frameAgeP50Millis, frameAgeMaxMillis,
                sourceLagMillis, nonRisingTimestamps, framesCaptured);
    }

    /** Stats without the count of non-rising timestamps, as before those were counted (kept for source compatibility). */
    public RecognizerStats(long framesCaptured, long framesDropped, long clipsAssembled, long windowsSkipped, long inferences,
                           double captureFps, double sourceFps, double inferenceRate, double inferenceP50Millis, long events,
                           long deliveriesDropped, Provider provider, String modelName, double frameAgeP50Millis,
                           double frameAgeMaxMillis, double sourceLagMillis) {
        this(framesCaptured, framesDropped, clipsAssembled, windowsSkipped, inferences, captureFps, sourceFps, inferenceRate,
                inferenceP50Millis, events, deliveriesDropped, provider, modelName, frameAgeP50Millis, frameAgeMaxMillis,
                sourceLagMillis, 0, framesCaptured);
    }

    /** Stats without the lag figures, as before those were measured (kept for source compatibility). */
    public RecognizerStats(long framesCaptured, long framesDropped, long clipsAssembled, long windowsSkipped, long inferences,
                           double captureFps, double sourceFps, double inferenceRate, double inferenceP50Millis, long events,
                           long deliveriesDropped, Provider provider, String modelName) {
        this(framesCaptured, framesDropped, clipsAssembled, windowsSkipped, inferences, captureFps, sourceFps, inferenceRate,
                inferenceP50Millis, events, deliveriesDropped, provider, modelName, 0, 0, 0, 0, framesCaptured);
    }

    /** Stats without the source's fps or listener drops, as before those were counted (kept for source compatibility). */
    public RecognizerStats(long framesCaptured, long framesDropped, long clipsAssembled, long windowsSkipped, long inferences,
                           double captureFps, double inferenceRate, double inferenceP50Millis, long events,
                           Provider provider, String modelName) {
        this(framesCaptured, framesDropped, clipsAssembled, windowsSkipped, inferences, captureFps, 0, inferenceRate,
                inferenceP50Millis, events, 0, provider, modelName, 0, 0, 0, 0, framesCaptured);
    }
}
