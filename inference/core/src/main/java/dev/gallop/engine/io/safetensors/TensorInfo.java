package dev.gallop.engine.io.safetensors;

import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;

/// One entry of a safetensors header: name, dtype, shape and the byte range inside the data section.
///
/// `dtypeName` is the dtype string of the header ("F32", "I64", "BOOL", ...). `dtype` is the matching engine
/// [DType], or null for a valid safetensors dtype the engine does not compute with (integers, F64, F8_E5M2, ...):
/// such tensors can be listed and their bytes read, and loaders reject them with a message naming the key.
public record TensorInfo(String name, DType dtype, Shape shape, long begin, long end, String dtypeName) {
    public TensorInfo(String name, DType dtype, Shape shape, long begin, long end) {
        this(name, dtype, shape, begin, end, dtype.safetensorsName());
    }

    public long byteSize() { return end - begin; }

    /// Whether the dtype is one the engine stores (F32, BF16, F16, F8_E4M3).
    public boolean hasEngineDtype() { return dtype != null; }

    /// "BF16[768, 256]": dtype and shape, for messages.
    public String describe() { return dtypeName + shape; }
}
