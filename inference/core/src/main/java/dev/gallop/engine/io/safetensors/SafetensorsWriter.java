package dev.gallop.engine.io.safetensors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gallop.engine.io.output.AtomicOutput;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Floats;
import dev.gallop.engine.tensor.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/// Builds a `.safetensors` file: an 8-byte little-endian header length, a JSON header (padded with spaces to a
/// multiple of 8 so the data section starts 8-aligned), then the tensor bytes back to back. Tensors are laid out by
/// decreasing element size, which keeps every tensor aligned to its element size. The file is written to a temporary
/// sibling and moved into place ([AtomicOutput]), so readers never see a half-written file.
public final class SafetensorsWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Entry(String name, String dtype, int elemBytes, Shape shape, byte[] bytes) {}

    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();

    /// Adds a `__metadata__` string entry.
    /// The tensor names added so far, in order.
    public java.util.Set<String> names() { return java.util.Collections.unmodifiableSet(entries.keySet()); }

    public SafetensorsWriter metadata(String key, String value) {
        metadata.put(key, value);
        return this;
    }

    /// Adds a tensor given as f32 values, stored as `dtype`: F32, BF16 or F16 (round to nearest even), or F8_E4M3
    /// (values saturate at ±448; no scale is applied).
    public SafetensorsWriter add(String name, float[] values, Shape shape, DType dtype) {
        if (values.length != shape.numel()) {
            throw new IllegalArgumentException("tensor '" + name + "': shape " + shape + " needs " + shape.numel()
                    + " values, got " + values.length);
        }
        ByteBuffer b = ByteBuffer.allocate(Math.multiplyExact(values.length, dtype.bytes())).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            switch (dtype) {
                case F32 -> b.putFloat(v);
                case BF16 -> b.putShort(Floats.floatToBf16(v));
                case F16 -> b.putShort(Floats.floatToF16(v));
                case F8_E4M3 -> b.put(Floats.floatToE4m3(v));
            }
        }
        return put(name, dtype.safetensorsName(), shape, b.array());
    }

    /// Adds a tensor given as raw little-endian bytes.
    public SafetensorsWriter addRaw(String name, DType dtype, Shape shape, byte[] bytes) {
        return addRaw(name, dtype.safetensorsName(), shape, bytes);
    }

    /// Adds a tensor of any safetensors dtype ("I64", "BOOL", ...) given as raw little-endian bytes.
    public SafetensorsWriter addRaw(String name, String dtype, Shape shape, byte[] bytes) {
        return put(name, dtype, shape, bytes.clone());
    }

    private SafetensorsWriter put(String name, String dtype, Shape shape, byte[] bytes) {
        if (name.equals("__metadata__") || name.isEmpty()) throw new IllegalArgumentException("invalid tensor name '" + name + "'");
        if (entries.containsKey(name)) throw new IllegalArgumentException("tensor '" + name + "' added twice");
        int elem = SafetensorsDTypes.bytes(dtype);
        if (elem < 0) throw new IllegalArgumentException("tensor '" + name + "': unknown safetensors dtype '" + dtype + "'");
        if (bytes.length != shape.numel() * elem) {
            throw new IllegalArgumentException("tensor '" + name + "' is " + dtype + shape + " (" + shape.numel() * elem
                    + " bytes) but " + bytes.length + " bytes were given");
        }
        entries.put(name, new Entry(name, dtype, elem, shape, bytes));
        return this;
    }

    /// The header bytes (without the length prefix), padded with spaces to a multiple of 8.
    private byte[] header(List<Entry> order) {
        ObjectNode root = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode m = root.putObject("__metadata__");
            metadata.forEach(m::put);
        }
        long offset = 0;
        for (Entry e : order) {
            ObjectNode t = root.putObject(e.name());
            t.put("dtype", e.dtype());
            var sh = t.putArray("shape");
            for (int d : e.shape().dims()) sh.add(d);
            t.putArray("data_offsets").add(offset).add(offset + e.bytes().length);
            offset += e.bytes().length;
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(root);
        } catch (IOException ex) {
            throw new IllegalStateException(ex);
        }
        int padded = (json.length + 7) & ~7;
        byte[] out = new byte[padded];
        System.arraycopy(json, 0, out, 0, json.length);
        for (int i = json.length; i < padded; i++) out[i] = ' ';
        return out;
    }

    /// Writes the file atomically ([AtomicOutput]: a partial file beside `path`, checked, flushed, then renamed over
    /// it); a failure names `path` and the cause and leaves nothing behind.
    public void write(Path path) throws IOException {
        try (AtomicOutput out = AtomicOutput.create(path)) {
            write(out);
            out.commit();
        }
    }

    /// Writes the file into `out`, which the caller commits (with the other files of its job).
    public void write(AtomicOutput out) throws IOException {
        List<Entry> order = new ArrayList<>(entries.values());
        order.sort(Comparator.comparingInt(Entry::elemBytes).reversed());   // stable: insertion order within a size
        byte[] header = header(order);
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).flip());
        out.write(ByteBuffer.wrap(header));
        for (Entry e : order) out.write(ByteBuffer.wrap(e.bytes()));
    }

    /// The size of the file [#write] makes: what to reserve room for.
    public long byteSize() {
        List<Entry> order = new ArrayList<>(entries.values());
        order.sort(Comparator.comparingInt(Entry::elemBytes).reversed());
        long n = 8 + header(order).length;
        for (Entry e : entries.values()) n += e.bytes().length;
        return n;
    }
}
