package io.jesture;

/** Which ONNX Runtime execution provider runs the model. */
public enum Provider {
    /** CPU only. */
    CPU,
    /** CUDA; falls back to CPU with one clear log line and a {@link PipelineStatus.Kind#PROVIDER_FALLBACK}. */
    CUDA,
    /** CUDA where it can be used, else CPU. */
    AUTO;

    /** Parses {@code cpu}, {@code cuda} or {@code auto}, case-insensitively. */
    public static Provider parse(String s) throws ConfigException {
        if (s != null) {
            for (Provider p : values()) {
                if (p.name().equalsIgnoreCase(s.trim())) return p;
            }
        }
        throw new ConfigException("unknown provider '" + s + "': use cpu, cuda or auto");
    }
}
