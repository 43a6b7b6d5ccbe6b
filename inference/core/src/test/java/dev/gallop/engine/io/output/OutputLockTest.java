package dev.gallop.engine.io.output;

import static org.junit.jupiter.api.Assertions.*;

import dev.gallop.engine.testing.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// A lock tells a live writer from a dead one: another process's output is refused while it runs, its partial file
/// is left alone, and once it is killed the next sweep removes what it left.
class OutputLockTest {
    @TempDir Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test void aLiveWriterInAnotherProcessBlocksTheTargetAndKeepsItsPartialFile() throws Exception {
        Path t = dir.resolve("k.mp4");
        Files.writeString(t, "old");
        Process child = new ProcessBuilder(ChildJvm.command(HoldOutputLock.class, List.of(), t.toString())).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            String line = new BufferedReader(new InputStreamReader(child.getInputStream())).readLine();
            assertNotNull(line, "the child did not start");
            assertTrue(line.startsWith("writing "), line);
            Path partial = Path.of(line.substring("writing ".length()));
            OutputBusyException busy = assertThrows(OutputBusyException.class, () -> OutputLock.acquire(t));
            assertTrue(busy.getMessage().contains(t.toString()) && busy.getMessage().contains("pid " + child.pid()), busy.getMessage());
            assertEquals(List.of(), StaleOutputs.sweep(dir));
            assertTrue(Files.exists(partial), "a live writer's partial file is kept");

            child.destroyForcibly();   // SIGKILL: no cleanup runs
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            assertEquals(List.of(".k.mp4.gallop-lock", partial.getFileName().toString(), "k.mp4").stream().sorted().toList(), names());
            assertEquals(List.of(partial), StaleOutputs.sweep(dir));
            assertEquals(List.of("k.mp4"), names(), "partial and lock files of the dead writer are gone");
            assertEquals("old", Files.readString(t));
            try (OutputLock l = OutputLock.acquire(t)) {
                assertEquals(t.toAbsolutePath().normalize(), l.target());
            }
        } finally {
            child.destroyForcibly();
        }
    }

    @Test void partialFilesOfEarlierVersionsGoOnceOldAndUnlocked() throws IOException {
        Path oldMp4 = Files.write(dir.resolve(".k.mp4.8431965274.part.mp4"), new byte[229_000]);
        Path oldJson = Files.writeString(dir.resolve(".k.json.1234.tmp"), "{");
        Path recent = Files.write(dir.resolve(".j.mp4.99.part.mp4"), new byte[10]);
        Path foreign = Files.writeString(dir.resolve(".notes.txt.swp"), "x");
        Path foreignLock = Files.writeString(dir.resolve(".other.lock"), "x");
        FileTime longAgo = FileTime.from(Instant.now().minusSeconds(3600));
        for (Path p : List.of(oldMp4, oldJson, foreign, foreignLock)) Files.setLastModifiedTime(p, longAgo);
        List<Path> removed = StaleOutputs.sweep(dir);
        assertEquals(List.of(oldJson, oldMp4).stream().sorted().toList(), removed.stream().sorted().toList());
        assertTrue(Files.exists(recent), "a recent one may belong to a running earlier version");
        assertTrue(Files.exists(foreign) && Files.exists(foreignLock), "files that are not Gallop's are never touched");
    }
}
