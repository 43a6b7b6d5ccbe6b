package dev.gallop.engine.io.safetensors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/// A memory-mapped `.safetensors` file: an 8-byte little-endian header length, a JSON header, then raw
/// little-endian tensor data. The whole file is mapped once (any size; no 2 GB limit) and tensors are zero-copy
/// slices. Every malformed header is an [IOException] naming the file and the offending entry.
public final class SafetensorsFile implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER = 100L << 20;

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
            JsonNode root;
            try {
                root = JSON.readTree(new String(hb, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IOException(path + ": safetensors header is not valid JSON: " + e.getMessage(), e);
            }
            if (root == null || !root.isObject()) throw new IOException(path + ": safetensors header is not a JSON object");
            long dataStart = 8 + headerLen;
            long dataSize = size - dataStart;
            Map<String, TensorInfo> tensors = new LinkedHashMap<>();
            Map<String, String> meta = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : root.properties()) {
                String name = e.getKey();
                JsonNode v = e.getValue();
                if (name.equals("__metadata__")) {
                    v.properties().forEach(m -> meta.put(m.getKey(), m.getValue().asText()));
                    continue;
                }
                tensors.put(name, parseEntry(path, name, v, dataSize));
            }
            return new SafetensorsFile(path, arena, seg, dataStart, Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(meta));
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static TensorInfo parseEntry(Path path, String name, JsonNode v, long dataSize) throws IOException {
        JsonNode dt = v.get("dtype"), sh = v.get("shape"), off = v.get("data_offsets");
        if (dt == null || sh == null || off == null || !sh.isArray() || !off.isArray() || off.size() != 2) {
            throw new IOException(path + ": tensor '" + name + "' has a malformed header entry: " + v);
        }
        String dtypeName = dt.asText();
        int elemBytes = SafetensorsDTypes.bytes(dtypeName);
        if (elemBytes < 0) {
            throw new IOException(path + ": tensor '" + name + "' has unknown dtype '" + dtypeName + "'");
        }
        DType dtype = engineDtype(dtypeName);
        long[] dims = new long[sh.size()];
        for (int i = 0; i < dims.length; i++) {
            if (!sh.get(i).canConvertToInt() || sh.get(i).asLong() < 0) {
                throw new IOException(path + ": tensor '" + name + "' has an invalid shape " + sh);
            }
            dims[i] = sh.get(i).asLong();
        }
        Shape shape = Shape.of(dims);
        if (!off.get(0).canConvertToLong() || !off.get(1).canConvertToLong()) {
            throw new IOException(path + ": tensor '" + name + "' has invalid data_offsets " + off);
        }
        long begin = off.get(0).asLong(), end = off.get(1).asLong();
        long expected = shape.numel() * elemBytes;
        if (begin < 0 || end < begin || end > dataSize) {
            throw new IOException(path + ": tensor '" + name + "' data range [" + begin + ", " + end + ") lies outside the "
                    + dataSize + "-byte data section (truncated file?)");
        }
        if (end - begin != expected) {
            throw new IOException(path + ": tensor '" + name + "' is " + dtypeName + shape + " (" + expected
                    + " bytes) but its data range holds " + (end - begin) + " bytes");
        }
        return new TensorInfo(name, dtype, shape, begin, end, dtypeName);
    }

    private static DType engineDtype(String name) {
        for (DType d : DType.values()) {
            if (d.safetensorsName().equals(name)) return d;
        }
        return null;
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

    @Override public void close() { arena.close(); }

    @Override public String toString() { return "SafetensorsFile(" + path + ", " + tensors.size() + " tensors)"; }
}
