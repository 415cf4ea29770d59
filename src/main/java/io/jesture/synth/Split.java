package io.jesture.synth;

/**
 * Which part of the synthetic world a clip or stream comes from. Held-out splits see background
 * families that {@link #TRAIN} never sees, and every split salts its seeds differently, so a model
 * cannot score on held-out data by remembering training scenes.
 */
public enum Split {
    TRAIN(0x7A11L),
    VALIDATION(0x5A1DL),
    TEST(0x7E57L);

    final long salt;

    Split(long salt) {
        this.salt = salt;
    }

    /** Parses {@code train}, {@code validation} (or {@code val}) and {@code test}, ignoring case. */
    public static Split parse(String s) {
        String k = s == null ? "" : s.strip().toLowerCase(java.util.Locale.ROOT);
        switch (k) {
            case "train": return TRAIN;
            case "val": case "validation": return VALIDATION;
            case "test": return TEST;
            default: throw new IllegalArgumentException("unknown split '" + s + "'; valid: train, validation, test");
        }
    }

    /** The per-clip seed of clip {@code index} of a dataset rendered from {@code masterSeed}. */
    public long clipSeed(long masterSeed, long index) {
        return Scene.mix(Scene.mix(masterSeed, salt), index);
    }
}
