package dev.gallop.engine.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/// A real full disk for tests: a child process gets a private mount namespace (`unshare`, as an unprivileged user
/// through a user namespace) with a small tmpfs over a folder, and runs a command that writes there. The mount is
/// gone when the child ends, so the child itself must report what it saw (its output, a listing of the folder).
public final class FullDisk {
    private FullDisk() {}

    /// Why this machine cannot make one (no `unshare`, namespaces not permitted), or empty when it can.
    public static Optional<String> unavailableReason() {
        try {
            Path probe = java.nio.file.Files.createTempDirectory("gallop-fulldisk-probe");
            try {
                ChildJvm.Result r = ChildJvm.run(wrap(probe, "16k", List.of("true")), 30);
                return r.exit() == 0 ? Optional.empty() : Optional.of("cannot mount a private tmpfs (unshare -rm): " + r.out().strip());
            } finally {
                java.nio.file.Files.deleteIfExists(probe);
            }
        } catch (IOException e) {
            return Optional.of("cannot run unshare: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    /// `command` run with a `size` tmpfs (e.g. "64k") mounted over the existing empty folder `mountPoint`.
    public static List<String> wrap(Path mountPoint, String size, List<String> command) {
        List<String> c = new ArrayList<>(List.of("unshare", "-rm", "sh", "-c",
                "mount -t tmpfs -o size=" + size + " gallop-full \"$0\" && exec \"$@\"", mountPoint.toString()));
        c.addAll(command);
        return c;
    }
}
