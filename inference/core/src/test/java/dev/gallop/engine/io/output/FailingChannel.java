package dev.gallop.engine.io.output;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/// A file channel over a real one that fails like a full disk once `room` bytes are written, or that reports a
/// smaller size than was written (a file system that lost data).
final class FailingChannel extends FileChannel {
    private final FileChannel real;
    private final long room;
    private final long sizeShortBy;

    FailingChannel(FileChannel real, long room, long sizeShortBy) {
        this.real = real;
        this.room = room;
        this.sizeShortBy = sizeShortBy;
    }

    @Override public int write(ByteBuffer src) throws IOException {
        if (real.position() + src.remaining() > room) {
            int fits = (int) Math.max(0, room - real.position());
            if (fits > 0) {
                ByteBuffer part = src.slice(src.position(), fits);
                real.write(part);
                src.position(src.position() + fits);
                return fits;
            }
            throw new IOException("No space left on device");
        }
        return real.write(src);
    }

    @Override public long size() throws IOException { return real.size() - sizeShortBy; }

    @Override public void force(boolean metaData) throws IOException { real.force(metaData); }

    @Override public long position() throws IOException { return real.position(); }

    @Override public FileChannel position(long p) throws IOException { real.position(p); return this; }

    @Override public int read(ByteBuffer dst) throws IOException { return real.read(dst); }

    @Override public long read(ByteBuffer[] dsts, int offset, int length) throws IOException { return real.read(dsts, offset, length); }

    @Override public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        long n = 0;
        for (int i = offset; i < offset + length; i++) n += write(srcs[i]);
        return n;
    }

    @Override public FileChannel truncate(long size) throws IOException { real.truncate(size); return this; }

    @Override public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        return real.transferTo(position, count, target);
    }

    @Override public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        throw new IOException("not used");
    }

    @Override public int read(ByteBuffer dst, long position) throws IOException { return real.read(dst, position); }

    @Override public int write(ByteBuffer src, long position) throws IOException { throw new IOException("not used"); }

    @Override public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException { throw new IOException("not used"); }

    @Override public FileLock lock(long position, long size, boolean shared) throws IOException { return real.lock(position, size, shared); }

    @Override public FileLock tryLock(long position, long size, boolean shared) throws IOException { return real.tryLock(position, size, shared); }

    @Override protected void implCloseChannel() throws IOException { real.close(); }
}
