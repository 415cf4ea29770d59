package io.jesture.internal.pipeline;

import com.lmax.disruptor.EventHandler;
import com.lmax.disruptor.ExceptionHandler;

/**
 * The ring's consumer on thread {@code jesture-clips}: shows each frame to {@code onFrame} listeners
 * and feeds the {@link ClipAssembler}, which preprocesses only the frames that enter a clip; frames the
 * source left undecoded only move its time. A failure on one frame is reported and the next frame goes on.
 */
final class ClipStage implements EventHandler<FrameSlot>, ExceptionHandler<FrameSlot> {
    private final ClipAssembler assembler;
    private final ListenerDispatch dispatch;

    public ClipStage(ClipAssembler assembler, ListenerDispatch dispatch) {
        this.assembler = assembler;
        this.dispatch = dispatch;
    }

    @Override
    public void onEvent(FrameSlot slot, long sequence, boolean endOfBatch) throws Exception {
        switch (slot.kind) {
            case FRAME:
                dispatch.frame(slot.bgr, slot.format, slot.timestampNanos);
                // The assembler may keep this slot's pixels until the next frame decides whether a
                // model tick takes them, and gives the slot an array it is done with instead (no copy).
                // The capture thread sees the new array once this slot is released, through the ring's
                // sequence, so it reads it as safely as it reads the old one.
                slot.bgr = assembler.onFrameSwap(slot.bgr, slot.format.width(), slot.format.height(), slot.timestampNanos,
                        slot.arrivalNanos);
                break;
            case UNDECODED:
                // Only sources that nothing but the model looks at skip frames, so no onFrame listener misses it.
                assembler.onUndecodedFrame(slot.format.width(), slot.format.height(), slot.timestampNanos, slot.arrivalNanos);
                break;
            case RESET:
                assembler.reset();
                break;
            case END_OF_STREAM:
                assembler.onEndOfStream();
                break;
            default:
                break;
        }
    }

    @Override
    public void handleEventException(Throwable ex, long sequence, FrameSlot event) {
        // Nobody interrupts this thread (stopping halts the processor and closes the exchange), so an
        // interrupt is reported like any failure; re-asserting the flag would fail every later wait.
        dispatch.error("jesture-clips", ex);
    }

    @Override
    public void handleOnStartException(Throwable ex) {
        dispatch.error("jesture-clips", ex);
    }

    @Override
    public void handleOnShutdownException(Throwable ex) {
        dispatch.error("jesture-clips", ex);
    }
}
