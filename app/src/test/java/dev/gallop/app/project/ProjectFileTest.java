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

    @Test void aVersion1ProjectGetsEachShotsSoundOnAnAudioTrackLinkedToIt() throws IOException {
        Files.writeString(dir.resolve("project.json"), """
                {"format":"gallop-project","version":1,"fps":25,"tracks":[
                  {"id":"V1","kind":"video","clips":[
                    {"id":"shot-1","start":0,"in":0,"out":40,"active":0,"takes":[{"id":"t1","media":"media/a.mp4","frames":50,"record":{"seed":1}}]},
                    {"id":"shot-2","start":40,"in":5,"out":25,"active":0,"takes":[{"id":"t2","media":"media/b.mp4","frames":50,"record":{"seed":2}}]}]},
                  {"id":"A1","kind":"audio","clips":[
                    {"id":"music","start":45,"in":0,"out":10,"active":0,"takes":[{"id":"t3","media":"media/c.mp4","frames":10,"record":{}}]}]}]}
                """);
        Timeline t = ProjectFile.load(dir);
        Clip s1 = t.clip("shot-1.sound"), s2 = t.clip("shot-2.sound");
        assertEquals("A1", t.trackOf("shot-1.sound").id(), "free on A1");
        assertEquals("A2", t.trackOf("shot-2.sound").id(), "A1 is taken by the music there: a new audio track");
        assertEquals(40, s2.start());
        assertEquals(5, s2.in());
        assertEquals(25, s2.out());
        assertEquals("shot-1", t.clip("shot-1").link());
        assertEquals("shot-1", s1.link());
        assertEquals(t.clip("shot-2").link(), s2.link());
        assertEquals(null, t.clip("music").link(), "other sound stays unlinked");
        ProjectFile.save(dir, t);
        assertEquals(t, ProjectFile.load(dir), "saved as version 2, read back as it is");
        assertTrue(Files.readString(dir.resolve("project.json")).contains("\"version\" : 2"));
    }

    @Test void version2KeepsLinksApprovalTrackFlagsAndMarkers() throws IOException {
        UndoStack s = new UndoStack(sample());
        s.apply(new Edits.SetApproved("a", true));
        s.apply(Edits.SetTrackFlags.of(s.timeline(), "A1", true, true, false));
        s.apply(Edits.SetTrackFlags.of(s.timeline(), "V1", false, false, true));
        s.apply(new Edits.SetMarker(new dev.gallop.app.timeline.Marker(12, "Beat"), true));
        s.apply(Edits.SetLink.of(s.timeline(), java.util.List.of("a", "a-2"), "pair"));
        ProjectFile.save(dir, s.timeline());
        Timeline back = ProjectFile.load(dir);
        assertEquals(s.timeline(), back);
        assertTrue(back.clip("a").approved());
        assertTrue(back.track("A1").solo());
        assertTrue(back.track("V1").locked());
        assertEquals("Beat", back.markerAt(12).orElseThrow().name());
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
