package dev.gallop.engine.io.pickle;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/// Writes torch.save-style zip archives for tests: `<name>/data.pkl`, `<name>/byteorder`, `<name>/data/<key>`,
/// `<name>/version`, all STORED (uncompressed), as PyTorch writes them.
public final class TorchZipWriter {
    private final Map<String, byte[]> entries = new LinkedHashMap<>();
    private final String name;

    public TorchZipWriter(String name, byte[] dataPkl) {
        this.name = name;
        entries.put(name + "/data.pkl", dataPkl);
        entries.put(name + "/byteorder", "little".getBytes());
    }

    public TorchZipWriter storage(String key, byte[] bytes) {
        entries.put(name + "/data/" + key, bytes);
        return this;
    }

    public TorchZipWriter entry(String fullName, byte[] bytes) {
        entries.put(fullName, bytes);
        return this;
    }

    public TorchZipWriter remove(String fullName) {
        entries.remove(fullName);
        return this;
    }

    public byte[] bytes() throws IOException {
        var bo = new java.io.ByteArrayOutputStream();
        write(bo);
        return bo.toByteArray();
    }

    public Path write(Path file) throws IOException {
        try (OutputStream o = Files.newOutputStream(file)) {
            write(o);
        }
        return file;
    }

    private void write(OutputStream o) throws IOException {
        Map<String, byte[]> all = new LinkedHashMap<>(entries);
        all.put(name + "/version", "3\n".getBytes());
        try (ZipOutputStream z = new ZipOutputStream(o)) {
            for (var e : all.entrySet()) {
                ZipEntry ze = new ZipEntry(e.getKey());
                ze.setMethod(ZipEntry.STORED);
                ze.setSize(e.getValue().length);
                CRC32 crc = new CRC32();
                crc.update(e.getValue());
                ze.setCrc(crc.getValue());
                z.putNextEntry(ze);
                z.write(e.getValue());
                z.closeEntry();
            }
        }
    }

    /// Little-endian bytes of floats as F32, or rounded to BF16 / F16.
    public static byte[] encode(float[] v, String dtype) {
        int e = dtype.equals("F32") ? 4 : 2;
        var b = java.nio.ByteBuffer.allocate(v.length * e).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float f : v) {
            switch (dtype) {
                case "F32" -> b.putFloat(f);
                case "BF16" -> b.putShort(dev.gallop.engine.tensor.Floats.floatToBf16(f));
                case "F16" -> b.putShort(dev.gallop.engine.tensor.Floats.floatToF16(f));
                default -> throw new IllegalArgumentException(dtype);
            }
        }
        return b.array();
    }
}
