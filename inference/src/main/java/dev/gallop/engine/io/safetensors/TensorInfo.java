package dev.gallop.engine.io.safetensors;

import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;

/// One entry of a safetensors header: name, dtype, shape and the byte range inside the data section.
public record TensorInfo(String name, DType dtype, Shape shape, long begin, long end) {
    public long byteSize() { return end - begin; }
}
