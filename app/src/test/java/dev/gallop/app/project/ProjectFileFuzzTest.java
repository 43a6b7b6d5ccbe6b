package dev.gallop.app.project;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/// Fuzz target: any bytes as `project.json` are read as a timeline or refused with an [IOException] naming the file;
/// nothing else escapes (a bad track kind, clip bounds or take, a deep or huge document) and no input is slow.
class ProjectFileFuzzTest {
    private static final Path FILE;

    static {
        try {
            FILE = Files.createTempDirectory("gallop-project-fuzz").resolve(ProjectFile.FILE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest
    void project(byte[] input) throws IOException {
        Files.write(FILE, input);
        long t0 = System.nanoTime();
        try {
            ProjectFile.read(FILE);
        } catch (IOException e) {
            if (e.getMessage() == null || !e.getMessage().contains(FILE.toString())) throw new AssertionError("message must name the file: " + e.getMessage(), e);
        } finally {
            long took = System.nanoTime() - t0;
            if (took > 3_000_000_000L) throw new AssertionError("reading a project took " + took / 1_000_000 + " ms");
        }
    }
}
