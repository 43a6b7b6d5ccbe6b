package dev.gallop.engine.io.output;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/// Room for outputs, checked before the work that makes them: a folder must be able to take the estimated size plus a
/// margin ([#MARGIN_FRACTION] of the estimate and at least [#MIN_MARGIN] bytes, for the file system's own use and for
/// estimates that run short).
public final class DiskSpace {
    private DiskSpace() {}

    public static final double MARGIN_FRACTION = 0.25;
    public static final long MIN_MARGIN = 64 << 10;

    /// Throws an [IOException] naming `folder`, what is free and what `what` needs when the folder's file system has
    /// less usable space than `bytes` plus the margin.
    public static void requireRoom(Path folder, long bytes, String what) throws IOException {
        long need = needed(bytes);
        long free = usable(folder);
        if (free < need) {
            throw new IOException("no room in " + folder + ": " + what + " needs about " + human(bytes) + " (with margin "
                    + human(need) + ") but only " + human(free) + " is free; free some space or choose another folder");
        }
    }

    /// `bytes` plus the margin.
    public static long needed(long bytes) {
        long margin = Math.max(MIN_MARGIN, (long) (bytes * MARGIN_FRACTION));
        return bytes > Long.MAX_VALUE - margin ? Long.MAX_VALUE : bytes + margin;
    }

    /// The space this process may still use on the file system of `folder` (its nearest existing ancestor).
    public static long usable(Path folder) throws IOException {
        Path p = folder.toAbsolutePath().normalize();
        while (p != null && !Files.exists(p)) p = p.getParent();
        if (p == null) throw new IOException("no existing folder above " + folder);
        FileStore store = Files.getFileStore(p);
        return store.getUsableSpace();
    }

    /// "1.5 MB", "312 KB", "12 B".
    public static String human(long bytes) {
        if (bytes < 1024) return bytes + " B";
        String[] units = {"KB", "MB", "GB", "TB", "PB", "EB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, units[u]);
    }
}
