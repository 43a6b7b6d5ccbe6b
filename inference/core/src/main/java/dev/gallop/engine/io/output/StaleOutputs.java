package dev.gallop.engine.io.output;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/// Removes what writers that died (killed, crashed, powered off) left in a folder: partial files of [AtomicOutput]
/// and lock files of [OutputLock], but only for targets whose lock nobody holds, so a live writer's partial file is
/// never touched. Earlier versions of Gallop wrote partial files without a lock (`.<name>.<digits>.part.mp4`,
/// `.part`, `.tmp`, `.partial`); those are removed when nobody holds their target's lock and they have not changed for
/// [#LEGACY_AGE]. Run at the start of anything that writes into a folder (a generation, opening a project, an export).
public final class StaleOutputs {
    private StaleOutputs() {}

    /// How long a partial file of an earlier version must have been left alone before it counts as dead.
    static final Duration LEGACY_AGE = Duration.ofMinutes(10);

    private static final Pattern PART = Pattern.compile("^\\.(.+)\\.[a-z0-9]{8}" + Pattern.quote(AtomicOutput.PART) + "$");
    private static final Pattern LOCK = Pattern.compile("^\\.(.+)" + Pattern.quote(OutputLock.SUFFIX) + "$");
    private static final Pattern LEGACY = Pattern.compile("^\\.(.+)\\.-?\\d+(\\.part\\.mp4|\\.part|\\.tmp)$|^(?:\\.)?(.+)\\.-?\\d+\\.partial$");
    private static final Set<String> LEGACY_TARGETS = Set.of("mp4", "json", "safetensors", "wav", "bak", "stamp", "txt");

    /// Removes the leftovers of dead writers in `folder` (not below it); returns what was removed. A folder that does
    /// not exist or cannot be listed has nothing to remove; a file that cannot be removed is left for the next time.
    public static List<Path> sweep(Path folder) {
        Map<String, List<Path>> byTarget = new LinkedHashMap<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(folder)) {
            Instant old = Instant.now().minus(LEGACY_AGE);
            for (Path p : ds) {
                String n = p.getFileName().toString();
                Matcher m;
                if ((m = PART.matcher(n)).matches() || (m = LOCK.matcher(n)).matches()) {
                    byTarget.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(p);
                } else if ((m = LEGACY.matcher(n)).matches()) {
                    String target = m.group(1) != null ? m.group(1) : m.group(3);
                    if (isLegacyTarget(target) && olderThan(p, old)) byTarget.computeIfAbsent(target, k -> new ArrayList<>()).add(p);
                }
            }
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
        List<Path> removed = new ArrayList<>();
        for (var e : byTarget.entrySet()) {
            Path target = folder.resolve(e.getKey());
            try (OutputLock l = OutputLock.tryAcquire(target)) {
                if (l == null) continue;   // a live writer: its files are in use
                for (Path p : e.getValue()) {
                    if (p.equals(OutputLock.lockFileOf(target))) continue;   // removed when the lock is released
                    if (Files.deleteIfExists(p)) removed.add(p);
                }
            } catch (IOException | RuntimeException ignored) {
                // left for the next sweep
            }
        }
        return removed;
    }

    private static boolean isLegacyTarget(String name) {
        int dot = name.lastIndexOf('.');
        return dot > 0 && LEGACY_TARGETS.contains(name.substring(dot + 1).toLowerCase(java.util.Locale.ROOT));
    }

    private static boolean olderThan(Path p, Instant t) {
        try {
            FileTime m = Files.getLastModifiedTime(p);
            return m.toInstant().isBefore(t);
        } catch (IOException e) {
            return false;
        }
    }
}
