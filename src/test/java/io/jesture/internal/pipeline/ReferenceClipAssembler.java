package io.jesture.internal.pipeline;

import io.jesture.ModelInfo;

/**
 * The clip assembler as it was before it learnt to preprocess only the frames that enter a clip: it
 * preprocesses every source frame on arrival. Kept unchanged as the oracle of
 * {@link ClipIdentityTest}: the real {@link ClipAssembler} must emit byte-identical clips.
 */
final class ReferenceClipAssembler implements AutoCloseable {
    private final ModelInfo model;
    private final ClipSink out;
    private final int clipLength;
    private final int stride;
    private final int frameFloats;
    private final int plane;
    private final long periodNanos;
    /** A jump in timestamps longer than this starts a new window instead of repeating frames across it. */
    private final long gapNanos;
    private final float[][] window;
    private final long[] windowNanos;
    private final long[] windowIndex;
    private final long[] windowArrival;
    private final ClipAssembler.FrameTap tap;
    private final byte[] cropped;
    private Preprocessor preprocessor;
    private float[] previous;
    private float[] current;
    private boolean havePrevious;
    private long previousNanos;
    private long previousArrival;
    private long previousIndex;
    private long sourceFrames;
    private long nextTickNanos;
    private long modelFrames;
    private int sinceEmit;
    private long clipsEmitted;

    ReferenceClipAssembler(ModelInfo model, int stride, ClipSink out) {
        this(model, stride, out, null);
    }

    /** @param tap also shown every accepted frame, or null */
    ReferenceClipAssembler(ModelInfo model, int stride, ClipSink out, ClipAssembler.FrameTap tap) {
        if (stride < 1) throw new IllegalArgumentException("stride must be >= 1, was " + stride);
        this.model = model;
        this.out = out;
        this.clipLength = model.clipLength();
        this.stride = stride;
        this.plane = model.frameWidth() * model.frameHeight();
        this.frameFloats = 3 * plane;
        this.periodNanos = Math.round(1e9 / model.fps());
        this.gapNanos = Math.max(1_000_000_000L, 2L * clipLength * periodNanos);
        this.window = new float[clipLength][frameFloats];
        this.windowNanos = new long[clipLength];
        this.windowIndex = new long[clipLength];
        this.windowArrival = new long[clipLength];
        this.previous = new float[frameFloats];
        this.current = new float[frameFloats];
        this.tap = tap;
        this.cropped = tap == null ? null : new byte[frameFloats];
    }

    /**
     * Takes one source frame.
     *
     * @param timestampNanos stream time; must rise (a frame that does not is ignored, and false returned)
     * @param arrivalNanos   {@link System#nanoTime()} when it entered the pipeline
     */
    public boolean onFrame(byte[] bgr, int width, int height, long timestampNanos, long arrivalNanos)
            throws InterruptedException {
        if (preprocessor == null || preprocessor.srcWidth() != width || preprocessor.srcHeight() != height) {
            if (preprocessor != null) preprocessor.close();
            preprocessor = new Preprocessor(width, height, model);
            reset();
        }
        if (havePrevious && timestampNanos <= previousNanos) return false;
        if (havePrevious && timestampNanos - previousNanos > gapNanos) reset();
        long index = sourceFrames++;
        if (tap == null) {
            preprocessor.apply(bgr, current);
        } else {
            preprocessor.crop(bgr, cropped);
            tap.onModelFrame(cropped, timestampNanos);
            preprocessor.normalize(cropped, current);
        }
        if (!havePrevious) {
            nextTickNanos = timestampNanos;
        }
        while (nextTickNanos <= timestampNanos) {
            boolean older = havePrevious && (nextTickNanos - previousNanos) <= (timestampNanos - nextTickNanos);
            if (older) push(previous, previousNanos, previousIndex, previousArrival);
            else push(current, timestampNanos, index, arrivalNanos);
            nextTickNanos += periodNanos;
        }
        float[] t = previous;
        previous = current;
        current = t;
        previousNanos = timestampNanos;
        previousArrival = arrivalNanos;
        previousIndex = index;
        havePrevious = true;
        return true;
    }

    /**
     * The source ended: decides a last tick the final frame is nearest to, flushes frames seen since
     * the last clip, and pads a stream shorter than one clip by repeating its last frame (so a short
     * file still gets classified).
     */
    public void onEndOfStream() throws InterruptedException {
        if (havePrevious) {
            if ((nextTickNanos - previousNanos) * 2 < periodNanos) {
                push(previous, previousNanos, previousIndex, previousArrival);
                nextTickNanos += periodNanos;
            }
            if (modelFrames < clipLength) {
                while (modelFrames < clipLength) {
                    pushNoEmit(previous, previousNanos, previousIndex, previousArrival);
                }
                emit();
            } else if (sinceEmit > 0) {
                emit();
            }
        }
        out.endOfStream();
        reset();
    }

    /** Starts a new window: a reopened source's frames never join clips with frames from before. */
    public void reset() {
        havePrevious = false;
        modelFrames = 0;
        sinceEmit = 0;
    }

    public long clipsEmitted() {
        return clipsEmitted;
    }

    private void push(float[] frame, long nanos, long index, long arrival) throws InterruptedException {
        pushNoEmit(frame, nanos, index, arrival);
        if (modelFrames >= clipLength && sinceEmit >= stride) emit();
    }

    private void pushNoEmit(float[] frame, long nanos, long index, long arrival) {
        int slot = (int) (modelFrames % clipLength);
        System.arraycopy(frame, 0, window[slot], 0, frameFloats);
        windowNanos[slot] = nanos;
        windowIndex[slot] = index;
        windowArrival[slot] = arrival;
        modelFrames++;
        sinceEmit++;
    }

    private void emit() throws InterruptedException {
        Clip clip = out.writable();
        long oldest = modelFrames - clipLength;
        for (int t = 0; t < clipLength; t++) {
            int slot = (int) ((oldest + t) % clipLength);
            float[] frame = window[slot];
            for (int c = 0; c < 3; c++) {
                System.arraycopy(frame, c * plane, clip.data, (c * clipLength + t) * plane, plane);
            }
            clip.frameNanos[t] = windowNanos[slot];
            clip.frameIndex[t] = windowIndex[slot];
        }
        clip.arrivalNanos = windowArrival[(int) ((modelFrames - 1) % clipLength)];
        sinceEmit = 0;
        clipsEmitted++;
        out.publish();
    }

    /** True once closed: its native OpenCV buffers are freed. */
    public boolean isClosed() {
        return preprocessor == null;
    }

    @Override
    public void close() {
        if (preprocessor != null) preprocessor.close();
        preprocessor = null;
    }
}
