package dev.gallop.engine.io.safetensors;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gallop.engine.io.json.BoundedJson;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/// The JSON header of a `.safetensors` file, checked against every rule of the format (as its reference library
/// checks them): each entry has a known dtype, a shape of non-negative dimensions whose byte size does not overflow
/// and matches its data range; no key appears twice; `__metadata__` maps text to text; and the data ranges, sorted,
/// tile the data section exactly: the first starts at 0, each starts where the previous one ends (no overlap, no
/// hole, none reversed), and the last ends where the file ends. Every violation is an [IOException] naming the file
/// and the tensors at fault.
///
/// @param tensors  entries in header order
/// @param metadata the `__metadata__` strings
/// @param dataEnd  where the last tensor ends: the size the data section must have
public record SafetensorsHeader(Map<String, TensorInfo> tensors, Map<String, String> metadata, long dataEnd) {
    /// The largest header accepted (the reference library's limit).
    public static final long MAX_HEADER = 100L << 20;
    private static final BoundedJson.Limits LIMITS = new BoundedJson.Limits("safetensors header", MAX_HEADER, 8);

    /// Parses and checks `json`, the header of `file`, whose data section is `dataSize` bytes (-1 when unknown, as
    /// for a compressed shard: then only the ranges' tiling from 0 is checked, not where they end).
    public static SafetensorsHeader parse(Path file, byte[] json, long dataSize) throws IOException {
        JsonNode root = BoundedJson.parse(file.toString(), json, LIMITS);
        if (root == null || !root.isObject()) throw new IOException(file + ": safetensors header is not a JSON object");
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            String name = e.getKey();
            JsonNode v = e.getValue();
            if (name.equals("__metadata__")) {
                if (!v.isObject()) throw new IOException(file + ": __metadata__ is not a JSON object of strings");
                for (Map.Entry<String, JsonNode> m : v.properties()) {
                    if (!m.getValue().isTextual()) {
                        throw new IOException(file + ": __metadata__ entry '" + m.getKey() + "' is " + m.getValue().getNodeType()
                                .toString().toLowerCase(java.util.Locale.ROOT) + ", not a string");
                    }
                    meta.put(m.getKey(), m.getValue().asText());
                }
                continue;
            }
            tensors.put(name, entry(file, name, v, dataSize));
        }
        long end = checkTiling(file, tensors.values(), dataSize);
        return new SafetensorsHeader(Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(meta), end);
    }

    private static TensorInfo entry(Path file, String name, JsonNode v, long dataSize) throws IOException {
        JsonNode dt = v.get("dtype"), sh = v.get("shape"), off = v.get("data_offsets");
        if (dt == null || sh == null || off == null || !dt.isTextual() || !sh.isArray() || !off.isArray() || off.size() != 2) {
            throw new IOException(file + ": tensor '" + name + "' has a malformed header entry: " + shorten(v.toString()));
        }
        String dtypeName = dt.asText();
        int elemBytes = SafetensorsDTypes.bytes(dtypeName);
        if (elemBytes < 0) throw new IOException(file + ": tensor '" + name + "' has unknown dtype '" + shorten(dtypeName) + "'");
        long[] dims = new long[sh.size()];
        long expected = elemBytes;
        for (int i = 0; i < dims.length; i++) {
            if (!sh.get(i).canConvertToInt() || sh.get(i).asLong() < 0) {
                throw new IOException(file + ": tensor '" + name + "' has an invalid shape " + shorten(sh.toString()));
            }
            dims[i] = sh.get(i).asLong();
            try {
                expected = Math.multiplyExact(expected, dims[i]);
            } catch (ArithmeticException x) {
                throw new IOException(file + ": tensor '" + name + "' has shape " + sh + " whose byte size is too large (overflows 64 bits)");
            }
        }
        Shape shape = Shape.of(dims);
        if (!off.get(0).canConvertToLong() || !off.get(1).canConvertToLong() || !off.get(0).isIntegralNumber()
                || !off.get(1).isIntegralNumber()) {
            throw new IOException(file + ": tensor '" + name + "' has invalid data_offsets " + shorten(off.toString()));
        }
        long begin = off.get(0).asLong(), end = off.get(1).asLong();
        if (end < begin) {
            throw new IOException(file + ": tensor '" + name + "' has a reversed data range [" + begin + ", " + end + ")");
        }
        if (begin < 0 || (dataSize >= 0 && end > dataSize)) {
            throw new IOException(file + ": tensor '" + name + "' data range [" + begin + ", " + end + ") lies outside the "
                    + dataSize + "-byte data section (truncated file?)");
        }
        if (end - begin != expected) {
            throw new IOException(file + ": tensor '" + name + "' is " + dtypeName + shape + " (" + expected
                    + " bytes) but its data range holds " + (end - begin) + " bytes");
        }
        return new TensorInfo(name, engineDtype(dtypeName), shape, begin, end, dtypeName);
    }

    /// The ranges, sorted by where they start, must follow each other with neither overlap nor gap, from 0 to the end
    /// of the data section. Returns where the last one ends.
    private static long checkTiling(Path file, java.util.Collection<TensorInfo> entries, long dataSize) throws IOException {
        List<TensorInfo> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        long at = 0;
        TensorInfo prev = null;
        for (TensorInfo t : sorted) {
            if (t.begin() < at) {
                throw new IOException(file + ": tensors '" + prev.name() + "' [" + prev.begin() + ", " + prev.end() + ") and '"
                        + t.name() + "' [" + t.begin() + ", " + t.end() + ") overlap; each tensor needs bytes of its own");
            }
            if (t.begin() > at) {
                throw new IOException(file + ": bytes [" + at + ", " + t.begin() + ") of the data section belong to no tensor (a hole "
                        + (prev == null ? "before" : "between '" + prev.name() + "' and") + " '" + t.name() + "')");
            }
            at = t.end();
            if (t.byteSize() > 0 || prev == null) prev = t;
        }
        if (dataSize >= 0 && at != dataSize) {
            throw new IOException(file + ": the data section is " + dataSize + " bytes but the tensors end at byte " + at + " ("
                    + (dataSize - at) + " bytes after the last tensor)");
        }
        return at;
    }

    private static DType engineDtype(String name) {
        for (DType d : DType.values()) {
            if (d.safetensorsName().equals(name)) return d;
        }
        return null;
    }

    private static String shorten(String s) { return s.length() > 200 ? s.substring(0, 200) + "..." : s; }
}
