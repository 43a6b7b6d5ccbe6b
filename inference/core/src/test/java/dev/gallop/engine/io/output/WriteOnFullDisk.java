package dev.gallop.engine.io.output;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/// Child process for [FullDiskTest], run with a small tmpfs at `args[0]`: writes an old version of `x.bin` that fits,
/// then a new one of `args[1]` bytes that does not, and reports the error and what the folder holds.
public final class WriteOnFullDisk {
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        Path t = dir.resolve("x.bin");
        AtomicOutput.write(t, "old".getBytes());
        try {
            AtomicOutput.write(t, new byte[Integer.parseInt(args[1])]);
            System.out.println("WROTE");
        } catch (IOException e) {
            System.out.println("FAILED: " + e.getMessage());
        }
        try (Stream<Path> s = Files.list(dir)) {
            System.out.println("LIST: " + s.map(p -> p.getFileName() + "=" + size(p)).sorted().toList());
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return -1;
        }
    }
}
