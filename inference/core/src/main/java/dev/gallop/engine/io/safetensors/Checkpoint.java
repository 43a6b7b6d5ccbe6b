package dev.gallop.engine.io.safetensors;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/// A set of named tensors (open one with `io.Checkpoints.open`) stored in one `.safetensors` file or in a sharded directory described by a
/// `*.safetensors.index.json`. Tensor bytes are zero-copy slices of memory-mapped files, valid until [#close()].
/// Asking for a key the checkpoint does not hold is an [IllegalArgumentException] naming the checkpoint and the key.
public interface Checkpoint extends AutoCloseable {
    /// The file or directory this checkpoint was opened from (used in messages).
    Path path();

    /// All tensor names.
    Set<String> keys();

    default boolean contains(String key) { return keys().contains(key); }

    TensorInfo info(String key);

    /// The raw little-endian bytes of a tensor (a read-only slice of a mapped file).
    MemorySegment data(String key);

    /// The `.safetensors` file that holds `key`.
    Path fileOf(String key);

    /// The `__metadata__` of a single file, or the index's `metadata` (values as strings) for a sharded checkpoint.
    Map<String, String> metadata();

    @Override void close();
}
