package dev.gallop.app.queue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/// Fuzz target: any bytes as the queue file are read as jobs or refused with a [QueueFile.QueueFileException] naming
/// the file; nothing else escapes (a bad request, size, path or state) and no input is slow.
class QueueFileFuzzTest {
    private static final Path FILE;

    static {
        try {
            FILE = Files.createTempDirectory("gallop-queue-fuzz").resolve("queue.json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest
    void queue(byte[] input) throws IOException {
        Files.write(FILE, input);
        long t0 = System.nanoTime();
        try {
            QueueFile.read(FILE);
        } catch (QueueFile.QueueFileException e) {
            if (e.getMessage() == null || !e.getMessage().contains(FILE.toString())) throw new AssertionError("message must name the file: " + e.getMessage(), e);
        } finally {
            long took = System.nanoTime() - t0;
            if (took > 3_000_000_000L) throw new AssertionError("reading a queue took " + took / 1_000_000 + " ms");
        }
    }
}
