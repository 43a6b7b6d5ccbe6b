package dev.gallop.engine.io;

import dev.gallop.engine.io.safetensors.Checkpoint;
import dev.gallop.engine.io.safetensors.ShardedCheckpoint;
import dev.gallop.engine.io.safetensors.SingleFileCheckpoint;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/// Opens a checkpoint of any supported layout and decides how each path is read. PyTorch archives (`.pth`, `.ckpt`, `.pt`, and `.bin` when it is a
/// torch.save zip) go through the restricted reader in `io.pickle`, which never executes pickle code and refuses any
/// global outside its allow-list. Plain pickles (`.pkl`, `.pickle`, a non-zip `.bin`) are refused by name, unread.
public final class Checkpoints {
    private Checkpoints() {}

    public static final String INDEX = "model.safetensors.index.json";
    private static final List<String> PICKLE = List.of(".bin", ".pt", ".pth", ".ckpt", ".pkl", ".pickle");
    private static final List<String> TORCH = List.of(".pt", ".pth", ".ckpt");

    /// Opens `path`: a `.safetensors` file, a `*.safetensors.index.json` file, a directory holding a
    /// `model.safetensors.index.json` (or exactly one other `*.safetensors.index.json`), or a directory holding
    /// exactly one `.safetensors` file; zstd-compressed shards are unpacked once to a cache beside them. PyTorch zip
    /// archives (`.pt`, `.pth`, `.ckpt`, zip `.bin`) are read by the restricted, non-executing reader
    /// `io.pickle.PickleCheckpoint`; other pickles are refused without being read.
    public static Checkpoint open(Path path) throws IOException {
        if (Files.isDirectory(path)) return openDirectory(path);
        if (!Files.exists(path)) throw new NoSuchFileException(path.toString(), null, "checkpoint not found");
        String name = lower(path);
        if (name.endsWith(".safetensors.zst")) return SingleFileCheckpoint.open(unpacked(path, path.getParent()));
        if (name.endsWith(".safetensors.index.json")) return ShardedCheckpoint.open(path);
        if (TORCH.stream().anyMatch(name::endsWith) || (name.endsWith(".bin") && isZip(path))) {
            return dev.gallop.engine.io.pickle.PickleCheckpoint.open(path);
        }
        if (isPickle(name) || isPickle(name.replaceFirst("\\.index\\.json$", ""))) throw refusePickle(path);
        return SingleFileCheckpoint.open(path);
    }

    private static Checkpoint openDirectory(Path dir) throws IOException {
        Path index = dir.resolve(INDEX);
        if (Files.isRegularFile(index)) return ShardedCheckpoint.open(hasZstdShards(dir) ? unpacked(dir, dir).resolve(INDEX) : index);
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(Files::isRegularFile).sorted().toList();
        }
        List<Path> indexes = files.stream().filter(p -> lower(p).endsWith(".safetensors.index.json")).toList();
        if (indexes.size() == 1) return ShardedCheckpoint.open(indexes.getFirst());
        if (indexes.size() > 1) {
            throw new IOException(dir + ": holds several checkpoint indexes " + names(indexes) + "; open one of them");
        }
        List<Path> st = files.stream().filter(p -> lower(p).endsWith(".safetensors")).toList();
        if (st.size() == 1) return SingleFileCheckpoint.open(st.getFirst());
        if (st.size() > 1) {
            throw new IOException(dir + ": holds " + st.size() + " .safetensors files " + names(st) + " but no "
                    + INDEX + " saying which tensors each holds; open one file, or add an index");
        }
        List<Path> pickles = files.stream().filter(p -> isPickle(lower(p))).toList();
        if (pickles.size() == 1) return open(pickles.getFirst());
        if (!pickles.isEmpty()) throw refusePickle(pickles.getFirst());
        throw new IOException(dir + ": no .safetensors checkpoint in this directory");
    }

    /// Where zstd-decompressed shards are kept: `-Dgallop.zstd.cache=DIR` (one subfolder per checkpoint folder), else a
    /// `.gallop-zstd` folder beside the compressed shards.
    static Path zstdCache(Path dir) {
        String c = System.getProperty("gallop.zstd.cache");
        if (c == null || c.isBlank()) return dir.resolve(".gallop-zstd");
        Path abs = dir.toAbsolutePath().normalize();
        return Path.of(c).resolve((abs.getFileName() == null ? "root" : abs.getFileName().toString()) + "-"
                + Integer.toHexString(abs.toString().hashCode()));
    }

    /// `path` (a folder with an index, or a `.safetensors.zst` file) with its zstd shards decompressed into the cache
    /// (reused while the `.zst` keeps its size and mtime): the folder or file to map. Uncompressed checkpoints are
    /// returned as they are. Unpacking reports to, and is cancelled by, the job running on this thread
    /// ([dev.gallop.engine.runtime.JobContext#current()]).
    private static Path unpacked(Path path, Path dir) throws IOException {
        try {
            return dev.gallop.engine.io.zstd.ZstdCheckpoints.prepare(path, zstdCache(dir),
                    dev.gallop.engine.runtime.JobContext.current());
        } catch (java.nio.file.AccessDeniedException | java.nio.file.ReadOnlyFileSystemException e) {
            throw new IOException(path + ": cannot decompress its zstd shards into " + zstdCache(dir) + " (" + e.getMessage()
                    + "); pass -Dgallop.zstd.cache=DIR with a writable folder", e);
        }
    }

    private static boolean hasZstdShards(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(p -> lower(p).endsWith(".safetensors.zst"));
        }
    }

    private static boolean isZip(Path p) throws IOException {
        try (var in = Files.newInputStream(p)) {
            byte[] h = in.readNBytes(4);
            return h.length == 4 && h[0] == 'P' && h[1] == 'K' && h[2] == 3 && h[3] == 4;
        }
    }

    private static String lower(Path p) { return p.getFileName().toString().toLowerCase(Locale.ROOT); }

    private static boolean isPickle(String name) { return PICKLE.stream().anyMatch(name::endsWith); }

    private static String names(List<Path> ps) { return ps.stream().map(p -> p.getFileName().toString()).toList().toString(); }

    private static IOException refusePickle(Path p) {
        return new IOException(p + ": is a PyTorch pickle checkpoint; Gallop does not load pickle files (they can run"
                + " arbitrary code, and are never executed or parsed here). Convert it to .safetensors first"
                + " (e.g. with the safetensors 'convert' tooling) and open that.");
    }
}
