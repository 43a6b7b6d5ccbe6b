package dev.gallop.app.project;

import dev.gallop.engine.io.output.AtomicOutput;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/// Crash-safe file replacement for the studio's files (project, autosave, queue, sidecars, copied media), through the
/// engine's [AtomicOutput]: the text goes to a partial file in the same folder, every write is checked, the file is
/// flushed and its size checked, the previous version is kept as `<name>.bak` (itself written the same way), then
/// the partial file is renamed over the target and the folder flushed. A crash at any point leaves either the old or
/// the new file whole; a failed write names the file and the cause ("No space left on device") and leaves nothing
/// behind. A second writer of the same file is refused.
public final class AtomicFiles {
    private AtomicFiles() {}

    public static void write(Path target, String text, boolean keepBackup) throws IOException {
        if (keepBackup && Files.exists(target)) {
            AtomicOutput.write(target.resolveSibling(target.getFileName() + ".bak"), Files.readAllBytes(target));
        }
        AtomicOutput.write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /// Copies `from` to `to` so that `to` appears only when complete.
    public static void copy(Path from, Path to) throws IOException {
        try (AtomicOutput out = AtomicOutput.create(to); InputStream in = Files.newInputStream(from)) {
            byte[] buf = new byte[1 << 20];
            for (int n; (n = in.read(buf)) > 0; ) out.write(buf, 0, n);
            out.commit();
        }
    }
}
