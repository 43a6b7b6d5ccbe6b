package dev.gallop.engine.io.safetensors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/// Hand-built safetensors files for tests of malformed input.
final class RawFiles {
    private RawFiles() {}

    /// Writes an 8-byte length, the header as given (no padding) and `dataBytes` zero bytes.
    static Path write(Path file, String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        return write(file, h.length, h, dataBytes);
    }

    static Path write(Path file, long declaredLength, byte[] header, int dataBytes) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(declaredLength).put(header);
        Files.write(file, b.array());
        return file;
    }
}
