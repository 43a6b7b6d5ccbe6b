package dev.gallop.engine.io.safetensors;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/// A set of named tensors stored in one `.safetensors` file or in a sharded directory described by a
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

    /// Opens `path`: a `.safetensors` file, a `*.safetensors.index.json` file, a directory holding a
    /// `model.safetensors.index.json` (or exactly one other `*.safetensors.index.json`), or a directory holding
    /// exactly one `.safetensors` file. PyTorch zip archives (`.pt`, `.pth`, `.ckpt`, zip `.bin`) are read by the
    /// restricted, non-executing reader `io.pickle.PickleCheckpoint`; other pickles are refused without being read.
    static Checkpoint open(Path path) throws IOException { return CheckpointOpener.open(path); }
}
