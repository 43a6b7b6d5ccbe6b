package dev.gallop.engine.io.zstd;

import static org.lwjgl.util.zstd.Zstd.*;

import dev.gallop.engine.io.output.AtomicOutput;
import dev.gallop.engine.runtime.CancelToken;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.DoubleConsumer;
import org.lwjgl.system.MemoryUtil;
import org.lwjgl.util.zstd.ZSTDInBuffer;
import org.lwjgl.util.zstd.ZSTDOutBuffer;

/// Streaming zstd decompression through LWJGL's libzstd binding, for `*.safetensors.zst` shards (which the
/// reference loader accepts). Memory use is two small native buffers whatever the file size.
public final class ZstdFiles {
    private ZstdFiles() {}

    /// Decompresses `zst` into `out`. A truncated or corrupt frame is an [IOException] naming `zst`. Returns the
    /// decompressed size.
    public static long decompress(Path zst, Path out) throws IOException {
        return decompress(zst, out, f -> { }, CancelToken.NEVER);
    }

    /// Decompresses `zst` into `out`, reporting the fraction of `zst` read so far (0 first, 1 last) to `progress` and
    /// checking `cancel` before each input chunk. The data goes to a temporary file beside `out` that is flushed to disk,
    /// checked against the size the frame header declares (a single frame that declares one) and only then renamed to `out`; on
    /// failure or cancellation the temporary file is deleted and `out` is left as it was. Returns the decompressed size.
    public static long decompress(Path zst, Path out, DoubleConsumer progress, CancelToken cancel) throws IOException {
        long declared = declaredSize(zst);
        try (AtomicOutput o = AtomicOutput.create(out)) {
            Streamed r = stream(zst, java.nio.channels.Channels.newChannel(o.stream()), Long.MAX_VALUE, progress, cancel);
            long n = r.bytes();
            if (r.frames() == 1 && declared >= 0 && n != declared) {
                throw new IOException(zst + ": decompressed to " + n + " bytes but its frame header declares " + declared);
            }
            if (o.size() != n) throw new IOException(out + ": " + o.size() + " bytes written after " + n + " decompressed from " + zst);
            o.commit();
            return n;
        }
    }

    /// The first `max` decompressed bytes of `zst` (fewer if it is shorter), e.g. a safetensors header.
    public static byte[] prefix(Path zst, int max) throws IOException {
        var bo = new java.io.ByteArrayOutputStream();
        try (OutputStream os = bo; WritableByteChannel ch = java.nio.channels.Channels.newChannel(os)) {
            stream(zst, ch, max, f -> { }, CancelToken.NEVER);
        }
        byte[] b = bo.toByteArray();
        return b.length > max ? java.util.Arrays.copyOf(b, max) : b;
    }

    /// The decompressed size the first frame header declares, or -1 when it is not recorded.
    public static long declaredSize(Path zst) throws IOException {
        ByteBuffer head = MemoryUtil.memAlloc(18);
        try (FileChannel in = FileChannel.open(zst, StandardOpenOption.READ)) {
            while (head.hasRemaining() && in.read(head) > 0) { }
            head.flip();
            long size = ZSTD_getFrameContentSize(head);
            return size == ZSTD_CONTENTSIZE_UNKNOWN || size == ZSTD_CONTENTSIZE_ERROR ? -1 : size;
        } finally {
            MemoryUtil.memFree(head);
        }
    }

    private record Streamed(long bytes, int frames) {}

    private static Streamed stream(Path zst, WritableByteChannel out, long max, DoubleConsumer progress, CancelToken cancel)
            throws IOException {
        long ds = ZSTD_createDStream();
        if (ds == 0) throw new IOException(zst + ": cannot create a zstd decompression stream");
        ByteBuffer inBuf = MemoryUtil.memAlloc((int) ZSTD_DStreamInSize());
        ByteBuffer outBuf = MemoryUtil.memAlloc((int) ZSTD_DStreamOutSize());
        try (FileChannel in = FileChannel.open(zst, StandardOpenOption.READ);
             ZSTDInBuffer zin = ZSTDInBuffer.calloc(); ZSTDOutBuffer zout = ZSTDOutBuffer.calloc()) {
            long written = 0, last = -1, read = 0, total = Math.max(1, in.size());
            boolean any = false;
            int frames = 0;
            progress.accept(0);
            while (written < max) {
                cancel.throwIfCancelled();
                inBuf.clear();
                int n = in.read(inBuf);
                if (n < 0) break;
                read += n;
                any |= n > 0;
                inBuf.flip();
                zin.set(inBuf, 0);
                boolean full;
                do { // also drain output the decoder still holds once this input chunk is consumed
                    outBuf.clear();
                    zout.set(outBuf, 0);
                    long before = zin.pos();
                    long rc = ZSTD_decompressStream(ds, zout, zin);
                    if (ZSTD_isError(rc)) {
                        throw new IOException(zst + ": corrupt zstd data after " + written + " output bytes: " + ZSTD_getErrorName(rc));
                    }
                    if (zin.pos() != before || zout.pos() > 0) {
                        last = rc; // 0: the frame ended exactly here
                        if (rc == 0) frames++;
                    }
                    full = zout.pos() == zout.size();
                    outBuf.position(0).limit((int) zout.pos());
                    while (outBuf.hasRemaining()) written += out.write(outBuf);
                } while ((zin.pos() < zin.size() || full) && written < max);
                progress.accept(Math.min(1.0, read / (double) total));
            }
            if (written < max && (!any || last != 0)) {
                throw new IOException(zst + ": truncated zstd stream (ends after " + written + " decompressed bytes)");
            }
            return new Streamed(written, frames);
        } finally {
            MemoryUtil.memFree(inBuf);
            MemoryUtil.memFree(outBuf);
            ZSTD_freeDStream(ds);
        }
    }
}
