package dev.gallop.engine.io.output;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gallop.engine.testing.ChildJvm;
import dev.gallop.engine.testing.FullDisk;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// On a real full file system a write fails with the target and "No space left on device", and the folder holds the
/// old version and nothing else.
class FullDiskTest {
    @TempDir Path dir;

    @Test void aRealFullDiskLeavesTheOldVersionAndNothingElse() throws Exception {
        var why = FullDisk.unavailableReason();
        assumeTrue(why.isEmpty(), () -> "no private tmpfs on this machine: " + why.orElse(""));
        ChildJvm.Result r = ChildJvm.run(FullDisk.wrap(dir, "64k", ChildJvm.command(WriteOnFullDisk.class, List.of(), dir.toString(), "200000")), 120);
        assertEquals(0, r.exit(), r.out());
        assertTrue(r.out().contains("FAILED: cannot write " + dir.resolve("x.bin")) && r.out().contains("No space left on device"), r.out());
        assertTrue(r.out().contains("LIST: [x.bin=3]"), r.out());
    }
}
