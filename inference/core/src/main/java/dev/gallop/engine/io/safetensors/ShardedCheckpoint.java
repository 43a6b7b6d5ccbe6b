package dev.gallop.engine.io.safetensors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/// A checkpoint split over several `.safetensors` shards in one directory, described by an index
/// (`{"metadata": {...}, "weight_map": {"key": "model-00001-of-00003.safetensors", ...}}`). Opening validates the
/// index against the shards: every shard exists, every listed key is in its shard, no key is in two shards and no
/// shard holds a key the index does not list. Each error names the index or shard file and the key.
public final class ShardedCheckpoint implements Checkpoint {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path index;
    private final Map<String, SafetensorsFile> byKey;
    private final Map<String, SafetensorsFile> shards;
    private final Map<String, String> metadata;

    private ShardedCheckpoint(Path index, Map<String, SafetensorsFile> byKey, Map<String, SafetensorsFile> shards,
                              Map<String, String> metadata) {
        this.index = index;
        this.byKey = byKey;
        this.shards = shards;
        this.metadata = metadata;
    }

    /// Opens the checkpoint described by the index file `index`; shard names are resolved in its directory.
    public static ShardedCheckpoint open(Path index) throws IOException {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(index));
        } catch (IOException e) {
            throw new IOException(index + ": cannot read checkpoint index: " + e.getMessage(), e);
        }
        JsonNode wm = root == null ? null : root.get("weight_map");
        if (wm == null || !wm.isObject() || wm.isEmpty()) {
            throw new IOException(index + ": checkpoint index has no \"weight_map\" object listing tensors");
        }
        Map<String, String> meta = new LinkedHashMap<>();
        JsonNode m = root.get("metadata");
        if (m != null && m.isObject()) m.properties().forEach(e -> meta.put(e.getKey(), e.getValue().isValueNode()
                ? e.getValue().asText() : e.getValue().toString()));

        Path dir = index.toAbsolutePath().getParent();
        Map<String, String> weightMap = new TreeMap<>();
        for (var e : wm.properties()) {
            if (!e.getValue().isTextual()) {
                throw new IOException(index + ": weight_map entry for '" + e.getKey() + "' is not a file name: " + e.getValue());
            }
            weightMap.put(e.getKey(), e.getValue().asText());
        }
        Map<String, SafetensorsFile> shards = new LinkedHashMap<>();
        try {
            for (var e : weightMap.entrySet()) {
                String shard = e.getValue();
                if (shards.containsKey(shard)) continue;
                Path p = dir.resolve(shard).normalize();
                if (!p.getParent().equals(dir.normalize())) {
                    throw new IOException(index + ": shard '" + shard + "' (for '" + e.getKey() + "') is not a file name in " + dir);
                }
                if (!Files.isRegularFile(p)) {
                    throw new IOException(index + ": lists shard '" + shard + "' (for '" + e.getKey() + "' and others) but "
                            + p + " does not exist");
                }
                shards.put(shard, SafetensorsFile.open(p));
            }
            Map<String, SafetensorsFile> byKey = new LinkedHashMap<>();
            for (SafetensorsFile f : shards.values()) {
                for (String key : f.tensors().keySet()) {
                    SafetensorsFile prev = byKey.putIfAbsent(key, f);
                    if (prev != null) {
                        throw new IOException(index + ": tensor '" + key + "' is present in two shards: " + prev.path()
                                + " and " + f.path());
                    }
                }
            }
            for (var e : weightMap.entrySet()) {
                SafetensorsFile f = shards.get(e.getValue());
                if (!f.contains(e.getKey())) {
                    throw new IOException(index + ": maps '" + e.getKey() + "' to " + f.path() + ", which does not contain it");
                }
            }
            for (var e : byKey.entrySet()) {
                if (!weightMap.containsKey(e.getKey())) {
                    throw new IOException(e.getValue().path() + ": holds tensor '" + e.getKey() + "', which " + index
                            + " does not list");
                }
            }
            return new ShardedCheckpoint(index, Collections.unmodifiableMap(byKey), shards, Collections.unmodifiableMap(meta));
        } catch (IOException | RuntimeException e) {
            shards.values().forEach(SafetensorsFile::close);
            throw e;
        }
    }

    private SafetensorsFile file(String key) {
        SafetensorsFile f = byKey.get(key);
        if (f == null) throw new IllegalArgumentException(index + ": no tensor '" + key + "' in this checkpoint");
        return f;
    }

    /// The index file.
    @Override public Path path() { return index; }

    @Override public Set<String> keys() { return byKey.keySet(); }

    @Override public boolean contains(String key) { return byKey.containsKey(key); }

    @Override public TensorInfo info(String key) { return file(key).info(key); }

    @Override public MemorySegment data(String key) { return file(key).data(key); }

    @Override public Path fileOf(String key) { return file(key).path(); }

    @Override public Map<String, String> metadata() { return metadata; }

    /// Number of shard files.
    public int shardCount() { return shards.size(); }

    @Override public void close() { shards.values().forEach(SafetensorsFile::close); }

    @Override public String toString() { return "Checkpoint(" + index + ", " + shards.size() + " shards, " + byKey.size() + " tensors)"; }
}
