package dev.gallop.engine.models.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/// Makes checkpoints with zstd-compressed shards openable by `Checkpoint.open`: `*.safetensors.zst` files are
/// decompressed (streaming, via [ZstdFiles]) into a cache folder, next to links to the uncompressed shards and a
/// copy of the index. A decompressed shard is reused while the `.zst` keeps its size and mtime.
public final class ZstdCheckpoints {
    private ZstdCheckpoints() {}

    private static final ObjectMapper JSON = new ObjectMapper();

    /// Returns a path to pass to `Checkpoint.open`: `path` itself when nothing is compressed, else the prepared copy in
    /// `cacheDir`. `path` is a checkpoint folder (with `model.safetensors.index.json`) or a `*.safetensors.zst` file.
    public static Path prepare(Path path, Path cacheDir) throws IOException {
        if (Files.isRegularFile(path)) {
            String name = path.getFileName().toString();
            if (!name.toLowerCase(Locale.ROOT).endsWith(".zst")) return path;
            Files.createDirectories(cacheDir);
            Path out = cacheDir.resolve(name.substring(0, name.length() - 4));
            fresh(path, out);
            return out;
        }
        Path index = path.resolve(Probes.INDEX);
        if (!Files.isRegularFile(index)) throw new IOException(path + ": no " + Probes.INDEX + " to say which shards to prepare");
        Set<String> shards = new LinkedHashSet<>();
        try {
            JsonNode wm = JSON.readTree(index.toFile()).path("weight_map");
            wm.properties().forEach(e -> shards.add(e.getValue().asText()));
        } catch (IOException e) {
            throw new IOException(index + ": unreadable checkpoint index: " + e.getMessage(), e);
        }
        if (shards.stream().allMatch(s -> Files.isRegularFile(path.resolve(s)))) return path;
        Files.createDirectories(cacheDir);
        for (String s : shards) {
            if (s.contains("/") || s.contains("\\") || s.equals("..")) throw new IOException(index + ": shard name '" + s + "' is not a plain file name");
            Path plain = path.resolve(s), packed = path.resolve(s + ".zst"), out = cacheDir.resolve(s);
            if (Files.isRegularFile(plain)) {
                link(plain, out);
            } else if (Files.isRegularFile(packed)) {
                fresh(packed, out);
            } else {
                throw new IOException(index + ": lists shard '" + s + "' but neither " + plain + " nor " + packed + " exists");
            }
        }
        Files.copy(index, cacheDir.resolve(Probes.INDEX), StandardCopyOption.REPLACE_EXISTING);
        return cacheDir;
    }

    private static void fresh(Path zst, Path out) throws IOException {
        Path stamp = out.resolveSibling(out.getFileName() + ".source");
        String want = Files.size(zst) + " " + Files.getLastModifiedTime(zst).toMillis() + " " + zst.toAbsolutePath();
        if (Files.isRegularFile(out) && Files.isRegularFile(stamp) && Files.readString(stamp).equals(want)) return;
        ZstdFiles.decompress(zst, out);
        Files.writeString(stamp, want);
    }

    private static void link(Path target, Path link) throws IOException {
        if (Files.isSymbolicLink(link) && Files.readSymbolicLink(link).equals(target.toAbsolutePath())) return;
        Files.deleteIfExists(link);
        try {
            Files.createSymbolicLink(link, target.toAbsolutePath());
        } catch (IOException | UnsupportedOperationException e) {
            try {
                Files.createLink(link, target);
            } catch (IOException | UnsupportedOperationException e2) {
                throw new IOException(link + ": cannot link the uncompressed shard " + target + " into the zstd cache: " + e2.getMessage(), e2);
            }
        }
    }
}
