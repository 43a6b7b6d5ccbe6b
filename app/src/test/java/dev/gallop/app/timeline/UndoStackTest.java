package dev.gallop.app.timeline;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/// The undo stack's clean index: the saved state is clean however it is reached by undo and redo, and a new branch
/// made after undoing past the save never is.
class UndoStackTest {
    static final Take T = new Take("t", "media/a.mp4", 50, "{}");

    @Test void undoingBackToTheSaveIsClean() {
        UndoStack s = new UndoStack(Timeline.empty());
        assertTrue(s.isClean(), "a loaded timeline is the saved one");
        s.apply(new Edits.AddClip("V1", Clip.of("a", 0, T)));
        assertFalse(s.isClean());
        s.markSaved();
        assertTrue(s.isClean());
        s.apply(new Edits.SplitClip("a", 20, "a2"));
        s.apply(new Edits.Lift("V1", s.timeline().clip("a2")));
        assertFalse(s.isClean());
        s.undo();
        assertFalse(s.isClean(), "one edit past the save");
        s.undo();
        assertTrue(s.isClean(), "back at the save");
        s.undo();
        assertFalse(s.isClean(), "before the save");
        s.redo();
        assertTrue(s.isClean(), "redone to the save");
    }

    @Test void aNewBranchAfterUndoingPastTheSaveIsNeverClean() {
        UndoStack s = new UndoStack(Timeline.empty());
        s.apply(new Edits.AddClip("V1", Clip.of("a", 0, T)));
        s.apply(new Edits.AddClip("V1", Clip.of("b", 60, T)));
        s.markSaved();
        s.undo();
        s.apply(new Edits.AddClip("V1", Clip.of("c", 70, T)));
        assertFalse(s.isClean());
        s.undo();
        assertFalse(s.isClean(), "the saved state's branch is gone");
        s.apply(new Edits.AddClip("V1", Clip.of("b", 60, T)));
        assertFalse(s.isClean(), "even a state equal to the saved one made anew counts as changed until saved");
        s.markSaved();
        assertTrue(s.isClean());
    }

    @Test void editsAfterTheSaveKeepTheSavedIndexReachable() {
        UndoStack s = new UndoStack(Timeline.empty());
        s.markSaved();
        s.apply(new Edits.AddClip("V1", Clip.of("a", 0, T)));
        s.apply(new Edits.AddClip("V1", Clip.of("b", 60, T)));
        s.undo();
        s.undo();
        assertTrue(s.isClean());
    }
}
