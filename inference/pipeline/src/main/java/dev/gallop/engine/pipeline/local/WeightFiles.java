package dev.gallop.engine.pipeline.local;

import dev.gallop.engine.io.safetensors.SafetensorsHeader;
import dev.gallop.engine.io.safetensors.TensorInfo;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/// The bytes of a component's weights as stored, read from the files' headers only (nothing is mapped or unpacked):
/// for `.safetensors` files the tensors the filter keeps, for other checkpoint formats the file size.
final class WeightFiles {
    private WeightFiles() {}

    /// Values (not bytes) of the `.safetensors` tensors the filter keeps in `path`.
    static long elements(Path path, Predicate<String> keep) throws IOException {
        long sum = 0;
        for (Path f : files(path)) {
            if (f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".safetensors")) {
                for (TensorInfo t : header(f).tensors().values()) if (keep.test(t.name())) sum += t.shape().numel();
            }
        }
        return sum;
    }

    private static List<Path> files(Path path) throws IOException {
        if (!Files.isDirectory(path)) return List.of(path);
        try (var files = Files.list(path)) {
            return files.filter(Files::isRegularFile).filter(f -> {
                String n = f.getFileName().toString().toLowerCase(Locale.ROOT);
                return CHECKPOINT_SUFFIXES.stream().anyMatch(n::endsWith);
            }).sorted().toList();
        }
    }

    /// Sums over `path`, a checkpoint file or a folder holding checkpoint files (not its subfolders).
    static long bytes(Path path, Predicate<String> keep) throws IOException {
        long sum = 0;
        for (Path f : files(path)) sum += fileBytes(f, keep);
        return sum;
    }

    private static final List<String> CHECKPOINT_SUFFIXES = List.of(".safetensors", ".ckpt", ".pth", ".pt", ".bin", ".zst");

    private static long fileBytes(Path f, Predicate<String> keep) throws IOException {
        if (!f.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".safetensors")) return Files.size(f);
        long sum = 0;
        for (TensorInfo t : header(f).tensors().values()) if (keep.test(t.name())) sum += t.byteSize();
        return sum;
    }

    private static SafetensorsHeader header(Path f) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            while (len.hasRemaining() && ch.read(len) >= 0) { }
            if (len.hasRemaining()) throw new IOException(f + ": too short for a safetensors file (" + size + " bytes)");
            long headerLen = len.flip().getLong();
            if (headerLen <= 0 || headerLen > SafetensorsHeader.MAX_HEADER || 8 + headerLen > size) {
                throw new IOException(f + ": invalid safetensors header length " + headerLen + " (file size " + size + ")");
            }
            ByteBuffer json = ByteBuffer.allocate((int) headerLen);
            while (json.hasRemaining() && ch.read(json) >= 0) { }
            return SafetensorsHeader.parse(f, json.array(), size - 8 - headerLen);
        }
    }
}
