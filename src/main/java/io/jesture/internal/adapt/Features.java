package io.jesture.internal.adapt;

/**
 * The feature a profile's head reads, built the same way when it is fitted ({@link HeadFitter}) and
 * when it runs ({@link ProfileHead}): the model's embedding and, where the profile uses it, the
 * {@link MotionTrajectory} descriptor, each block centred on its own mean and scaled to unit norm,
 * then weighted by {@code sqrt(1 - a)} and {@code sqrt(a)} (so the whole feature has unit norm and
 * {@code a} is the motion block's share of every dot product). Normalised separately, neither block
 * drowns the other whatever their lengths (D = 800 against 94) and scales.
 *
 * <p>An ensemble's embedding is its members' embeddings one after the other, and each member's is a
 * block of its own, weighted {@code sqrt((1 - a) / M)} for M members: two networks trained apart
 * have their own scales, and normalised together the one with the larger spread would decide.
 *
 * <p>Without a motion block and with one model it is {@code normalise(embedding - mean)}, bit for bit
 * what profiles fitted before the motion block were fitted and run on. Immutable; {@link #write}
 * allocates nothing.
 */
public final class Features {
    private final float[] mean;
    private final int[] blocks;
    private final int embeddingDim;
    private final int motionDim;
    private final double embeddingWeight;
    private final double motionWeight;

    /**
     * @param mean         {@code [embeddingDim + motionDim]}: the centre of each block, concatenated
     * @param motionDim    0 for no motion block
     * @param motionShare  a, the motion block's share (ignored without a motion block)
     */
    public Features(float[] mean, int embeddingDim, int motionDim, double motionShare) {
        this(mean, new int[] {embeddingDim}, motionDim, motionShare);
    }

    /**
     * @param embeddingDims the length of each member's embedding, in member order (one for a single model)
     */
    public Features(float[] mean, int[] embeddingDims, int motionDim, double motionShare) {
        int d = 0;
        for (int b : embeddingDims) {
            if (b <= 0) throw new IllegalArgumentException("an embedding block of " + b + " floats");
            d += b;
        }
        if (embeddingDims.length == 0) throw new IllegalArgumentException("no embedding block");
        if (mean.length != d + motionDim) {
            throw new IllegalArgumentException("mean has " + mean.length + " floats, not " + d + " + " + motionDim);
        }
        if (motionDim > 0 && !(motionShare > 0 && motionShare < 1)) {
            throw new IllegalArgumentException("motion share must be in (0, 1), was " + motionShare);
        }
        this.mean = mean;
        this.blocks = embeddingDims.clone();
        this.embeddingDim = d;
        this.motionDim = motionDim;
        this.embeddingWeight = Math.sqrt((motionDim > 0 ? 1 - motionShare : 1) / embeddingDims.length);
        this.motionWeight = motionDim > 0 ? Math.sqrt(motionShare) : 0;
    }

    /** The length of the feature: D plus the motion block's length. */
    public int dim() {
        return embeddingDim + motionDim;
    }

    public boolean usesMotion() {
        return motionDim > 0;
    }

    /**
     * Writes the feature of one window into {@code out[0 .. dim())}.
     *
     * @param motion the window's {@link MotionTrajectory} descriptor; ignored (may be null) without a motion block
     */
    public void write(float[] embedding, float[] motion, float[] out) {
        int at = 0;
        for (int b : blocks) {
            block(embedding, at, at, b, embeddingWeight, out);
            at += b;
        }
        if (motionDim > 0) block(motion, 0, embeddingDim, motionDim, motionWeight, out);
    }

    /** {@link #write} into a new array (fit time). */
    public float[] of(float[] embedding, float[] motion) {
        float[] out = new float[dim()];
        write(embedding, motion, out);
        return out;
    }

    /** {@code v[from .. from + n)} centred on {@code mean[at ..]}, normalised and weighted into {@code out[at ..]}. */
    private void block(float[] v, int from, int at, int n, double weight, float[] out) {
        double norm = 0;
        for (int i = 0; i < n; i++) {
            float x = v[from + i] - mean[at + i];
            out[at + i] = x;
            norm += (double) x * x;
        }
        float scale = norm > 0 ? (float) (weight / Math.sqrt(norm)) : 0f;
        for (int i = 0; i < n; i++) out[at + i] *= scale;
    }
}
