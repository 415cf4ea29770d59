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
 */
public record Take(String id, String label, int width, int height, int modelFrames, float[][] windowEmbeddings,
                   float[][] windowLogits, float[] centreEmbedding, float[] centreLogits) {

    public int windows() {
        return windowEmbeddings.length;
    }
}
