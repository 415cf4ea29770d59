package io.jesture;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The read-only data beside the checkout ({@code ../shared}): a real-trained reference checkpoint and
 * real clips. Never committed, absent from a user's clone, so tests that need it skip and say why.
 */
public final class SharedData {
    public static final Path ROOT = Path.of(System.getProperty("jesture.projectDir", "."), "..", "shared").normalize();
    /** A 3D ShuffleNet v1 (0.5x, 3 groups) trained on real Jester (../shared/teachers/README.md). */
    public static final Path TEACHER = ROOT.resolve("teachers").resolve("jester-3d-shufflenet-0.5x-g3.pth");
    /** Ten real Jester clips in Jester's on-disk layout (../shared/real-dev/README.md). */
    public static final Path REAL_JESTER = ROOT.resolve("real-dev").resolve("jester");

    private SharedData() {}

    /** Skips the calling test, naming the missing file, unless {@code p} exists. */
    public static Path require(Path p) {
        Assumptions.assumeTrue(Files.exists(p), () -> "skipped: " + p.toAbsolutePath()
                + " is absent (the shared data beside the checkout is not part of the repository)");
        return p;
    }
}
