package io.jesture.internal.adapt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the model files a profile was fitted on, so that {@code --profile} alone runs the model the
 * profile belongs to (a profile fitted on the zoo's few-shot backbone is useless on the default).
 * A profile records each member's file name and SHA-256; a file counts only when both match, so a
 * renamed, retrained or foreign file is never taken for the one the head was fitted on.
 */
public final class ProfileModels {
    private ProfileModels() {}

    /**
     * Looks for each member, in order, in the first of {@code dirs} that holds a file of its name
     * and hash.
     *
     * @return the members' files, or empty if any one is not found (the caller then keeps its own
     *         model, and the profile's model check says which file to pass)
     */
    public static Optional<List<Path>> locate(Profile profile, List<Path> dirs) {
        List<Path> found = new ArrayList<>();
        for (Profile.Member m : profile.members()) {
            Path file = find(m, dirs);
            if (file == null) return Optional.empty();
            found.add(file);
        }
        return found.isEmpty() ? Optional.empty() : Optional.of(found);
    }

    private static Path find(Profile.Member m, List<Path> dirs) {
        String name = m.file();
        // A file name, never a path: a profile from elsewhere must not point outside these folders.
        if (name.isEmpty() || name.contains("/") || name.contains("\\") || name.equals("..")) return null;
        for (Path dir : dirs) {
            Path f = dir.resolve(name);
            try {
                if (Files.isRegularFile(f) && Profile.sha256(f).equals(m.sha256())) return f;
            } catch (IOException e) {
                // Unreadable here: look in the next folder.
            }
        }
        return null;
    }
}
