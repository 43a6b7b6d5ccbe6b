package dev.gallop.engine.io.output;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/// The right to write one output file: an exclusive lock (the operating system's, so it dies with its process) on
/// `.<name>.gallop-lock` beside the target. While it is held no other Gallop process, and no other writer in this one,
/// writes the same target, and the target's partial files are known to be alive; a lock file nobody holds was left
/// by a process that died, and [StaleOutputs] removes it with that process's partial files.
///
/// The lock file holds the owner's pid (for messages) and is deleted on release while still locked. An acquirer
/// compares the file at the path before opening and after locking: if another owner deleted it (or replaced it) in
/// between, it tries again, so deleting lock files never lets two owners in.
public final class OutputLock implements AutoCloseable {
    static final String SUFFIX = ".gallop-lock";
    private static final int ATTEMPTS = 20;
    private static final long RETRY_MILLIS = 10;

    private final Path target;
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    private boolean released;

    private OutputLock(Path target, Path file, FileChannel channel, FileLock lock) {
        this.target = target;
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /// The lock file of `target`: `.<name>.gallop-lock` in the same folder.
    public static Path lockFileOf(Path target) {
        Path t = target.toAbsolutePath().normalize();
        return t.resolveSibling("." + t.getFileName() + SUFFIX);
    }

    /// Takes the lock of `target` (creating its folder), or fails with an [OutputBusyException] naming the target
    /// and the owner's pid when another writer holds it (after a few short retries, for a sweep that holds it for an
    /// instant).
    public static OutputLock acquire(Path target) throws IOException {
        for (int i = 0; i < ATTEMPTS; i++) {
            OutputLock l = tryAcquire(target);
            if (l != null) return l;
            try {
                Thread.sleep(RETRY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new OutputBusyException(target.toAbsolutePath().normalize(), ownerOf(lockFileOf(target)));
    }

    /// Takes the lock of `target`, or returns null at once when another writer (in any process) holds it.
    public static OutputLock tryAcquire(Path target) throws IOException {
        Path t = target.toAbsolutePath().normalize();
        Files.createDirectories(t.getParent());
        Path file = lockFileOf(t);
        for (int attempt = 0; attempt < 1000; attempt++) {
            Object before = fileKey(file);
            if (before == null) {   // create it, then lock what is there (which may by then be another's)
                try {
                    FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE).close();
                } catch (java.nio.file.AccessDeniedException e) {
                    throw new java.nio.file.AccessDeniedException(t.getParent().toString(), null,
                            "cannot write in the folder of " + t + " (permission denied)");
                }
                continue;
            }
            FileChannel ch;
            try {
                ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
            } catch (NoSuchFileException e) {
                continue;
            }
            FileLock lock;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;   // a writer in this process holds it
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
            if (lock == null) {
                ch.close();
                return null;
            }
            if (!Objects.equals(before, fileKey(file))) {
                // the file we locked was deleted (or replaced) by its previous owner: lock the one there now
                lock.release();
                ch.close();
                continue;
            }
            try {
                byte[] pid = Long.toString(ProcessHandle.current().pid()).getBytes(StandardCharsets.US_ASCII);
                ch.truncate(0);
                ch.write(ByteBuffer.wrap(pid), 0);
            } catch (IOException e) {
                // the pid is only for messages (a full disk cannot take even that); the lock holds without it
            }
            return new OutputLock(t, file, ch, lock);
        }
        throw new IOException("cannot lock " + t + ": its lock file " + file + " keeps being replaced");
    }

    /// The file key (device and inode) of `p`, or null when there is no such file.
    private static Object fileKey(Path p) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            return a.fileKey() != null ? a.fileKey() : a.creationTime();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /// The pid written in a lock file, or -1.
    static long ownerOf(Path lockFile) {
        try {
            String s = Files.readString(lockFile, StandardCharsets.US_ASCII).strip();
            return s.isEmpty() ? -1 : Long.parseLong(s);
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }

    /// The output this lock is for (absolute, normalized).
    public Path target() { return target; }

    /// Deletes the lock file and releases the lock.
    @Override public void close() throws IOException {
        if (released) return;
        released = true;
        try {
            Files.deleteIfExists(file);
        } finally {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }
}
