package dev.gallop.app.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.app.project.ProjectFile;
import dev.gallop.app.timeline.Clip;
import dev.gallop.app.timeline.Edits;
import dev.gallop.app.timeline.Take;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectSessionTest {
    @TempDir Path dir;

    static Take take(String id, int frames) { return new Take(id, "media/" + id + ".mp4", frames, "{\"seed\":1}"); }

    @Test void newShotsGoEndToEndOnTheVideoTrackAndRetakesStackUp() throws Exception {
        ProjectSession s = ProjectSession.open(dir);
        assertFalse(s.canUndoProperty().get());
        String a = s.placeTake(take("t1", 25), null);
        String b = s.placeTake(take("t2", 50), null);
        Clip cb = s.timeline().clip(b);
        assertEquals(25, cb.start());
        assertEquals("V1", s.timeline().trackOf(b).id());
        assertTrue(s.dirtyProperty().get());
        assertEquals("Add shot", s.undoLabelProperty().get());
        assertEquals(b, s.timeline().clip(b + ".sound").link(), "the shot's sound is on A1, linked to it");
        assertEquals("A1", s.timeline().trackOf(b + ".sound").id());
        assertEquals(25, s.timeline().clip(b + ".sound").start());

        assertEquals(a, s.placeTake(take("t3", 40), a));       // regenerate: a new take on the same shot
        Clip ca = s.timeline().clip(a);
        assertEquals(2, ca.takes().size());
        assertEquals("t3", ca.take().id());
        assertEquals(25, ca.duration(), "a retake keeps the shot's length on the timeline");
        assertEquals("t3", s.timeline().clip(a + ".sound").take().id(), "its sound took the new take too");
        s.undo();
        assertEquals("t1", s.timeline().clip(a).take().id(), "undo restores the previous take");
        assertEquals(1, s.timeline().clip(a).takes().size());
        assertTrue(s.canRedoProperty().get());
        s.redo();
        assertEquals("t3", s.timeline().clip(a).take().id());
        assertEquals(s.timeline(), s.timelineProperty().get());

        String c = s.placeTake(take("t4", 10), "deleted-shot");
        assertEquals(75, s.timeline().clip(c).start(), "a retake of a shot that is gone becomes a new shot");
    }

    @Test void aBadEditChangesNothingAndSavingClearsDirty() throws Exception {
        ProjectSession s = ProjectSession.open(dir);
        String a = s.placeTake(take("t1", 25), null);
        var before = s.timeline();
        assertThrows(IllegalArgumentException.class, () -> s.apply(new Edits.SplitClip(a, 40, "x")));
        assertEquals(before, s.timeline());
        s.save();
        assertFalse(s.dirtyProperty().get());
        assertEquals(before, ProjectFile.load(dir));
        assertEquals(before, ProjectSession.open(dir).timeline());
        assertTrue(ProjectSession.open(dir).newClipId().startsWith("shot-"));
        assertFalse(ProjectSession.open(dir).timeline().find(ProjectSession.open(dir).newClipId()).isPresent());
    }

    @Test void dirtyFollowsTheUndoStacksCleanIndexAndTheAutosaveFollowsDirty() throws Exception {
        ProjectSession s = ProjectSession.open(dir);
        assertFalse(s.isDirty());
        String a = s.placeTake(take("t1", 25), null);
        assertTrue(s.isDirty());
        s.save();
        assertFalse(s.isDirty());
        s.apply(new Edits.SplitClip(a, 10, "b"));
        assertTrue(s.isDirty());
        s.autosave();
        assertTrue(java.nio.file.Files.exists(dir.resolve(ProjectFile.AUTOSAVE)));
        s.undo();
        assertFalse(s.isDirty(), "undone back to the save");
        s.autosave();
        assertFalse(java.nio.file.Files.exists(dir.resolve(ProjectFile.AUTOSAVE)), "nothing unsaved: no autosave to offer");
        s.redo();
        assertTrue(s.isDirty());
        s.autosave();
        s.discardChanges();
        assertFalse(java.nio.file.Files.exists(dir.resolve(ProjectFile.AUTOSAVE)), "discarded");
    }
}
