package dev.gallop.tests.parity;

import java.nio.file.Files;
import java.nio.file.Path;

/// Resolves a golden folder from its system property (set by tests/pom.xml to the copy under tests/fixtures/,
/// overridable with -Dgallop.goldens.X=DIR). A missing folder is an error, never a skip.
public final class GoldenDirs {
    private GoldenDirs() {}

    public static Path resolve(String property, String fixtureName) {
        String v = System.getProperty(property);
        Path dir = v != null && !v.isBlank() ? Path.of(v) : Path.of("fixtures", fixtureName);
        if (!Files.isDirectory(dir)) {
            throw new IllegalStateException("golden folder " + dir.toAbsolutePath() + " (from -D" + property + ") does not exist");
        }
        return dir;
    }
}
