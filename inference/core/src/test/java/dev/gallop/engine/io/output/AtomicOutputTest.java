package dev.gallop.engine.io.output;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// An output name only ever holds a complete version: written to a partial file beside it, checked, renamed.
class AtomicOutputTest {
    @TempDir Path dir;

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test void commitReplacesTheTargetAndLeavesNothingElse() throws IOException {
        Path t = Files.writeString(dir.resolve("clip.json"), "old");
        try (AtomicOutput o = AtomicOutput.create(t)) {
            o.write(ByteBuffer.wrap("new".getBytes(StandardCharsets.UTF_8)));
            assertEquals("old", Files.readString(t), "the target keeps its old version until the commit");
            assertTrue(Files.exists(o.partial()) && o.partial().getFileName().toString().startsWith(".clip.json."));
            o.commit();
        }
        assertEquals("new", Files.readString(t));
        assertEquals(List.of("clip.json"), names());
    }

    @Test void closingUncommittedKeepsTheOldVersionAndRemovesThePartialFile() throws IOException {
        Path t = Files.writeString(dir.resolve("clip.json"), "old");
        try (AtomicOutput o = AtomicOutput.create(t)) {
            o.write(ByteBuffer.wrap(new byte[1000]));
        }
        assertEquals("old", Files.readString(t));
        assertEquals(List.of("clip.json"), names());
    }

    @Test void aFullDiskIsReportedWithTheTargetAndTheCauseAndLeavesNothing() throws IOException {
        Path t = Files.writeString(dir.resolve("clip.mp4"), "old");
        IOException e;
        try (OutputLock l = OutputLock.acquire(t);
             AtomicOutput o = AtomicOutput.open(l.target(), l, false, p -> new FailingChannel(AtomicOutput.FILES.open(p), 4096, 0))) {
            o.write(ByteBuffer.wrap(new byte[1000]));
            e = assertThrows(IOException.class, () -> o.write(ByteBuffer.wrap(new byte[8192])));
        }
        assertTrue(e.getMessage().contains(t.toString()) && e.getMessage().contains("No space left on device"), e.getMessage());
        assertEquals("old", Files.readString(t));
        assertEquals(List.of("clip.mp4"), names());
    }

    @Test void aFileSmallerThanWhatWasWrittenIsNotPutInPlace() throws IOException {
        Path t = dir.resolve("steps.safetensors");
        IOException e;
        try (OutputLock l = OutputLock.acquire(t);
             AtomicOutput o = AtomicOutput.open(l.target(), l, false, p -> new FailingChannel(AtomicOutput.FILES.open(p), Long.MAX_VALUE, 7))) {
            o.write(ByteBuffer.wrap(new byte[100]));
            e = assertThrows(IOException.class, o::commit);
        }
        assertTrue(e.getMessage().contains(t.toString()) && e.getMessage().contains("93 bytes after 100"), e.getMessage());
        assertEquals(List.of(), names());
    }

    @Test void aSecondWriterOfTheSameTargetIsRefused() throws IOException {
        Path t = dir.resolve("x.mp4");
        try (AtomicOutput first = AtomicOutput.create(t)) {
            OutputBusyException e = assertThrows(OutputBusyException.class, () -> AtomicOutput.create(t));
            assertTrue(e.getMessage().contains(t.toString()) && e.getMessage().contains("another writer in this process"), e.getMessage());
            first.write(ByteBuffer.wrap(new byte[] {1}));
            first.commit();
        }
        AtomicOutput.write(t, new byte[] {2});   // free again after the commit
        assertArrayEquals(new byte[] {2}, Files.readAllBytes(t));
        assertEquals(List.of("x.mp4"), names());
    }

    @Test void writtenFilesAreReadableLikeOrdinaryOnes() throws IOException {
        Path t = dir.resolve("a.json");
        AtomicOutput.write(t, new byte[] {1});
        Path plain = Files.createFile(dir.resolve("plain"));
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(t), "the umask decides, as for any file");
    }

    @Test void seekingBackToFillInASizeKeepsTheFurthestEnd() throws IOException {
        Path t = dir.resolve("box.bin");
        try (AtomicOutput o = AtomicOutput.create(t)) {
            o.write(ByteBuffer.wrap(new byte[] {0, 0, 0, 0, 9, 9}));
            o.position(0);
            o.write(ByteBuffer.wrap(new byte[] {6, 0, 0, 0}));
            assertEquals(6, o.size());
            o.commit();
        }
        assertArrayEquals(new byte[] {6, 0, 0, 0, 9, 9}, Files.readAllBytes(t));
    }
}
