package io.jesture.internal.pipeline;

import io.jesture.ModelInfo;
import io.jesture.internal.hands.HandTracker;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Builds sliding-window clips at the model's frame rate from frames at any rate.
 *
 * <p>Model time ticks every {@code 1/fps} seconds from the first frame's timestamp. Each tick takes
 * the source frame whose timestamp is nearest (the older one on a tie), so a 30 fps or 15 fps camera
 * feeds a 12 fps model the frames it would have seen at 12 fps; a stalled source repeats its last
 * frame. A tick is decided when the first frame after it arrives. The rule is {@link FrameSampler}'s.
 * Every {@code stride} model frames, once T are there, a clip goes to the {@link ClipSink} (the
 * {@link ClipExchange} in the pipeline).
 *
 * <p>Only frames that a tick takes are preprocessed, each once: at 30 fps and a 6 fps model that is
 * one frame in five. Whether the newest frame is taken is known only when the next one arrives, so
 * until then its pixels are kept: {@link #onFrameSwap} keeps the caller's array itself and hands back
 * one it no longer needs (no copy), {@link #onFrame} copies them. With a {@link FrameTap} every frame
 * is preprocessed on arrival, as the tap must see each one. Single-threaded (the clip thread);
 * allocates only when the frame size changes.
 *
 * <p>A source may leave the frames no tick takes undecoded ({@link #onUndecodedFrame}): they count and
 * move time like any other. Should a tick still land on one (the capture's view of the frames and this
 * one differ: a frame dropped from a full ring between them, or a packet that did not decode), it takes
 * the other frame of the pair if that one has pixels, else repeats the frame taken last; such ticks are
 * counted in {@link #ticksFilledIn()}.
 *
 * <p>With a {@link HandTracker} ({@link #trackHands}), each model frame's source pixels also go to the
 * tracker, once per source frame, and the clip carries what it found ({@link Clip#hands}). The tracker
 * needs the frame at its own resolution, not the model's, so the newest frame's pixels are then kept
 * as for a frame not yet preprocessed ({@link #held}: swapped, not copied, by {@link #onFrameSwap}).
 */
public final class ClipAssembler implements AutoCloseable {
    /** Sees every accepted source frame (that has pixels) as the model will: scaled, cropped, colour-ordered, not yet normalised. */
    public interface FrameTap {
        /** @param cropped {@code [3, H, W]} bytes, valid only during the call */
        void onModelFrame(byte[] cropped, long timestampNanos);
    }

    private final ModelInfo model;
    private final ClipSink out;
    private final int clipLength;
    private final int stride;
    private final int frameFloats;
    private final int plane;
    /** Which frames the ticks take; a jump in timestamps it calls a restart starts a new window. */
    private final FrameSampler sampler;
    private final float[][] window;
    private final long[] windowNanos;
    private final long[] windowIndex;
    private final long[] windowArrival;
    private final FrameTap tap;
    private final byte[] cropped;
    private Preprocessor preprocessor;
    /** The previous frame as the model sees it; valid only when {@link #previousReady}. */
    private float[] previous;
    private float[] current;
    /** Whether {@link #previous} holds the previous frame preprocessed. */
    private boolean previousReady;
    /** Whether {@link #held} holds the previous frame's pixels (it is not preprocessed yet, or the hand tracker may need them). */
    private boolean previousHeld;
    /** The previous frame's BGR pixels while {@link #previousHeld}; otherwise a spare array, or null. */
    private byte[] held;
    private long previousNanos;
    private long previousArrival;
    private long previousIndex;
    private long sourceFrames;
    private long modelFrames;
    private int sinceEmit;
    private long framesPreprocessed;
    /** Written by the clip thread only; atomic so that {@link #nonRisingTimestamps()} may read it from any thread. */
    private final AtomicLong nonRising = new AtomicLong();
    private long ticksFilledIn;
    private HandTracker hands;
    private float[][] windowHands;
    /** The source frame the tracker saw last and what it found, so a repeated frame is not tracked twice. */
    private long observedIndex = -1;
    private final float[] observed = new float[HandTracker.OBS];

    public ClipAssembler(ModelInfo model, int stride, ClipSink out) {
        this(model, stride, out, null);
    }

    /** @param tap also shown every accepted frame, or null */
    public ClipAssembler(ModelInfo model, int stride, ClipSink out, FrameTap tap) {
        if (stride < 1) throw new IllegalArgumentException("stride must be >= 1, was " + stride);
        this.model = model;
        this.out = out;
        this.clipLength = model.clipLength();
        this.stride = stride;
        this.plane = model.frameWidth() * model.frameHeight();
        this.frameFloats = 3 * plane;
        this.sampler = FrameSampler.of(model);
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
     * Tracks the hand in every model frame from now on; the assembler owns {@code tracker} and closes
     * it. Call before the first frame.
     */
    public void trackHands(HandTracker tracker) {
        this.hands = tracker;
        this.windowHands = new float[clipLength][HandTracker.OBS];
    }

    /** Whether clips carry hand observations. */
    public boolean tracksHands() {
        return hands != null;
    }

    /**
     * Builds the preprocessor for frames of this size now (and runs it once), so that the first frame
     * does not pay for OpenCV's setup. Optional: {@link #onFrame} builds it on demand.
     */
    public void prepare(int width, int height) {
        if (preprocessor != null && preprocessor.srcWidth() == width && preprocessor.srcHeight() == height) return;
        if (preprocessor != null) preprocessor.close();
        preprocessor = new Preprocessor(width, height, model);
        preprocessor.apply(new byte[width * height * 3], current);
        reset();
    }

    /**
     * Takes one source frame, copying its pixels if it may still be needed.
     *
     * @param timestampNanos stream time; must rise (a frame that does not is ignored, and false returned)
     * @param arrivalNanos   {@link System#nanoTime()} when it entered the pipeline
     */
    public boolean onFrame(byte[] bgr, int width, int height, long timestampNanos, long arrivalNanos)
            throws InterruptedException {
        if (!accept(bgr, width, height, timestampNanos, arrivalNanos)) return false;
        if (previousHeld) {
            int n = width * height * 3;
            if (held == null || held.length < n) held = new byte[n];
            System.arraycopy(bgr, 0, held, 0, n);
        }
        return true;
    }

    /**
     * Takes one source frame that was not decoded, because no tick takes it: it moves model time and
     * counts like any other, without pixels.
     *
     * @return false if its timestamp does not rise (it is ignored)
     */
    boolean onUndecodedFrame(int width, int height, long timestampNanos, long arrivalNanos)
            throws InterruptedException {
        return accept(null, width, height, timestampNanos, arrivalNanos);
    }

    /**
     * Takes one source frame like {@link #onFrame}, but instead of copying pixels it may keep {@code bgr}
     * itself. The caller must not touch {@code bgr} again, and uses the returned array in its place: an
     * array of at least the same length that the assembler no longer needs, or {@code bgr} itself when the
     * assembler did not keep it. Allocates only the first time it keeps a frame (and after a size change).
     */
    byte[] onFrameSwap(byte[] bgr, int width, int height, long timestampNanos, long arrivalNanos)
            throws InterruptedException {
        if (!accept(bgr, width, height, timestampNanos, arrivalNanos) || !previousHeld) return bgr;
        byte[] free = held;
        held = bgr;
        return free != null && free.length >= bgr.length ? free : new byte[bgr.length];
    }

    /**
     * Resamples; afterwards the frame is the previous one, preprocessed if {@link #previousReady}, its
     * pixels to be kept by the caller in {@link #held} if {@link #previousHeld}.
     *
     * @param bgr null for a frame that was not decoded
     */
    private boolean accept(byte[] bgr, int width, int height, long timestampNanos, long arrivalNanos)
            throws InterruptedException {
        if (preprocessor == null || preprocessor.srcWidth() != width || preprocessor.srcHeight() != height) {
            if (preprocessor != null) preprocessor.close();
            preprocessor = new Preprocessor(width, height, model);
            reset();
        }
        if (!sampler.advance(timestampNanos)) {
            // The sampler refuses only a timestamp not later than the previous frame's.
            // One writer: a plain read and an ordered write, no read-modify-write.
            nonRising.lazySet(nonRising.get() + 1);
            return false;
        }
        if (sampler.restarted()) {
            modelFrames = 0;
            sinceEmit = 0;
        }
        long index = sourceFrames++;
        boolean currentReady = false;
        if (tap != null && bgr != null) {
            preprocessor.crop(bgr, cropped);
            tap.onModelFrame(cropped, timestampNanos);
            preprocessor.normalize(cropped, current);
            framesPreprocessed++;
            currentReady = true;
        }
        boolean previousUsable = !sampler.restarted() && (previousReady || previousHeld);
        for (int i = sampler.takesPrevious(); i > 0; i--) {
            if (previousUsable) {
                preparePrevious();
                push(previous, previousNanos, previousIndex, previousArrival, previousPixels(), null);
            } else {
                ticksFilledIn++;
                if (bgr != null) {
                    if (!currentReady) currentReady = prepare(bgr, current);
                    push(current, timestampNanos, index, arrivalNanos, bgr, null);
                } else {
                    repeatLast();
                }
            }
        }
        for (int i = sampler.takesCurrent(); i > 0; i--) {
            if (bgr != null) {
                if (!currentReady) currentReady = prepare(bgr, current);
                push(current, timestampNanos, index, arrivalNanos, bgr, null);
            } else {
                ticksFilledIn++;
                if (previousUsable) {
                    preparePrevious();
                    push(previous, previousNanos, previousIndex, previousArrival, previousPixels(), null);
                } else {
                    repeatLast();
                }
            }
        }
        float[] t = previous;
        previous = current;
        current = t;
        previousReady = currentReady;
        previousHeld = bgr != null && (!currentReady || hands != null);
        previousNanos = timestampNanos;
        previousArrival = arrivalNanos;
        previousIndex = index;
        return true;
    }

    private boolean prepare(byte[] bgr, float[] into) {
        preprocessor.apply(bgr, into);
        framesPreprocessed++;
        return true;
    }

    /** The previous frame's pixels while they are kept, else null (the hand tracker has then seen it already). */
    private byte[] previousPixels() {
        return previousHeld ? held : null;
    }

    private void preparePrevious() {
        if (!previousReady) previousReady = prepare(held, previous);
    }

    /** A tick whose frame has no pixels: the window's newest frame again, as a stalled source gives; none yet: nothing. */
    private void repeatLast() throws InterruptedException {
        if (modelFrames == 0) return;
        int last = (int) ((modelFrames - 1) % clipLength);
        push(window[last], windowNanos[last], windowIndex[last], windowArrival[last], null, hands == null ? null : windowHands[last]);
    }

    /**
     * The source ended: decides a last tick the final frame is nearest to, flushes frames seen since
     * the last clip, and pads a stream shorter than one clip by repeating its last frame (so a short
     * file still gets classified).
     */
    public void onEndOfStream() throws InterruptedException {
        if (sampler.hasFrame()) {
            boolean lastTick = sampler.lastFrameTakenAtEnd();
            boolean pixels = previousReady || previousHeld;
            if (lastTick) {
                if (pixels) {
                    preparePrevious();
                    push(previous, previousNanos, previousIndex, previousArrival, previousPixels(), null);
                } else {
                    ticksFilledIn++;
                    repeatLast();
                }
            }
            if (modelFrames < clipLength) {
                if (pixels) {
                    preparePrevious();
                    while (modelFrames < clipLength) {
                        pushNoEmit(previous, previousNanos, previousIndex, previousArrival, previousPixels(), null);
                    }
                    emit();
                } else if (modelFrames > 0) {
                    ticksFilledIn++;
                    int last = (int) ((modelFrames - 1) % clipLength);
                    while (modelFrames < clipLength) {
                        pushNoEmit(window[last], windowNanos[last], windowIndex[last], windowArrival[last], null,
                                hands == null ? null : windowHands[last]);
                    }
                    emit();
                }
            } else if (sinceEmit > 0) {
                emit();
            }
        }
        out.endOfStream();
        reset();
    }

    /** Starts a new window: a reopened source's frames never join clips with frames from before. */
    public void reset() {
        sampler.reset();
        previousReady = false;
        previousHeld = false;
        modelFrames = 0;
        sinceEmit = 0;
    }

    /**
     * Frames ignored, over the assembler's life, because their timestamp was not later than the previous
     * frame's; the first frame after a {@link #reset} (a reopened source, a new frame size) has none to
     * be compared with. Any thread may read it.
     */
    public long nonRisingTimestamps() {
        return nonRising.get();
    }

    /** Source frames preprocessed so far (each at most once). */
    long framesPreprocessed() {
        return framesPreprocessed;
    }

    /** Ticks that landed on a frame without pixels and took a neighbour instead (0 while capture and clips agree). */
    long ticksFilledIn() {
        return ticksFilledIn;
    }

    /**
     * @param pixels  the frame's BGR pixels, for the hand tracker (when it runs); null once the tracker has seen the frame
     * @param handsOf a window slot's hand observation to repeat, or null to track the frame
     */
    private void push(float[] frame, long nanos, long index, long arrival, byte[] pixels, float[] handsOf)
            throws InterruptedException {
        pushNoEmit(frame, nanos, index, arrival, pixels, handsOf);
        if (modelFrames >= clipLength && sinceEmit >= stride) emit();
    }

    private void pushNoEmit(float[] frame, long nanos, long index, long arrival, byte[] pixels, float[] handsOf) {
        int slot = (int) (modelFrames % clipLength);
        System.arraycopy(frame, 0, window[slot], 0, frameFloats);
        if (hands != null) {
            if (handsOf == null) {
                if (index != observedIndex) {
                    if (pixels == null) throw new IllegalStateException("source frame " + index + " reached a clip with no pixels for the hand tracker");
                    hands.observe(pixels, preprocessor.srcWidth(), preprocessor.srcHeight(), observed, 0);
                    observedIndex = index;
                }
                handsOf = observed;
            }
            System.arraycopy(handsOf, 0, windowHands[slot], 0, HandTracker.OBS);
        }
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
            if (hands != null) System.arraycopy(windowHands[slot], 0, clip.hands, t * HandTracker.OBS, HandTracker.OBS);
        }
        clip.arrivalNanos = windowArrival[(int) ((modelFrames - 1) % clipLength)];
        sinceEmit = 0;
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
        if (hands != null) hands.close();
    }
}
