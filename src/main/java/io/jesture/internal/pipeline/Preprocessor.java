package io.jesture.internal.pipeline;

import io.jesture.ModelInfo;
import io.jesture.internal.source.NativeLibraries;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Size;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;

/**
 * Turns one BGR frame of a fixed size into one model frame, {@code [3, H, W]} floats, following the
 * {@code cover_center_crop} rule of docs/model-contract.md: scale by {@code max(H/h, W/w)} (area
 * averaging when shrinking, bilinear when growing), crop the centre, reorder colours, normalise.
 * Every buffer is allocated in the constructor; {@link #apply} allocates nothing. {@link #crop} and
 * {@link #normalize} are its two halves, for callers that keep frames as bytes.
 */
public final class Preprocessor implements AutoCloseable {
    private final int srcWidth;
    private final int srcHeight;
    private final int width;
    private final int height;
    private final int scaledWidth;
    private final int scaledHeight;
    private final int cropX;
    private final int cropY;
    private final int interpolation;
    private final Mat src;
    private final Mat scaled;
    private final BytePointer srcData;
    private final BytePointer scaledData;
    private final Size scaledSize;
    private final byte[] scaledBytes;
    private final Normalizer normalizer;
    /** For output channel c, the offset of its byte within a BGR pixel. */
    private final int[] bgrOffset = new int[3];
    private final byte[] cropped;
    private boolean closed;

    public Preprocessor(int srcWidth, int srcHeight, ModelInfo model) {
        if (srcWidth <= 0 || srcHeight <= 0) throw new IllegalArgumentException("frame size must be positive, was " + srcWidth + "x" + srcHeight);
        this.srcWidth = srcWidth;
        this.srcHeight = srcHeight;
        this.width = model.frameWidth();
        this.height = model.frameHeight();
        double s = Math.max((double) height / srcHeight, (double) width / srcWidth);
        this.scaledWidth = Math.max(width, (int) Math.round(srcWidth * s));
        this.scaledHeight = Math.max(height, (int) Math.round(srcHeight * s));
        this.cropX = (scaledWidth - width) / 2;
        this.cropY = (scaledHeight - height) / 2;
        this.interpolation = s < 1 ? INTER_AREA : INTER_LINEAR;
        NativeLibraries.await();
        this.src = new Mat(srcHeight, srcWidth, CV_8UC3);
        this.scaled = new Mat(scaledHeight, scaledWidth, CV_8UC3);
        this.srcData = src.data();
        this.scaledData = scaled.data();
        this.scaledSize = new Size(scaledWidth, scaledHeight);
        this.scaledBytes = new byte[scaledWidth * scaledHeight * 3];
        this.cropped = new byte[3 * width * height];
        this.normalizer = new Normalizer(model);
        boolean rgb = model.colorOrder().equals("RGB");
        for (int c = 0; c < 3; c++) bgrOffset[c] = rgb ? 2 - c : c;
    }

    int srcWidth() {
        return srcWidth;
    }

    int srcHeight() {
        return srcHeight;
    }

    /** Floats in one model frame. */
    public int frameFloats() {
        return 3 * width * height;
    }

    /** Writes the model frame of {@code bgr} into {@code out[0 .. 3*H*W)}, channel-major. */
    public void apply(byte[] bgr, float[] out) {
        crop(bgr, cropped);
        normalize(cropped, out);
    }

    /**
     * The first half of {@link #apply}: the scaled, centre-cropped frame as bytes, {@code [3, H, W]} in
     * the model's colour order, not yet normalised (a quarter of the floats' memory, for callers that keep
     * frames).
     */
    void crop(byte[] bgr, byte[] out) {
        srcData.position(0).put(bgr, 0, srcWidth * srcHeight * 3);
        byte[] px;
        int stride;
        if (scaledWidth == srcWidth && scaledHeight == srcHeight) {
            px = bgr;
            stride = srcWidth * 3;
        } else {
            resize(src, scaled, scaledSize, 0, 0, interpolation);
            scaledData.position(0).get(scaledBytes, 0, scaledBytes.length);
            px = scaledBytes;
            stride = scaledWidth * 3;
        }
        int plane = width * height;
        for (int c = 0; c < 3; c++) {
            int off = bgrOffset[c];
            int o = c * plane;
            for (int y = 0; y < height; y++) {
                int i = (y + cropY) * stride + cropX * 3 + off;
                for (int x = 0; x < width; x++, i += 3) out[o++] = px[i];
            }
        }
    }

    /** The second half of {@link #apply}: mean/std normalisation of a frame {@link #crop} wrote. */
    void normalize(byte[] cropped, float[] out) {
        normalizer.apply(cropped, out);
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        scaledSize.close();
        scaled.close();
        src.close();
    }
}
