package dev.gallop.app.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/// Every timeline edit, its undo and its redo.
class TimelineEditsTest {
    static final Take T1 = new Take("t1", "media/a.mp4", 50, "{\"seed\":1}");
    static final Take T2 = new Take("t2", "media/b.mp4", 75, "{\"seed\":2}");

    /// V1: a [0, 50) b [60, 110); A1 empty.
    static UndoStack stack() {
        UndoStack s = new UndoStack(Timeline.empty());
        s.apply(new Edits.AddClip("V1", Clip.of("a", 0, T1)));
        s.apply(new Edits.AddClip("V1", Clip.of("b", 60, T1)));
        return s;
    }

    /// Applies e, checks `check`, then undo restores the exact previous timeline and redo the exact result.
    static Timeline roundTrip(UndoStack s, Edit e, java.util.function.Consumer<Timeline> check) {
        Timeline before = s.timeline();
        Timeline after = s.apply(e);
        check.accept(after);
        assertEquals(before, s.undo(), e.label() + " undo");
        assertEquals(after, s.redo(), e.label() + " redo");
        return after;
    }

    @Test void addClip() {
        UndoStack s = stack();
        roundTrip(s, new Edits.AddClip("A1", Clip.of("s", 10, T2)), t -> assertEquals(85, t.track("A1").end()));
        assertThrows(IllegalArgumentException.class, () -> s.apply(new Edits.AddClip("V1", Clip.of("c", 40, T1))), "overlap");
    }

    @Test void moveClip() {
        UndoStack s = stack();
        roundTrip(s, Edits.MoveClip.of(s.timeline(), "b", "V1", 200), t -> assertEquals(200, t.clip("b").start()));
        Timeline before = s.timeline();
        assertThrows(IllegalArgumentException.class, () -> s.apply(Edits.MoveClip.of(s.timeline(), "b", "V1", 30)));
        assertEquals(before, s.timeline(), "a failed edit changes nothing");
        assertThrows(IllegalArgumentException.class, () -> s.apply(Edits.MoveClip.of(s.timeline(), "b", "A1", 0)), "video clip to an audio track");
    }

    @Test void trimBothEdges() {
        UndoStack s = stack();
        roundTrip(s, Edits.TrimClip.left(s.timeline(), "a", 10), t -> {
            Clip a = t.clip("a");
            assertEquals(10, a.start());
            assertEquals(10, a.in());
            assertEquals(50, a.out());
        });
        roundTrip(s, Edits.TrimClip.right(s.timeline(), "a", 30), t -> assertEquals(30, t.clip("a").end()));
        assertThrows(IllegalArgumentException.class, () -> s.apply(Edits.TrimClip.right(s.timeline(), "a", 70)), "past the take's end");
    }

    @Test void splitAtPlayhead() {
        UndoStack s = stack();
        roundTrip(s, new Edits.SplitClip("a", 20, "a2"), t -> {
            assertEquals(20, t.clip("a").end());
            Clip r = t.clip("a2");
            assertEquals(20, r.start());
            assertEquals(20, r.in());
            assertEquals(50, r.out());
            assertEquals(T1, r.take());
        });
        assertThrows(IllegalArgumentException.class, () -> s.apply(new Edits.SplitClip("a", 0, "x")), "split at the edge");
    }

    @Test void rippleDeleteClosesTheGapAndLiftLeavesIt() {
        UndoStack s = stack();
        roundTrip(s, Edits.RippleDelete.of(s.timeline(), "a"), t -> {
            assertEquals(10, t.clip("b").start());
            assertTrue(t.find("a").isEmpty());
        });
        UndoStack s2 = stack();
        roundTrip(s2, Edits.Lift.of(s2.timeline(), "a"), t -> assertEquals(60, t.clip("b").start()));
    }

    @Test void takesStackRegenerateAndUndo() {
        UndoStack s = stack();
        s.apply(Edits.TrimClip.right(s.timeline(), "a", 40));
        roundTrip(s, Edits.AddTake.of(s.timeline(), "a", T2), t -> {
            Clip a = t.clip("a");
            assertEquals(T2, a.take());
            assertEquals(2, a.takes().size());
            assertEquals(40, a.duration(), "a retake keeps the shot's length");
            assertEquals(0, a.in());
        });
        Timeline before = s.timeline();
        s.undo();
        Clip restored = s.timeline().clip("a");
        assertEquals(T1, restored.take());
        assertEquals(40, restored.out(), "undo restores the previous trim too");
        assertNotEquals(before, s.timeline());
        s.redo();
        roundTrip(s, Edits.SelectTake.of(s.timeline(), "a", 0), t -> assertEquals(T1, t.clip("a").take()));
    }

    @Test void historyLabelsAndRedoIsClearedByANewEdit() {
        UndoStack s = stack();
        s.apply(new Edits.SplitClip("a", 10, "a2"));
        assertEquals(List.of("Add clip", "Add clip", "Split clip"), s.history());
        s.undo();
        assertEquals("Split clip", s.redoLabel().orElseThrow());
        s.apply(Edits.Lift.of(s.timeline(), "b"));
        assertFalse(s.canRedo());
        while (s.canUndo()) s.undo();
        assertEquals(Timeline.empty(), s.timeline());
    }

    @Test void snappingAndTimecode() {
        Timeline t = stack().timeline();
        assertEquals(50, Snapping.snap(53, t.edges(), 5));
        assertEquals(56, Snapping.snap(56, t.edges(), 3));
        assertEquals("00:00:04:10", Timecode.format(110, 25));
        assertEquals("01:00:00:00", Timecode.format(90000, 25));
    }
}
