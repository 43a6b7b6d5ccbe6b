package dev.gallop.engine.io.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/// One output file written so that its name only ever holds a complete version: the bytes go to a partial file
/// `.<name>.<token>.gallop-part` in the target's folder (so the rename cannot cross file systems), every write is
/// checked, [#finish()] flushes it to disk and checks its size against what was written, and [#commit()] renames it
/// over the target and flushes the folder. Closing it uncommitted deletes the partial file, so a failed or cancelled
/// write leaves nothing behind and the previous version of the target untouched.
///
/// The writer holds the target's [OutputLock] from the start to the commit: a second writer of the same target is
/// refused, and [StaleOutputs] tells the partial files of this (live) writer from those of a dead one. A failed write
/// is an [IOException] naming the target and the cause ("No space left on device").
public final class AtomicOutput implements AutoCloseable {
    static final String PART = ".gallop-part";

    /// Opens the channel a partial file is written through (tests substitute failing ones).
    @FunctionalInterface
    interface Opener {
        FileChannel open(Path partial) throws IOException;
    }

    static final Opener FILES = p -> FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ);

    private final Path target;
    private final Path partial;
    private final OutputLock lock;
    private final boolean ownsLock;
    private final FileChannel channel;
    private long end;
    private boolean finished, committed, closed;

    private AtomicOutput(Path target, Path partial, OutputLock lock, boolean ownsLock, FileChannel channel) {
        this.target = target;
        this.partial = partial;
        this.lock = lock;
        this.ownsLock = ownsLock;
        this.channel = channel;
    }

    /// Starts writing `target`, taking its lock (an [OutputBusyException] when another writer has it).
    public static AtomicOutput create(Path target) throws IOException {
        OutputLock l = OutputLock.acquire(target);
        try {
            return open(l.target(), l, true, FILES);
        } catch (IOException | RuntimeException e) {
            l.close();
            throw e;
        }
    }

    /// Starts writing the target of `lock`, which the caller holds (and releases after the commit).
    public static AtomicOutput create(OutputLock lock) throws IOException { return open(lock.target(), lock, false, FILES); }

    static AtomicOutput open(Path target, OutputLock lock, boolean ownsLock, Opener opener) throws IOException {
        Path dir = target.getParent();
        for (int attempt = 0; ; attempt++) {
            Path partial = dir.resolve("." + target.getFileName() + "." + token() + PART);
            try {
                return new AtomicOutput(target, partial, lock, ownsLock, opener.open(partial));
            } catch (FileAlreadyExistsException e) {
                if (attempt > 10) throw e;
            } catch (IOException e) {
                throw failure("cannot start writing", target, e);
            }
        }
    }

    /// Writes `content` to `target` atomically (lock, partial file, checks, rename).
    public static void write(Path target, byte[] content) throws IOException {
        try (AtomicOutput o = create(target)) {
            o.write(ByteBuffer.wrap(content));
            o.commit();
        }
    }

    /// Writes `content` to the target of a lock the caller holds.
    public static void write(OutputLock lock, byte[] content) throws IOException {
        try (AtomicOutput o = create(lock)) {
            o.write(ByteBuffer.wrap(content));
            o.commit();
        }
    }

    public Path target() { return target; }

    /// The partial file (its name tells [StaleOutputs] which target it belongs to).
    public Path partial() { return partial; }

    /// Writes all of `b` at the current position.
    public void write(ByteBuffer b) throws IOException {
        requireOpen();
        try {
            while (b.hasRemaining()) channel.write(b);
            end = Math.max(end, channel.position());
        } catch (IOException e) {
            throw failure("cannot write", target, e);
        }
    }

    public void write(byte[] b, int off, int len) throws IOException { write(ByteBuffer.wrap(b, off, len)); }

    /// Where the next write goes.
    public long position() throws IOException { return channel.position(); }

    /// Moves the write position (for formats that go back to fill in a size).
    public void position(long p) throws IOException {
        requireOpen();
        if (p < 0) throw new IOException("cannot write " + target + ": seek to " + p);
        channel.position(p);
    }

    /// Reads back written bytes at `position` into `dst` (for checks of the finished content before the commit).
    public void read(ByteBuffer dst, long position) throws IOException {
        if (closed) throw new IOException(target + ": this output is closed");
        try (FileChannel r = finished ? FileChannel.open(partial, StandardOpenOption.READ) : null) {
            FileChannel c = r != null ? r : channel;
            while (dst.hasRemaining()) {
                int n = c.read(dst, position);
                if (n < 0) break;
                position += n;
            }
        }
    }

    /// The bytes written so far: where the furthest write ended.
    public long size() { return end; }

    /// A stream over [#write(ByteBuffer)]; closing it does nothing (commit or close this output instead).
    public OutputStream stream() {
        return new OutputStream() {
            @Override public void write(int b) throws IOException { AtomicOutput.this.write(new byte[] {(byte) b}, 0, 1); }

            @Override public void write(byte[] b, int off, int len) throws IOException { AtomicOutput.this.write(b, off, len); }
        };
    }

    /// Flushes the partial file to disk and checks that it holds exactly what was written; then nothing more can be
    /// written. [#commit()] calls it when the caller has not; calling it again does nothing.
    public void finish() throws IOException {
        if (finished) return;
        requireOpen();
        try {
            channel.force(true);
            long onDisk = channel.size();
            if (onDisk != end) {
                throw new IOException("the partial file holds " + onDisk + " bytes after " + end + " were written");
            }
            channel.close();
            long closed = Files.size(partial);
            if (closed != end) throw new IOException("the partial file holds " + closed + " bytes after " + end + " were written");
        } catch (IOException e) {
            throw failure("cannot complete", target, e);
        }
        finished = true;
    }

    /// Puts the finished file in place of the target (replacing an earlier version in one step) and flushes the folder;
    /// releases the lock when this output took it.
    public void commit() throws IOException {
        if (!finished) finish();
        if (committed) return;
        try {
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw failure("cannot put in place", target, e);
        } catch (IOException e) {
            throw failure("cannot put in place", target, e);
        }
        committed = true;
        syncFolder(target.getParent());
        if (ownsLock) lock.close();
    }

    /// Uncommitted: deletes the partial file (and releases the lock when this output took it). Committed: nothing.
    @Override public void close() throws IOException {
        if (closed) return;
        closed = true;
        if (committed) return;
        IOException first = null;
        try {
            channel.close();
        } catch (IOException e) {
            first = e;
        }
        try {
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            if (first == null) first = e;
        }
        if (ownsLock) {
            try {
                lock.close();
            } catch (IOException e) {
                if (first == null) first = e;
            }
        }
        if (first != null) throw failure("cannot clean up after writing", target, first);
    }

    private void requireOpen() throws IOException {
        if (finished || closed) throw new IOException(target + ": this output is already " + (closed ? "closed" : "finished"));
    }

    /// Flushes a folder's entries to disk (where the platform allows opening a folder).
    static void syncFolder(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // folders cannot be opened for fsync on every platform; the rename is still atomic
        }
    }

    static IOException failure(String what, Path target, IOException cause) {
        String why = cause.getMessage() == null ? cause.toString() : cause.getMessage();
        if (why.startsWith(target.toString())) return cause;
        return new IOException(what + " " + target + ": " + why + " (nothing was put under that name; an earlier version, if any,"
                + " is unchanged)", cause);
    }

    private static String token() {
        String a = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder sb = new StringBuilder(8);
        ThreadLocalRandom r = ThreadLocalRandom.current();
        for (int i = 0; i < 8; i++) sb.append(a.charAt(r.nextInt(a.length())));
        return sb.toString();
    }
}
