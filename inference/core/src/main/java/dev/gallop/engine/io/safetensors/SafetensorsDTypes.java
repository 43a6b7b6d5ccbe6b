package dev.gallop.engine.io.safetensors;

import java.util.Map;

/// Element sizes of every dtype the safetensors format defines, so that files holding tensors the engine does not
/// compute with (integer buffers, F64, ...) can still be opened and validated.
final class SafetensorsDTypes {
    private SafetensorsDTypes() {}

    private static final Map<String, Integer> BYTES = Map.ofEntries(
            Map.entry("BOOL", 1), Map.entry("U8", 1), Map.entry("I8", 1), Map.entry("F8_E4M3", 1),
            Map.entry("F8_E5M2", 1), Map.entry("U16", 2), Map.entry("I16", 2), Map.entry("F16", 2),
            Map.entry("BF16", 2), Map.entry("U32", 4), Map.entry("I32", 4), Map.entry("F32", 4),
            Map.entry("U64", 8), Map.entry("I64", 8), Map.entry("F64", 8));

    /// Bytes per element, or -1 when `name` is not a safetensors dtype.
    static int bytes(String name) { return BYTES.getOrDefault(name, -1); }
}
