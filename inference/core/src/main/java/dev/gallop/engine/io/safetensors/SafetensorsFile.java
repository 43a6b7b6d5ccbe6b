package dev.gallop.engine.io.safetensors;

import dev.gallop.engine.tensor.DType;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/// A memory-mapped `.safetensors` file: an 8-byte little-endian header length, a JSON header, then raw
/// little-endian tensor data. The whole file is mapped once (any size; no 2 GB limit) and tensors are zero-copy
/// slices. Every malformed header ([SafetensorsHeader] lists the rules) is an [IOException] naming the file and the
/// offending entry.
public final class SafetensorsFile implements AutoCloseable {
    private static final long MAX_HEADER = SafetensorsHeader.MAX_HEADER;

    private final Path path;
    private final Arena arena;
    private final MemorySegment mapped;
    private final long dataStart;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;

    private SafetensorsFile(Path path, Arena arena, MemorySegment mapped, long dataStart,
                            Map<String, TensorInfo> tensors, Map<String, String> metadata) {
        this.path = path;
        this.arena = arena;
        this.mapped = mapped;
        this.dataStart = dataStart;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    public static SafetensorsFile open(Path path) throws IOException {
        Arena arena = Arena.ofShared();
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) throw new IOException(path + ": not a safetensors file (only " + size + " bytes)");
            MemorySegment seg = ch.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            long headerLen = seg.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0);
            if (headerLen <= 0 || headerLen > MAX_HEADER || 8 + headerLen > size) {
                throw new IOException(path + ": invalid safetensors header length " + headerLen + " (file size " + size
                        + "); is this a safetensors file, or was it truncated?");
            }
            byte[] hb = seg.asSlice(8, headerLen).toArray(ValueLayout.JAVA_BYTE);
            long dataStart = 8 + headerLen;
            SafetensorsHeader h = SafetensorsHeader.parse(path, hb, size - dataStart);
            Map<String, TensorInfo> tensors = h.tensors();
            Map<String, String> meta = h.metadata();
            return new SafetensorsFile(path, arena, seg, dataStart, tensors, meta);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    public Path path() { return path; }

    /// Tensor entries in header order.
    public Map<String, TensorInfo> tensors() { return tensors; }

    public Map<String, String> metadata() { return metadata; }

    public boolean contains(String name) { return tensors.containsKey(name); }

    public TensorInfo info(String name) {
        TensorInfo i = tensors.get(name);
        if (i == null) throw new IllegalArgumentException(path + ": no tensor '" + name + "'");
        return i;
    }

    /// The raw bytes of a tensor: a read-only slice of the mapping, valid until [#close()].
    public MemorySegment data(String name) {
        TensorInfo i = info(name);
        return mapped.asSlice(dataStart + i.begin(), i.byteSize());
    }

    /// A tensor widened to f32 on the heap (for small tensors: norms, biases, test fixtures).
    public float[] floats(String name) {
        TensorInfo i = info(name);
        if (i.dtype() == null) {
            throw new IllegalArgumentException(path + ": tensor '" + name + "' has dtype " + i.dtypeName() + ", not a float type");
        }
        MemorySegment d = data(name);
        long n = i.shape().numel();
        if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException(path + ": tensor '" + name + "' is too large for a float array");
        float[] out = new float[(int) n];
        var f32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        var i16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < out.length; k++) {
            out[k] = switch (i.dtype()) {
                case F32 -> d.getAtIndex(f32, k);
                case BF16 -> dev.gallop.engine.tensor.Floats.bf16ToFloat(d.getAtIndex(i16, k));
                case F16 -> dev.gallop.engine.tensor.Floats.f16ToFloat(d.getAtIndex(i16, k));
                case F8_E4M3 -> dev.gallop.engine.tensor.Floats.e4m3ToFloat(d.get(ValueLayout.JAVA_BYTE, k));
                case U8 -> throw new IllegalStateException("U8 is never read as a weight");
            };
        }
        return out;
    }

    /// [#floats] for a weight: refuses a tensor holding a NaN or an infinity, naming it and the first bad index.
    public float[] finiteFloats(String name) {
        float[] v = floats(name);
        int bad = dev.gallop.engine.tensor.FiniteValues.firstNonFinite(v);
        if (bad >= 0) {
            throw new IllegalArgumentException(path + ": tensor '" + name + "' holds a non-finite value (" + v[bad] + ") at "
                    + dev.gallop.engine.tensor.FiniteValues.where(bad, info(name).shape()) + "; weights must be finite numbers (is the file"
                    + " damaged, or saved from a run that diverged?)");
        }
        return v;
    }

    @Override public void close() { arena.close(); }

    @Override public String toString() { return "SafetensorsFile(" + path + ", " + tensors.size() + " tensors)"; }
}
