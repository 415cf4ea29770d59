package io.jesture.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Whether an actions file may grant {@code command:} actions: with {@code --allow-commands}, whoever
 * can change the file can run programs as the user, so the file must be the user's and writable only
 * by them, and its folder must not let others replace it (a folder others can write is fine only
 * with the sticky bit, like {@code /tmp}, where nobody may rename or delete another's file).
 */
final class ConfigPermissions {
    private static final int STICKY = 01000;
    private static final int GROUP_WRITE = 0020;
    private static final int OTHER_WRITE = 0002;

    private ConfigPermissions() {}

    /**
     * @return why {@code file} is unsafe to take commands from, with the fix, or null if it is safe (or
     *         the file system has no POSIX permissions to check)
     */
    static String whyUnsafe(Path file) {
        Path abs = file.toAbsolutePath();
        try {
            // A symbolic link is judged by the file it leads to; both folders must be safe.
            Path real = abs.toRealPath();
            Integer mode = mode(real);
            if (mode == null) return null; // not a POSIX file system: nothing to check
            String me = System.getProperty("user.name");
            String process = ProcessHandle.current().info().user().orElse(me);
            String owner = Files.getOwner(real).getName();
            if (!owner.equals(me) && !owner.equals(process) && !owner.equals("root")) {
                return file + " belongs to " + owner + ", not to you (" + me + "), so " + owner
                        + " could make gestures run programs as you; fix: use an actions file of your own";
            }
            if ((mode & (GROUP_WRITE | OTHER_WRITE)) != 0) {
                return file + " is writable by " + who(mode) + " (mode " + permissions(mode)
                        + "), so others could make gestures run programs as you; fix: chmod go-w " + file;
            }
            for (Path dir : new java.util.LinkedHashSet<>(java.util.Arrays.asList(abs.getParent(), real.getParent()))) {
                Integer dirMode = dir == null ? null : mode(dir);
                if (dirMode != null && (dirMode & (GROUP_WRITE | OTHER_WRITE)) != 0 && (dirMode & STICKY) == 0) {
                    return "its folder " + dir + " is writable by " + who(dirMode) + " (mode " + permissions(dirMode)
                            + "), so others could replace " + file + " and make gestures run programs as you; fix: chmod go-w "
                            + dir + ", or keep the file in a folder of your own";
                }
            }
            return null;
        } catch (IOException e) {
            return "cannot check who may write " + file + " (" + e + "); fix: make it readable, and writable only by you";
        }
    }

    private static String who(int mode) {
        return (mode & OTHER_WRITE) != 0 ? "everyone" : "its group";
    }

    /** The mode bits including setuid/setgid/sticky; null without POSIX permissions. */
    private static Integer mode(Path p) throws IOException {
        try {
            return (Integer) Files.getAttribute(p, "unix:mode");
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            // No "unix" view: the POSIX view still has the rwx bits (but not the sticky bit).
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(p);
            int m = 0;
            for (PosixFilePermission x : perms) m |= 0400 >> x.ordinal();
            return m;
        } catch (UnsupportedOperationException e) {
            return null;
        }
    }

    private static String permissions(int mode) {
        Set<PosixFilePermission> set = new java.util.HashSet<>();
        for (PosixFilePermission x : PosixFilePermission.values()) {
            if ((mode & (0400 >> x.ordinal())) != 0) set.add(x);
        }
        return PosixFilePermissions.toString(set);
    }
}
