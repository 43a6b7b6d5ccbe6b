package dev.gallop.engine.pipeline.discovery;

import static org.junit.jupiter.api.Assertions.*;

import dev.gallop.engine.io.zstd.ZstdCheckpoints;
import dev.gallop.engine.io.zstd.ZstdFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// Streaming decompression across many output buffers (a highly compressible 3 MB file: a small input chunk
/// expands to many output buffers), prefix reads and the declared size.
class ZstdFilesTest {
    @TempDir Path dir;

    @Test void roundTripsLargeCompressibleData() throws Exception {
        byte[] data = new byte[3 << 20];
        Random r = new Random(3);
        for (int i = 0; i < data.length; i += 4096) data[i] = (byte) r.nextInt();
        Path f = Files.write(dir.resolve("x.safetensors"), data);
        Path z = ModelFolderFixture.compress(f);
        assertTrue(Files.size(z) < data.length / 20);
        assertEquals(data.length, ZstdFiles.declaredSize(z));
        assertArrayEquals(java.util.Arrays.copyOf(data, 100_000), ZstdFiles.prefix(z, 100_000));
        Path out = dir.resolve("out.bin");
        assertEquals(data.length, ZstdFiles.decompress(z, out));
        assertArrayEquals(data, Files.readAllBytes(out));
        Path ready = ZstdCheckpoints.prepare(z, dir.resolve("cache"));
        assertEquals(dir.resolve("cache/x.safetensors"), ready);
        assertArrayEquals(data, Files.readAllBytes(ready));
    }
}
