package io.jesture.internal.adapt;

/**
 * One recorded example of a gesture as the model sees it: the embedding and logits of every sliding
 * window the live pipeline would classify, and of the centre clip.
 *
 * @param id               the take's id (its folder or file name)
 * @param label            the gesture it shows
 * @param width            source frame width
 * @param height           source frame height
 * @param modelFrames      frames at the model's fps the take spans; below the clip length the
 *                         windows were padded with the last frame
 * @param windowEmbeddings {@code [windows][D]}
 * @param windowLogits     {@code [windows][K]}
 * @param centreEmbedding  {@code [D]}
 * @param centreLogits     {@code [K]}
 * @param windowMotion     {@code [windows][MotionTrajectory.DIM]}, each window's {@link MotionTrajectory}
 *                         descriptor; null for a take embedded without it
 * @param centreMotion     {@code [MotionTrajectory.DIM]}, or null
 */
public record Take(String id, String label, int width, int height, int modelFrames, float[][] windowEmbeddings,
                   float[][] windowLogits, float[] centreEmbedding, float[] centreLogits, float[][] windowMotion,
                   float[] centreMotion) {

    /** A take without motion descriptors: a head fitted on it has no motion block. */
    public Take(String id, String label, int width, int height, int modelFrames, float[][] windowEmbeddings, float[][] windowLogits,
                float[] centreEmbedding, float[] centreLogits) {
        this(id, label, width, height, modelFrames, windowEmbeddings, windowLogits, centreEmbedding, centreLogits, null, null);
    }

    public boolean hasMotion() {
        return windowMotion != null;
    }

    /** Window w's motion descriptor, or null without them. */
    public float[] motion(int w) {
        return windowMotion == null ? null : windowMotion[w];
    }

    /** The same take under another label. */
    public Take relabel(String newLabel) {
        return new Take(id, newLabel, width, height, modelFrames, windowEmbeddings, windowLogits, centreEmbedding, centreLogits,
                windowMotion, centreMotion);
    }

    public int windows() {
        return windowEmbeddings.length;
    }
}
