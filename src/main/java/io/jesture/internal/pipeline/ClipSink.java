package io.jesture.internal.pipeline;

/**
 * Where a {@link ClipAssembler} puts its clips: it fills {@link #writable()}, then {@link #publish()}es
 * it. The pipeline hands them to another thread ({@link ClipExchange}); a batch scorer classifies them
 * on the spot.
 */
public interface ClipSink {
    /** The buffer to fill next; the assembler's until {@link #publish()}. */
    Clip writable();

    /** The filled buffer is ready; false if the sink was closed. */
    boolean publish() throws InterruptedException;

    /** No more clips will come for this stream. */
    void endOfStream() throws InterruptedException;
}
