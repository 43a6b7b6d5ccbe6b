package dev.gallop.engine.pipeline.discovery;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.lwjgl.system.MemoryUtil;
import org.lwjgl.util.zstd.Zstd;

/// Writes zstd files for tests (with LWJGL's zstd, one frame that declares its size).
public final class ZstdTestFiles {
    private ZstdTestFiles() {}

    /// Compresses `file` to `file.zst` and deletes the original.
    public static Path compress(Path file) throws IOException {
        byte[] in = Files.readAllBytes(file);
        ByteBuffer src = MemoryUtil.memAlloc(in.length), dst = MemoryUtil.memAlloc((int) Zstd.ZSTD_compressBound(in.length));
        try {
            src.put(in).flip();
            long n = Zstd.ZSTD_compress(dst, src, 3);
            if (Zstd.ZSTD_isError(n)) throw new IOException(Zstd.ZSTD_getErrorName(n));
            byte[] out = new byte[(int) n];
            dst.get(0, out);
            Path z = file.resolveSibling(file.getFileName() + ".zst");
            Files.write(z, out);
            Files.delete(file);
            return z;
        } finally {
            MemoryUtil.memFree(src);
            MemoryUtil.memFree(dst);
        }
    }
}
