package io.jesture.internal.eval;

import io.jesture.FrameSource;
import io.jesture.SourceException;
import io.jesture.internal.source.FfmpegLog;
import io.jesture.internal.source.Pacer;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;

/**
 * Frames made at run time by one of FFmpeg's generator filters (libavfilter's "lavfi" input device,
 * which JavaCV's bundled FFmpeg carries), such as {@code testsrc=size=640x480:rate=30:duration=60} or
 * {@code mandelbrot=size=640x480:rate=30,trim=duration=60}: moving pictures with no hand in them, and
 * no file to ship. A finite filter graph (give it a {@code duration} or a {@code trim}) ends the stream.
 *
 * <p>{@code live} holds each frame back until its presentation time, as a camera would deliver it.
 */
public final class LavfiSource implements FrameSource {
    private final String graph;
    private final boolean live;
    private FFmpegFrameGrabber grabber;
    private Format format;
    private long lastNanos;
    private final Pacer pacer = new Pacer();

    public LavfiSource(String graph, boolean live) {
        if (graph == null || graph.isBlank()) throw new IllegalArgumentException("lavfi graph == null or blank");
        this.graph = graph;
        this.live = live;
    }

    @Override
    public Format open() throws SourceException {
        close();
        FfmpegLog.install(); // as for FfmpegSource: FFmpeg's own lines stay off the terminal
        FFmpegFrameGrabber g = new FFmpegFrameGrabber(graph);
        g.setFormat("lavfi");
        try {
            g.start();
            // Set after start: before, JavaCV hands it to the lavfi device as an option it rejects (and
            // says so on stderr); after, it only picks the conversion of each grabbed frame.
            g.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
        } catch (Exception | UnsatisfiedLinkError e) {
            try {
                g.release();
            } catch (Exception ignored) {
                // already failing; the open error is the one to report
            }
            throw new SourceException("cannot open FFmpeg generator '" + graph + "': " + e.getMessage()
                    + " (is it a lavfi source filter graph such as testsrc=size=640x480:rate=30:duration=60?)", e);
        }
        grabber = g;
        double fps = g.getFrameRate() > 0 && Double.isFinite(g.getFrameRate()) ? g.getFrameRate() : 30;
        format = new Format(g.getImageWidth(), g.getImageHeight(), fps);
        lastNanos = Long.MIN_VALUE;
        pacer.restart();
        return format;
    }

    @Override
    public long read(byte[] bgr) throws SourceException {
        if (grabber == null) throw new SourceException(description() + " is not open");
        Frame f;
        try {
            f = grabber.grabImage();
        } catch (Exception e) {
            throw new SourceException("reading " + description() + " failed: " + e.getMessage(), e);
        }
        if (f == null || f.image == null) return END_OF_STREAM;
        ByteBuffer buf = (ByteBuffer) f.image[0];
        int rowBytes = format.width() * 3;
        for (int y = 0; y < format.height(); y++) buf.get(y * f.imageStride, bgr, y * rowBytes, rowBytes);
        long ts = f.timestamp * 1000L;
        if (ts <= lastNanos) ts = lastNanos + 1000;
        lastNanos = ts;
        if (live) pacer.await(ts);
        return ts;
    }

    @Override
    public String description() {
        return "FFmpeg generator " + graph + (live ? " (live pace)" : "");
    }

    @Override
    public boolean isLive() {
        return false;
    }

    @Override
    public void close() {
        FFmpegFrameGrabber g = grabber;
        grabber = null;
        if (g != null) {
            try {
                g.close();
            } catch (Exception e) {
                LoggerFactory.getLogger(LavfiSource.class).warn("closing {} failed: {}", description(), e.toString());
            }
        }
    }
}
