package dev.gallop.engine.io.output;

import java.io.IOException;
import java.nio.file.Path;

/// Another writer holds the lock of an output: a second run writing the same file is refused rather than let the two
/// mix their files.
public final class OutputBusyException extends IOException {
    private final Path target;

    OutputBusyException(Path target, long ownerPid) {
        super(target + " is being written by another " + (ownerPid == ProcessHandle.current().pid() ? "writer in this process"
                : "Gallop process" + (ownerPid > 0 ? " (pid " + ownerPid + ")" : "")) + "; wait for it to finish or choose another output");
        this.target = target;
    }

    public Path target() { return target; }
}
