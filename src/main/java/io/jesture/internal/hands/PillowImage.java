package io.jesture.internal.hands;

/**
 * The two image operations the hand tracker's training side did with Pillow, done the same way on
 * BGR bytes, so that the networks see the pixels they saw there: {@code Image.resize} with the
 * bilinear filter (a triangle filter widened by the scale when shrinking, so it averages rather than
 * skips, with Pillow's 22-bit fixed-point weights, horizontal pass first) and {@code Image.transform}
 * with an affine map and bilinear sampling (pixel centres at +0.5, black outside the image, the value
 * truncated). OpenCV's {@code resize} and {@code warpAffine} differ by a grey level or three, enough
 * to move the landmark model's hand-present probability by 0.06 on a rendered frame. Not thread-safe;
 * {@link Resize} allocates only when built.
 */
final class PillowImage {
    private static final int PRECISION_BITS = 32 - 8 - 2;

    private PillowImage() {}

    /** Pillow's bilinear resize from one fixed size to another. */
    static final class Resize {
        final int inWidth, inHeight, outWidth, outHeight;
        private final int[] xBounds, yBounds;
        private final int[] xWeights, yWeights;
        private final int xTaps, yTaps;
        /** The horizontal pass: {@code inHeight} rows of {@code outWidth} pixels. */
        private final byte[] middle;

        Resize(int inWidth, int inHeight, int outWidth, int outHeight) {
            this.inWidth = inWidth;
            this.inHeight = inHeight;
            this.outWidth = outWidth;
            this.outHeight = outHeight;
            this.xTaps = taps(inWidth, outWidth);
            this.yTaps = taps(inHeight, outHeight);
            this.xBounds = new int[2 * outWidth];
            this.yBounds = new int[2 * outHeight];
            this.xWeights = new int[outWidth * xTaps];
            this.yWeights = new int[outHeight * yTaps];
            coefficients(inWidth, outWidth, xTaps, xBounds, xWeights);
            coefficients(inHeight, outHeight, yTaps, yBounds, yWeights);
            this.middle = new byte[inHeight * outWidth * 3];
        }

        private static int taps(int in, int out) {
            double filterScale = Math.max(1.0, (double) in / out);
            return (int) Math.ceil(filterScale) * 2 + 1;
        }

        private static void coefficients(int in, int out, int taps, int[] bounds, int[] weights) {
            double scale = (double) in / out;
            double filterScale = Math.max(1.0, scale);
            double support = filterScale;
            double[] k = new double[taps];
            for (int xx = 0; xx < out; xx++) {
                double centre = (xx + 0.5) * scale;
                double ss = 1.0 / filterScale;
                int xmin = Math.max(0, (int) (centre - support + 0.5));
                int xmax = Math.min(in, (int) (centre + support + 0.5)) - xmin;
                double ww = 0;
                for (int x = 0; x < xmax; x++) {
                    double d = Math.abs((x + xmin - centre + 0.5) * ss);
                    k[x] = d < 1 ? 1 - d : 0;
                    ww += k[x];
                }
                bounds[2 * xx] = xmin;
                bounds[2 * xx + 1] = xmax;
                for (int x = 0; x < taps; x++) {
                    double w = x < xmax && ww != 0 ? k[x] / ww : 0;
                    weights[xx * taps + x] = (int) (w < 0 ? -0.5 + w * (1 << PRECISION_BITS) : 0.5 + w * (1 << PRECISION_BITS));
                }
            }
        }

        /** {@code src} ({@code inWidth x inHeight} BGR) resized into {@code dst}, whose rows are {@code dstStride} bytes, from byte {@code dstAt}. */
        void apply(byte[] src, byte[] dst, int dstAt, int dstStride) {
            boolean horizontal = outWidth != inWidth, vertical = outHeight != inHeight;
            byte[] rows = src;
            int rowStride = inWidth * 3;
            if (horizontal) {
                for (int y = 0; y < inHeight; y++) {
                    int si = y * inWidth * 3, di = y * outWidth * 3;
                    for (int xx = 0; xx < outWidth; xx++) {
                        int xmin = xBounds[2 * xx], xmax = xBounds[2 * xx + 1], kw = xx * xTaps;
                        int s0 = 1 << (PRECISION_BITS - 1), s1 = s0, s2 = s0;
                        for (int x = 0; x < xmax; x++) {
                            int p = si + (x + xmin) * 3, w = xWeights[kw + x];
                            s0 += (src[p] & 0xff) * w;
                            s1 += (src[p + 1] & 0xff) * w;
                            s2 += (src[p + 2] & 0xff) * w;
                        }
                        middle[di + 3 * xx] = clip8(s0);
                        middle[di + 3 * xx + 1] = clip8(s1);
                        middle[di + 3 * xx + 2] = clip8(s2);
                    }
                }
                rows = middle;
                rowStride = outWidth * 3;
            }
            for (int yy = 0; yy < outHeight; yy++) {
                int di = dstAt + yy * dstStride;
                if (!vertical) {
                    System.arraycopy(rows, yy * rowStride, dst, di, outWidth * 3);
                    continue;
                }
                int ymin = yBounds[2 * yy], ymax = yBounds[2 * yy + 1], kw = yy * yTaps;
                for (int i = 0; i < outWidth * 3; i++) {
                    int s = 1 << (PRECISION_BITS - 1);
                    for (int y = 0; y < ymax; y++) s += (rows[(y + ymin) * rowStride + i] & 0xff) * yWeights[kw + y];
                    dst[di + i] = clip8(s);
                }
            }
        }

        private static byte clip8(int v) {
            int s = v >> PRECISION_BITS;
            return (byte) (s < 0 ? 0 : Math.min(s, 255));
        }
    }

    /**
     * Pillow's {@code transform(size, AFFINE, (a, b, tx, d, e, ty), BILINEAR)}: output pixel (x, y) of
     * {@code dst} ({@code size x size} BGR) is the source at {@code (a X + b Y + tx, d X + e Y + ty)} with
     * {@code X = x + 0.5, Y = y + 0.5}, read bilinearly with edge pixels repeated, black where that point
     * lies outside the source.
     */
    static void affine(byte[] src, int width, int height, double[] m, byte[] dst, int size) {
        double a = m[0], b = m[1], tx = m[2], d = m[3], e = m[4], ty = m[5];
        int o = 0;
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++, o += 3) {
                double sx = a * (x + 0.5) + b * (y + 0.5) + tx, sy = d * (x + 0.5) + e * (y + 0.5) + ty;
                if (!(sx >= 0 && sx < width && sy >= 0 && sy < height)) {
                    dst[o] = 0;
                    dst[o + 1] = 0;
                    dst[o + 2] = 0;
                    continue;
                }
                double fx = sx - 0.5, fy = sy - 0.5;
                int x0 = (int) Math.floor(fx), y0 = (int) Math.floor(fy);
                double dx = fx - x0, dy = fy - y0;
                int xa = Math.max(x0, 0), xb = Math.min(x0 + 1, width - 1);
                int ya = Math.max(y0, 0), yb = Math.min(y0 + 1, height - 1);
                int p00 = (ya * width + xa) * 3, p01 = (ya * width + xb) * 3, p10 = (yb * width + xa) * 3, p11 = (yb * width + xb) * 3;
                for (int c = 0; c < 3; c++) {
                    double top = (src[p00 + c] & 0xff) + ((src[p01 + c] & 0xff) - (src[p00 + c] & 0xff)) * dx;
                    double bottom = (src[p10 + c] & 0xff) + ((src[p11 + c] & 0xff) - (src[p10 + c] & 0xff)) * dx;
                    dst[o + c] = (byte) (int) (top + (bottom - top) * dy);
                }
            }
        }
    }
}
