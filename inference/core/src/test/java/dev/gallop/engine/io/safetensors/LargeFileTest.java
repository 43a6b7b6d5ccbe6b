package dev.gallop.engine.io.safetensors;

import static org.junit.jupiter.api.Assertions.*;

import dev.gallop.engine.io.Checkpoints;
import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// Files over 2 GiB: a sparse file whose header declares a zero-filled padding tensor of 2^31 + 8 bytes followed by a
/// small tensor that therefore lies past the 2 GiB mark. Only the header and the tail are ever written to disk.
class LargeFileTest {
    @TempDir Path dir;

    @Test void readsTensorBeyondTwoGiB() throws IOException {
        long padBytes = (1L << 31) + 8;
        String json = "{\"pad\": {\"dtype\": \"F32\", \"shape\": [" + padBytes / 4 + "], \"data_offsets\": [0, " + padBytes + "]},"
                + " \"tail\": {\"dtype\": \"F32\", \"shape\": [4], \"data_offsets\": [" + padBytes + ", " + (padBytes + 16) + "]}}";
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        int hl = (h.length + 7) & ~7;
        ByteBuffer head = ByteBuffer.allocate(8 + hl).order(ByteOrder.LITTLE_ENDIAN).putLong(hl).put(h);
        while (head.hasRemaining()) head.put((byte) ' ');
        head.flip();
        ByteBuffer tail = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putFloat(1.5f).putFloat(-2f).putFloat(3.25f)
                .putFloat(1e30f).flip();
        Path f = dir.resolve("big.safetensors");
        try {
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.SPARSE)) {
                while (head.hasRemaining()) ch.write(head);
                ch.position(8 + hl + padBytes);
                while (tail.hasRemaining()) ch.write(tail);
            }
            assertTrue(Files.size(f) > (1L << 31) + 16);
            try (Checkpoint c = Checkpoints.open(f)) {
                TensorInfo t = c.info("tail");
                assertTrue(8 + hl + t.begin() > 1L << 31, "the tensor must start past 2 GiB");
                assertEquals(padBytes, c.info("pad").byteSize());
                var f32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
                var d = c.data("tail");
                assertArrayEquals(new float[] {1.5f, -2f, 3.25f, 1e30f}, d.toArray(f32));
                assertEquals(0f, c.data("pad").getAtIndex(f32, padBytes / 4 - 1));
            }
            try (SafetensorsFile sf = SafetensorsFile.open(f)) {
                assertArrayEquals(new float[] {1.5f, -2f, 3.25f, 1e30f}, sf.floats("tail"));
            }
        } finally {
            Files.deleteIfExists(f);
        }
    }
}
