package dev.gallop.engine.backend;

/// Device memory holding raw bytes. Tensors are typed, shaped views over a buffer.
public interface Buffer {
    Device device();

    long byteSize();
}
