package io.jesture.synth;

import java.util.SplittableRandom;

/**
 * The webcam between the drawn scene and the frame: a soft lens (a binomial blur in half the
 * scenes), auto exposure and white balance (gain, contrast, gamma and colour cast with slow drift,
 * through per-frame lookup tables) and sensor noise (luma + chroma, a precomputed tile read at a
 * per-frame offset). Built once per scene; a frame allocates nothing. Not thread-safe.
 */
final class Camera {
    private static final int NOISE_ROWS = 64;
    private static final int NOISE_PAD = 64;
    /** CLAMP[v + 384] = v clamped to 0..255, for v in -384..639. */
    private static final byte[] CLAMP = new byte[1024];

    static {
        for (int i = 0; i < CLAMP.length; i++) CLAMP[i] = (byte) Math.max(0, Math.min(255, i - 384));
    }

    private final Scene scene;
    private final int width, height;
    private final byte[] noise;
    private final int noiseStride;
    private final int[] blurRow, blurPrev, blurCur;
    private final double[] curve = new double[256];
    private final int[] lutB = new int[256], lutG = new int[256], lutR = new int[256];

    Camera(Scene s, int width, int height) {
        this.scene = s;
        this.width = width;
        this.height = height;
        for (int v = 0; v < 256; v++) {
            double x = Math.pow(v / 255.0, s.gamma());
            curve[v] = (x - 0.5) * s.contrast() + 0.5;
        }
        noiseStride = (width + NOISE_PAD) * 3;
        noise = new byte[noiseStride * NOISE_ROWS];
        blurRow = new int[width * 3];
        blurPrev = new int[width * 3];
        blurCur = new int[width * 3];
        SplittableRandom r = new SplittableRandom(s.noiseSeed());
        double sigma = s.noiseSigma(), chroma = s.chromaNoise();
        for (int i = 0; i < noise.length; i += 3) {
            double lum = gauss(r) * sigma;
            for (int c = 0; c < 3; c++) {
                double v = lum + gauss(r) * sigma * chroma;
                noise[i + c] = (byte) Math.max(-127, Math.min(127, Math.round(v)));
            }
        }
    }

    private static double gauss(SplittableRandom r) {
        // Box-Muller with a fixed draw count per sample, so the stream stays aligned.
        double u = r.nextDouble() + 1e-12, v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** Camera response and sensor noise, {@code canvas} (softened in place) -> {@code out}. */
    void process(byte[] canvas, double t, long frameSeq, byte[] out) {
        Scene s = scene;
        if (s.softness() > 0.35) soften(canvas);
        double gainT = s.gain() * (1 + s.driftAmp() * Math.sin(2 * Math.PI * s.driftFreq() * t + s.driftPhase())) * 255;
        double gb = gainT * s.wbB(), gg = gainT * s.wbG(), gr = gainT * s.wbR();
        for (int v = 0; v < 256; v++) {
            double c = curve[v];
            lutB[v] = lut(c * gb);
            lutG[v] = lut(c * gg);
            lutR[v] = lut(c * gr);
        }
        long hsh = Scene.mix(s.noiseSeed(), frameSeq);
        int ox = (int) ((hsh & 0xFFFF) % NOISE_PAD), oy = (int) (((hsh >>> 16) & 0xFFFF) % NOISE_ROWS);
        byte[] src = canvas, nz = noise;
        int[] lb = lutB, lg = lutG, lr = lutR;
        byte[] cl = CLAMP;
        int si = 0, rowBytes = width * 3;
        for (int y = 0; y < height; y++) {
            int ti = ((y + oy) & (NOISE_ROWS - 1)) * noiseStride + ox * 3;
            int end = si + rowBytes;
            while (si < end) {
                out[si] = cl[lb[src[si] & 255] + nz[ti] + 384];
                out[si + 1] = cl[lg[src[si + 1] & 255] + nz[ti + 1] + 384];
                out[si + 2] = cl[lr[src[si + 2] & 255] + nz[ti + 2] + 384];
                si += 3;
                ti += 3;
            }
        }
    }

    /** A webcam lens is soft: one [1 2 1] binomial pass each way over the canvas, in place. */
    private void soften(byte[] p) {
        int rowBytes = width * 3;
        int[] row = blurRow;
        for (int y = 0; y < height; y++) {
            int o = y * rowBytes;
            for (int i = 0; i < rowBytes; i++) row[i] = p[o + i] & 255;
            for (int i = 0; i < rowBytes; i++) {
                int l = i >= 3 ? row[i - 3] : row[i], r = i + 3 < rowBytes ? row[i + 3] : row[i];
                p[o + i] = (byte) ((l + 2 * row[i] + r + 2) >> 2);
            }
        }
        int[] prev = blurPrev, cur = blurCur;
        for (int i = 0; i < rowBytes; i++) prev[i] = p[i] & 255;
        for (int y = 0; y < height; y++) {
            int o = y * rowBytes, on = (y + 1 < height ? y + 1 : y) * rowBytes;
            for (int i = 0; i < rowBytes; i++) cur[i] = p[o + i] & 255;
            for (int i = 0; i < rowBytes; i++) p[o + i] = (byte) ((prev[i] + 2 * cur[i] + (p[on + i] & 255) + 2) >> 2);
            int[] tmp = prev;
            prev = cur;
            cur = tmp;
        }
    }

    private static int lut(double v) {
        long r = Math.round(v);
        return (int) Math.max(-250, Math.min(500, r));
    }
}
