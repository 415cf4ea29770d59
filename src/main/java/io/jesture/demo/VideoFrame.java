package io.jesture.demo;

import io.jesture.FrameSource;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;

/**
 * One reusable display frame. The pipeline's BGR bytes are copied straight into the backing array
 * of a {@link BufferedImage#TYPE_3BYTE_BGR} image, whose byte order is exactly B, G, R per pixel, so
 * showing a frame costs one {@code arraycopy} and no conversion. A new image is allocated only when the
 * frame size changes (a source reopened at another resolution), never per frame.
 */
final class VideoFrame {
    private BufferedImage image;
    private byte[] pixels;
    private FrameSource.Format format;
    private long timestampNanos;

    /** Producer side: copies {@code bgr} in. */
    void copyFrom(byte[] bgr, FrameSource.Format f, long tsNanos) {
        if (format == null || format.width() != f.width() || format.height() != f.height()) {
            image = new BufferedImage(f.width(), f.height(), BufferedImage.TYPE_3BYTE_BGR);
            pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        }
        format = f;
        System.arraycopy(bgr, 0, pixels, 0, f.frameBytes());
        timestampNanos = tsNanos;
    }

    /** Null until the first frame arrived. */
    BufferedImage image() {
        return image;
    }

    FrameSource.Format format() {
        return format;
    }

    long timestampNanos() {
        return timestampNanos;
    }
}
