package io.jesture;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A jesture model's contract, read from its ONNX metadata (docs/model-contract.md). Immutable: the
 * lists and map are unmodifiable, and {@link #mean()} and {@link #std()} return a fresh copy at every
 * call (read them once outside a loop).
 *
 * @param file             the ONNX file
 * @param contractVersion  {@code jesture.contract}
 * @param labels           class labels in model output order
 * @param backgroundLabels labels that never fire events (e.g. "No gesture")
 * @param clipLength       T, frames per clip
 * @param frameHeight      H
 * @param frameWidth       W
 * @param fps              the frame rate the model was trained at
 * @param colorOrder       {@code RGB} or {@code BGR}
 * @param mean             per channel, in {@code colorOrder}, on values scaled to [0, 1]
 * @param std              per channel, in {@code colorOrder}
 * @param resize           the resize rule, {@code cover_center_crop}
 * @param arch             architecture name
 * @param dataset          what it was trained on
 * @param accuracy         the raw JSON of {@code jesture.accuracy}
 * @param mflops           cost per clip, or NaN if absent
 * @param params           parameter count, or -1 if absent
 * @param metadata         every metadata entry, as stored
 */
public record ModelInfo(Path file, String contractVersion, List<String> labels, List<String> backgroundLabels,
                        int clipLength, int frameHeight, int frameWidth, double fps, String colorOrder,
                        float[] mean, float[] std, String resize, String arch, String dataset,
                        String accuracy, double mflops, long params, Map<String, String> metadata) {

    public ModelInfo {
        labels = List.copyOf(labels);
        backgroundLabels = List.copyOf(backgroundLabels);
        mean = mean.clone();
        std = std.clone();
        metadata = Map.copyOf(metadata);
    }

    /** Per channel mean, in {@link #colorOrder()}; a copy. */
    @Override
    public float[] mean() {
        return mean.clone();
    }

    /** Per channel standard deviation, in {@link #colorOrder()}; a copy. */
    @Override
    public float[] std() {
        return std.clone();
    }

    /** Index of {@code label} in {@link #labels()}, or -1. */
    public int indexOf(String label) {
        return labels.indexOf(label);
    }

    /** The input shape {@code [1, 3, T, H, W]}. */
    public long[] inputShape() {
        return new long[] {1, 3, clipLength, frameHeight, frameWidth};
    }
}
