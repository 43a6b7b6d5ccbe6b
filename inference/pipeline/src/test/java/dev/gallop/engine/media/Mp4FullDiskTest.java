package dev.gallop.engine.media;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gallop.engine.testing.ChildJvm;
import dev.gallop.engine.testing.FullDisk;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The reported failure: on a full disk the encoder's write errors went unnoticed and a truncated MP4 ("moov atom not
/// found") was renamed into place. Now the write fails naming the clip and the cause, and the old clip stays whole.
class Mp4FullDiskTest {
    @TempDir Path dir;

    @Test void aFullDiskFailsTheClipAndKeepsTheOldOne() throws Exception {
        var why = FullDisk.unavailableReason();
        assumeTrue(why.isEmpty(), () -> "no private tmpfs on this machine: " + why.orElse(""));
        ChildJvm.Result r = ChildJvm.run(FullDisk.wrap(dir, "64k", ChildJvm.command(Mp4OnFullDisk.class, List.of(), dir.toString())), 180);
        assertEquals(0, r.exit(), r.out());
        Matcher old = Pattern.compile("OLD: (\\d+)").matcher(r.out());
        assertTrue(old.find(), r.out());
        assertFalse(r.out().contains("WROTE"), r.out());
        assertTrue(r.out().contains("FAILED: cannot write " + dir.resolve("k.mp4")) && r.out().contains("No space left on device"), r.out());
        assertTrue(r.out().contains("LIST: [k.mp4=" + old.group(1) + "]"), "only the old clip, whole: " + r.out());
    }
}
