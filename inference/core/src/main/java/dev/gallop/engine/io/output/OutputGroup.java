package dev.gallop.engine.io.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/// The files one job writes (a clip, its sidecar, its steps file), prepared before the work and committed together
/// after it. [#prepare] does everything that can fail early: creates the folders, removes what dead writers left in
/// them ([StaleOutputs]), takes every target's lock (so a second run on the same output is refused before it starts
/// rather than mixing its files with ours) and checks the room for the estimate. The job then writes each file into
/// [#open]; [#commit] checks them all and only then renames them into place, one after the other, so an error in any
/// of them leaves every target as it was. Closing uncommitted deletes every partial file and releases the locks.
public final class OutputGroup implements AutoCloseable {
    private final Map<Path, OutputLock> locks;
    private final Map<Path, AtomicOutput> open = new LinkedHashMap<>();
    private final List<Path> swept;
    private boolean committed;

    private OutputGroup(Map<Path, OutputLock> locks, List<Path> swept) {
        this.locks = locks;
        this.swept = swept;
    }

    /// Prepares `targets` (distinct files) for a job that will write about `estimatedBytes` in all, described by `what`
    /// in messages.
    public static OutputGroup prepare(List<Path> targets, long estimatedBytes, String what) throws IOException {
        List<Path> ts = new ArrayList<>();
        for (Path t : targets) {
            Path a = t.toAbsolutePath().normalize();
            if (ts.contains(a)) throw new IllegalArgumentException("output " + a + " is named twice");
            if (Files.isDirectory(a)) throw new IOException("output " + a + " is a folder; name a file");
            ts.add(a);
        }
        List<Path> swept = new ArrayList<>();
        for (Path dir : ts.stream().map(Path::getParent).distinct().toList()) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new IOException("cannot create the output folder " + dir + ": " + reason(e), e);
            }
            if (!Files.isWritable(dir)) throw new IOException("the output folder " + dir + " is not writable");
            swept.addAll(StaleOutputs.sweep(dir));
        }
        Map<Path, OutputLock> locks = new LinkedHashMap<>();
        try {
            for (Path t : ts.stream().sorted().toList()) locks.put(t, OutputLock.acquire(t));
            // one check per file system would be exact; per folder is close enough and names the folder to free
            for (Path dir : ts.stream().map(Path::getParent).distinct().toList()) {
                DiskSpace.requireRoom(dir, estimatedBytes, what);
            }
        } catch (IOException | RuntimeException e) {
            for (OutputLock l : locks.values()) {
                try {
                    l.close();
                } catch (IOException suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw e;
        }
        Map<Path, OutputLock> ordered = new LinkedHashMap<>();
        for (Path t : ts) ordered.put(t, locks.get(t));
        return new OutputGroup(ordered, swept);
    }

    /// What [#prepare] removed: partial and lock files of writers that died.
    public List<Path> swept() { return swept; }

    /// Starts writing `target`, one of the prepared ones (once).
    public AtomicOutput open(Path target) throws IOException {
        Path t = target.toAbsolutePath().normalize();
        OutputLock l = locks.get(t);
        if (l == null) throw new IllegalArgumentException(t + " is not one of this job's outputs " + locks.keySet());
        if (open.containsKey(t)) throw new IllegalStateException(t + " is already being written");
        AtomicOutput o = AtomicOutput.create(l);
        open.put(t, o);
        return o;
    }

    /// Finishes every opened output (flushed, sizes checked), then renames them into place in the order they were
    /// prepared in.
    public void commit() throws IOException {
        for (AtomicOutput o : open.values()) o.finish();
        for (Path t : locks.keySet()) {
            AtomicOutput o = open.get(t);
            if (o != null) o.commit();
        }
        committed = true;
    }

    /// Deletes the partial files of anything not committed and releases every lock.
    @Override public void close() throws IOException {
        IOException first = null;
        for (AtomicOutput o : open.values()) {
            try {
                o.close();
            } catch (IOException e) {
                if (first == null) first = e;
            }
        }
        for (OutputLock l : locks.values()) {
            try {
                l.close();
            } catch (IOException e) {
                if (first == null) first = e;
            }
        }
        if (first != null && !committed) throw first;
    }

    private static String reason(IOException e) {
        if (e instanceof java.nio.file.AccessDeniedException) return "permission denied";
        if (e instanceof java.nio.file.FileAlreadyExistsException f) return "a file " + f.getFile() + " is in the way (not a folder)";
        return e.getMessage() == null ? e.toString() : e.getMessage();
    }
}
