package dev.gallop.engine.pipeline.discovery;

import static org.lwjgl.util.xxhash.XXHash.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gallop.engine.io.json.BoundedJson;
import dev.gallop.engine.io.output.AtomicOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;
import org.lwjgl.system.MemoryUtil;
import org.lwjgl.util.xxhash.XXH3State;

/// File fingerprints with XXH3-64 (LWJGL's xxHash), remembered in `.gallop-fingerprints.json` in the models root.
///
/// Choice: files up to [#FULL_HASH_LIMIT] are hashed whole. Bigger files (DiT shards are 4–10 GB, the DiT sets
/// 30–61 GB) are hashed by *sampling*: XXH3 over the first and last [#SAMPLE] bytes (which hold a safetensors header
/// and the tail a truncated copy would lose) plus the size. A scan re-hashes a file only when its size or mtime
/// differs from the cache; if the content hash is unchanged it is not CHANGED (a `touch` is not a change).
public final class Fingerprints {
    public static final String FILE = ".gallop-fingerprints.json";
    public static final long FULL_HASH_LIMIT = 64L << 20;
    public static final int SAMPLE = 4 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BoundedJson.Limits CACHE_LIMITS = new BoundedJson.Limits("fingerprint cache", 64L << 20, 8);

    /// One file's fingerprint: size, mtime (ms), hash (hex) and whether it covers the whole file.
    public record Entry(long size, long mtime, String xxh3, boolean full) {}

    private final Path root;
    private final Map<String, Entry> known = new TreeMap<>();
    private final Map<String, Entry> seen = new TreeMap<>();

    private Fingerprints(Path root) { this.root = root; }

    /// Loads the cache of `root` (an unreadable cache is treated as empty: the next save rewrites it).
    public static Fingerprints load(Path root) {
        Fingerprints f = new Fingerprints(root);
        Path p = root.resolve(FILE);
        if (!Files.isRegularFile(p)) return f;
        try {
            JsonNode files = BoundedJson.read(p, CACHE_LIMITS).path("files");
            for (var e : files.properties()) {
                JsonNode v = e.getValue();
                f.known.put(e.getKey(), new Entry(v.path("size").asLong(-1), v.path("mtime").asLong(-1),
                        v.path("xxh3").asText(""), v.path("full").asBoolean(false)));
            }
        } catch (IOException | RuntimeException e) {
            f.known.clear();
        }
        return f;
    }

    /// Fingerprints `file`; returns the previous entry when the file's content changed since the cache, else null.
    public Entry check(Path file) throws IOException {
        String rel = root.relativize(file.toAbsolutePath().normalize()).toString().replace('\\', '/');
        long size = Files.size(file), mtime = Files.getLastModifiedTime(file).toMillis();
        Entry old = known.get(rel);
        Entry now = old != null && old.size() == size && old.mtime() == mtime ? old : hash(file, size, mtime);
        seen.put(rel, now);
        return old != null && !old.xxh3().equals(now.xxh3()) ? old : null;
    }

    /// Writes the fingerprints of every file checked in this scan (plus cached ones not seen), atomically.
    public void save() throws IOException { save(true); }

    /// As [#save()]; with `acceptChanges` false a file whose content changed keeps its old fingerprint, so the change
    /// is reported again until a scan that accepts it (`gallop models`) records the new content.
    public void save(boolean acceptChanges) throws IOException {
        Map<String, Entry> all = new TreeMap<>(known);
        seen.forEach((k, e) -> {
            Entry old = known.get(k);
            if (acceptChanges || old == null || old.xxh3().equals(e.xxh3())) all.put(k, e);
        });
        ObjectNode top = JSON.createObjectNode();
        top.put("version", 1);
        top.put("hash", "XXH3_64; whole file up to " + FULL_HASH_LIMIT + " bytes, else first+last " + SAMPLE + " bytes + size");
        ObjectNode files = top.putObject("files");
        all.forEach((k, e) -> files.putObject(k).put("size", e.size()).put("mtime", e.mtime()).put("xxh3", e.xxh3()).put("full", e.full()));
        AtomicOutput.write(root.resolve(FILE), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(top));
    }

    static Entry hash(Path file, long size, long mtime) throws IOException {
        boolean full = size <= FULL_HASH_LIMIT;
        XXH3State st = XXH3_createState();
        if (st == null) throw new IOException(file + ": cannot allocate an XXH3 state");
        ByteBuffer buf = MemoryUtil.memAlloc(1 << 20);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            XXH3_64bits_reset(st);
            if (full) {
                update(st, ch, buf, 0, size);
            } else {
                update(st, ch, buf, 0, SAMPLE);
                update(st, ch, buf, size - SAMPLE, SAMPLE);
                buf.clear();
                buf.putLong(size).flip();
                XXH3_64bits_update(st, buf);
            }
            return new Entry(size, mtime, String.format("%016x", XXH3_64bits_digest(st)), full);
        } finally {
            MemoryUtil.memFree(buf);
            XXH3_freeState(st);
        }
    }

    private static void update(XXH3State st, FileChannel ch, ByteBuffer buf, long from, long len) throws IOException {
        long pos = from, end = from + len;
        while (pos < end) {
            buf.clear().limit((int) Math.min(buf.capacity(), end - pos));
            int n = ch.read(buf, pos);
            if (n <= 0) throw new IOException("file shrank while hashing at byte " + pos);
            pos += n;
            buf.flip();
            XXH3_64bits_update(st, buf);
        }
    }
}
