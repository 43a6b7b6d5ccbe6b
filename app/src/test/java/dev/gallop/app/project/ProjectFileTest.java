package dev.gallop.app.project;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.app.timeline.Clip;
import dev.gallop.app.timeline.Edits;
import dev.gallop.app.timeline.Take;
import dev.gallop.app.timeline.Timeline;
import dev.gallop.app.timeline.UndoStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectFileTest {
    @TempDir Path dir;

    static Timeline sample() {
        UndoStack s = new UndoStack(Timeline.empty());
        s.apply(new Edits.AddClip("V1", Clip.of("a", 0, new Take("t1", "media/a.mp4", 50, "{\"seed\":7,\"prompt\":{\"body\":\"a red circle\"}}"))));
        s.apply(Edits.AddTake.of(s.timeline(), "a", new Take("t2", "media/a2.mp4", 50, "{\"seed\":8}")));
        s.apply(new Edits.SplitClip("a", 20, "a-2"));
        return s.timeline();
    }

    @Test void saveLoadRoundTripKeepsTakesAndRecords() throws IOException {
        Timeline t = sample();
        ProjectFile.save(dir, t);
        assertEquals(t, ProjectFile.load(dir));
        assertTrue(Files.isDirectory(ProjectFile.mediaDir(dir)));
        ProjectFile.save(dir, Timeline.empty());
        assertEquals(t, ProjectFile.read(dir.resolve("project.json.bak")), "the previous version is kept as a backup");
        try (var s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temp file remains");
        }
    }

    @Test void crashRecoveryOffersANewerAutosave() throws IOException {
        ProjectFile.save(dir, Timeline.empty());
        assertFalse(ProjectFile.lock(dir));
        ProjectFile.autosave(dir, sample());
        Files.setLastModifiedTime(dir.resolve(ProjectFile.AUTOSAVE), FileTime.fromMillis(System.currentTimeMillis() + 5000));
        // the app "crashed": the lock is still there at the next start
        assertTrue(ProjectFile.lock(dir));
        assertEquals(sample(), ProjectFile.recoverable(dir).orElseThrow());
        ProjectFile.save(dir, sample());
        assertTrue(ProjectFile.recoverable(dir).isEmpty(), "saving clears the autosave");
        ProjectFile.unlock(dir);
        assertFalse(ProjectFile.lock(dir));
    }

    @Test void anAutosaveIsOfferedWheneverItIsNewerAndDifferentAndSetAsideWhenDeclined() throws IOException {
        ProjectFile.save(dir, Timeline.empty());
        ProjectFile.autosave(dir, sample());
        Files.setLastModifiedTime(dir.resolve(ProjectFile.AUTOSAVE), FileTime.fromMillis(System.currentTimeMillis() + 5000));
        assertFalse(Files.exists(dir.resolve(ProjectFile.LOCK)), "no lock: the last session closed cleanly");
        assertEquals(sample(), ProjectFile.recoverable(dir).orElseThrow(), "offered anyway");
        ProjectFile.autosave(dir, Timeline.empty());
        Files.setLastModifiedTime(dir.resolve(ProjectFile.AUTOSAVE), FileTime.fromMillis(System.currentTimeMillis() + 5000));
        assertTrue(ProjectFile.recoverable(dir).isEmpty(), "the same edit as the saved one is not offered");
        ProjectFile.autosave(dir, sample());
        Files.setLastModifiedTime(dir.resolve(ProjectFile.AUTOSAVE), FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        assertTrue(ProjectFile.recoverable(dir).isEmpty(), "an autosave older than the saved project is not offered");
        Files.setLastModifiedTime(dir.resolve(ProjectFile.AUTOSAVE), FileTime.fromMillis(System.currentTimeMillis() + 5000));
        Path aside = ProjectFile.setAsideAutosave(dir);
        assertTrue(aside.getFileName().toString().startsWith(".autosave-declined-"), aside.toString());
        assertEquals(sample(), ProjectFile.read(aside), "declined, but kept");
        assertTrue(ProjectFile.recoverable(dir).isEmpty());
        Files.delete(dir.resolve(ProjectFile.FILE));
        ProjectFile.autosave(dir, sample());
        assertEquals(sample(), ProjectFile.recoverable(dir).orElseThrow(), "a project never saved offers its autosave");
    }

    @Test void badFilesAreRefusedWithTheFileAndTheReason() throws IOException {
        Files.writeString(dir.resolve("project.json"), "{\"format\":\"gallop-project\",\"version\":99}");
        IOException e = assertThrows(IOException.class, () -> ProjectFile.load(dir));
        assertTrue(e.getMessage().contains("project.json") && e.getMessage().contains("version 99"), e.getMessage());
        Files.writeString(dir.resolve("project.json"), "{not json");
        e = assertThrows(IOException.class, () -> ProjectFile.load(dir));
        assertTrue(e.getMessage().contains("project.json"), e.getMessage());
    }
}
