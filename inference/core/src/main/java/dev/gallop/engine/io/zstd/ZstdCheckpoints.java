package dev.gallop.engine.io.zstd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gallop.engine.runtime.JobContext;
import dev.gallop.engine.io.output.AtomicOutput;
import dev.gallop.engine.io.output.StaleOutputs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/// Makes checkpoints with zstd-compressed shards openable by `Checkpoint.open`: `*.safetensors.zst` files are
/// decompressed (streaming, via [ZstdFiles]) into a cache folder, next to links to the uncompressed shards and a
/// copy of the index. A decompressed shard is reused while the `.zst` keeps its size and mtime and the decompressed
/// file keeps the size it was written with.
///
/// Unpacking a large DiT takes minutes, so it reports progress per shard ("unpacking distill shard 2/7", the fraction
/// of that shard's compressed bytes read) and honours cancellation through a [JobContext]. A shard is written to a
/// temporary file and renamed into place only once complete; its record of the source (`<shard>.source`) is removed
/// before and written after, so an interrupted, failed or cancelled unpacking never leaves a file a later run trusts.
public final class ZstdCheckpoints {
    private static final String INDEX = "model.safetensors.index.json";
    private ZstdCheckpoints() {}

    private static final ObjectMapper JSON = new ObjectMapper();

    /// [#prepare(Path, Path, JobContext)] outside any job: no progress reports, no cancellation.
    public static Path prepare(Path path, Path cacheDir) throws IOException { return prepare(path, cacheDir, JobContext.NONE); }

    /// Returns a path to pass to `Checkpoint.open`: `path` itself when nothing is compressed, else the prepared copy in
    /// `cacheDir`. `path` is a checkpoint folder (with `model.safetensors.index.json`) or a `*.safetensors.zst` file.
    /// Shards that need unpacking report to `job`'s progress; its cancellation stops the unpacking with a
    /// [java.util.concurrent.CancellationException], the shard being written deleted.
    public static Path prepare(Path path, Path cacheDir, JobContext job) throws IOException {
        if (Files.isRegularFile(path)) {
            String name = path.getFileName().toString();
            if (!name.toLowerCase(Locale.ROOT).endsWith(".zst")) return path;
            Files.createDirectories(cacheDir);
            Path out = cacheDir.resolve(name.substring(0, name.length() - 4));
            if (!fresh(path, out)) {
                try {
                    unpack(path, out, "unpacking " + name, job);
                } finally {
                    job.progress().finished();
                }
            }
            return out;
        }
        Path index = path.resolve(INDEX);
        if (!Files.isRegularFile(index)) throw new IOException(path + ": no " + INDEX + " to say which shards to prepare");
        Set<String> shards = new LinkedHashSet<>();
        try {
            JsonNode wm = JSON.readTree(index.toFile()).path("weight_map");
            wm.properties().forEach(e -> shards.add(e.getValue().asText()));
        } catch (IOException e) {
            throw new IOException(index + ": unreadable checkpoint index: " + e.getMessage(), e);
        }
        if (shards.stream().allMatch(s -> Files.isRegularFile(path.resolve(s)))) return path;
        Files.createDirectories(cacheDir);
        List<String> stale = new ArrayList<>();
        for (String s : shards) {
            if (s.contains("/") || s.contains("\\") || s.equals("..")) throw new IOException(index + ": shard name '" + s + "' is not a plain file name");
            Path plain = path.resolve(s), packed = path.resolve(s + ".zst"), out = cacheDir.resolve(s);
            if (Files.isRegularFile(plain)) {
                link(plain, out);
            } else if (Files.isRegularFile(packed)) {
                if (!fresh(packed, out)) stale.add(s);
            } else {
                throw new IOException(index + ": lists shard '" + s + "' but neither " + plain + " nor " + packed + " exists");
            }
        }
        Path named = path.toAbsolutePath().normalize().getFileName();
        String folder = named == null ? "checkpoint" : named.toString();
        try {
            for (int i = 0; i < stale.size(); i++) {
                String s = stale.get(i);
                unpack(path.resolve(s + ".zst"), cacheDir.resolve(s), "unpacking " + folder + " shard " + (i + 1) + "/" + stale.size(), job);
            }
        } finally {
            if (!stale.isEmpty()) job.progress().finished();
        }
        AtomicOutput.write(cacheDir.resolve(INDEX), Files.readAllBytes(index));
        return cacheDir;
    }

    /// Whether `out` is the complete decompression of the current `zst`.
    private static boolean fresh(Path zst, Path out) throws IOException {
        Path stamp = stampOf(out);
        if (!Files.isRegularFile(out) || !Files.isRegularFile(stamp)) return false;
        return Files.readString(stamp).equals(source(zst) + " -> " + Files.size(out));
    }

    private static void unpack(Path zst, Path out, String what, JobContext job) throws IOException {
        Path stamp = stampOf(out);
        Files.deleteIfExists(stamp);
        StaleOutputs.sweep(out.toAbsolutePath().getParent());
        long n = ZstdFiles.decompress(zst, out, f -> job.progress().report(what, f), job.cancel());
        AtomicOutput.write(stamp, (source(zst) + " -> " + n).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static String source(Path zst) throws IOException {
        return Files.size(zst) + " " + Files.getLastModifiedTime(zst).toMillis() + " " + zst.toAbsolutePath();
    }

    private static Path stampOf(Path out) { return out.resolveSibling(out.getFileName() + ".source"); }


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
