package dev.gallop.engine.io.safetensors;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/// A checkpoint made of one `.safetensors` file.
public final class SingleFileCheckpoint implements Checkpoint {
    private final SafetensorsFile file;

    private SingleFileCheckpoint(SafetensorsFile file) { this.file = file; }

    public static SingleFileCheckpoint open(Path file) throws IOException {
        return new SingleFileCheckpoint(SafetensorsFile.open(file));
    }

    @Override public Path path() { return file.path(); }

    @Override public Set<String> keys() { return file.tensors().keySet(); }

    @Override public boolean contains(String key) { return file.contains(key); }

    @Override public TensorInfo info(String key) { return file.info(key); }

    @Override public MemorySegment data(String key) { return file.data(key); }

    @Override public Path fileOf(String key) {
        file.info(key);
        return file.path();
    }

    @Override public Map<String, String> metadata() { return file.metadata(); }

    @Override public void close() { file.close(); }

    @Override public String toString() { return "Checkpoint(" + file.path() + ", " + file.tensors().size() + " tensors)"; }
}
