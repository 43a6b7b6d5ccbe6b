package dev.gallop.app.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.app.playback.AudioOutput;
import dev.gallop.app.playback.PlayerViewModel;
import dev.gallop.app.session.ProjectSession;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/// The timeline panel's actions: each is one undo step, refused actions change nothing and say why.
class TimelineViewModelTest {
    static final Take T = new Take("t1", "media/a.mp4", 50, "{}");

    /// A panel on an in-memory session; its player has no sound device and runs everything inline.
    static TimelineViewModel vm() {
        ProjectSession s = new ProjectSession(Path.of("unused"), Timeline.empty());
        PlayerViewModel p = new PlayerViewModel(s, () -> { throw new AudioOutput.Unavailable("no sound device in tests", null); },
                Runnable::run, Runnable::run, System::nanoTime);
        return new TimelineViewModel(s, p);
    }

    /// A shot with its sound: the take on V1 and on A1 at the end of the edit, as one edit.
    static String shot(TimelineViewModel vm, Take take, boolean sound) {
        Timeline t = vm.timeline();
        int at = sound ? Math.max(t.track("V1").end(), t.track("A1").end()) : t.track("V1").end();
        String id = "s" + (t.track("V1").clips().size() + 1);
        List<Edit> e = new java.util.ArrayList<>(List.of(new Edits.AddClip("V1", Clip.of(id, at, take))));
        if (sound) e.add(new Edits.AddClip("A1", Clip.of(id + "a", at, take)));
        vm.apply(new Edits.Group("Add shot", e));
        vm.select(id);
        return id;
    }

    @Test void addShotPutsVideoAndSoundInOneUndoStep() {
        TimelineViewModel vm = vm();
        String a = shot(vm, T, true), b = shot(vm, T, false);
        assertEquals("s1", a);
        assertEquals(50, vm.timeline().clip("s2").start(), "the next shot goes after the last");
        assertEquals(0, vm.timeline().clip("s1a").start());
        assertEquals(b, vm.selectedProperty().get());
        assertEquals(List.of("Add shot", "Add shot"), vm.history());
        vm.undo();
        vm.undo();
        assertEquals(Timeline.empty(), vm.timeline());
        assertFalse(vm.canUndoProperty().get());
        vm.redo();
        assertTrue(vm.timeline().find("s1a").isPresent());
        assertEquals("Undo Add shot", vm.undoTextProperty().get());
        assertEquals("Redo Add shot", vm.redoTextProperty().get());
    }

    @Test void splitAtPlayheadCutsTheSelectedClipOrEveryClipUnderIt() {
        TimelineViewModel vm = vm();
        shot(vm, T, true);
        vm.seek(20);
        vm.select(null);
        assertTrue(vm.splitAtPlayhead());
        Timeline t = vm.timeline();
        assertEquals(2, t.track("V1").clips().size());
        assertEquals(2, t.track("A1").clips().size());
        assertEquals(20, t.track("V1").clips().get(1).start());
        assertEquals(20, t.track("V1").clips().get(1).in());
        vm.undo();
        vm.select("s1");
        vm.splitAtPlayhead();
        assertEquals(2, vm.timeline().track("V1").clips().size());
        assertEquals(1, vm.timeline().track("A1").clips().size(), "only the selected clip");
        vm.seek(0);
        vm.select(null);
        assertFalse(vm.splitAtPlayhead(), "nothing strictly inside a clip at frame 0");
        assertTrue(vm.messageProperty().get().startsWith("Nothing to split at 00:00:00:00"));
    }

    @Test void trimAndMoveSnapToEdgesAndThePlayhead() {
        TimelineViewModel vm = vm();
        shot(vm, T, false);
        shot(vm, new Take("t2", "media/b.mp4", 40, "{}"), false);
        vm.zoomProperty().set(2);  // 8 px → 4 frames of snap
        vm.seek(30);
        assertTrue(vm.trim("s1", false, 32));
        assertEquals(30, vm.timeline().clip("s1").end(), "snapped to the playhead");
        assertTrue(vm.move("s2", "V1", 33));
        assertEquals(30, vm.timeline().clip("s2").start(), "snapped to the edge of s1");
        vm.snappingProperty().set(false);
        assertTrue(vm.trim("s2", true, 33));
        assertEquals(33, vm.timeline().clip("s2").start());
        assertEquals(3, vm.timeline().clip("s2").in());
        assertFalse(vm.move("s2", "V1", 10), "overlap refused");
        assertTrue(vm.messageProperty().get().startsWith("Move clip refused"), vm.messageProperty().get());
        assertEquals(33, vm.timeline().clip("s2").start(), "nothing changed");
        assertFalse(vm.move("s2", "A1", 200), "a video clip cannot go on an audio track");
        assertEquals(5, vm.history().size(), "two shots, trim, move, trim");
    }

    @Test void rippleDeleteAndLiftActOnTheSelection() {
        TimelineViewModel vm = vm();
        shot(vm, T, false);
        shot(vm, T, false);
        vm.select(null);
        assertFalse(vm.rippleDelete());
        assertEquals("Select a clip to ripple delete", vm.messageProperty().get());
        vm.select("s1");
        assertTrue(vm.rippleDelete());
        assertEquals(0, vm.timeline().clip("s2").start(), "the gap closed");
        assertNull(vm.selectedProperty().get());
        vm.undo();
        vm.select("s1");
        assertTrue(vm.lift());
        assertEquals(50, vm.timeline().clip("s2").start(), "lift leaves a gap");
    }

    @Test void navigationAndMarksGoThroughThePlayer() {
        TimelineViewModel vm = vm();
        shot(vm, T, false);
        vm.home();
        vm.step(1);
        assertEquals(1, vm.playheadProperty().get());
        assertEquals(1, vm.player().positionProperty().get(), "the panel mirrors the player");
        vm.toEnd();
        assertEquals(49, vm.playheadProperty().get(), "last frame of a 50-frame edit");
        vm.step(10);
        assertEquals(49, vm.playheadProperty().get(), "clamped to the end");
        vm.stepSeconds(-1);
        assertEquals(24, vm.playheadProperty().get());
        vm.markIn();
        vm.step(5);
        vm.markOut();
        assertEquals(24, vm.markInProperty().get());
        assertEquals(29, vm.markOutProperty().get());
        vm.clearMarks();
        assertEquals(-1, vm.markInProperty().get());
        vm.shuttleForward();
        assertTrue(vm.player().playingProperty().get());
        vm.stop();
        assertFalse(vm.player().playingProperty().get());
        vm.zoomToFit(525);
        assertEquals(10, vm.zoomProperty().get(), 1e-9);
    }

    @Test void thePanelIsBoundToTheSessionNotACopyOfIt() {
        TimelineViewModel vm = vm();
        ProjectSession first = vm.session();
        first.apply(new Edits.AddClip("V1", Clip.of("x", 0, T)));      // straight on the session, not through the panel
        assertTrue(vm.timeline().find("x").isPresent());
        assertTrue(vm.canUndoProperty().get());
        assertEquals("Undo Add clip", vm.undoTextProperty().get());
        assertEquals(List.of("Add clip"), vm.history());
        vm.select("x");
        first.undo();
        assertNull(vm.selectedProperty().get(), "a clip that is gone is not selected");

        ProjectSession second = new ProjectSession(Path.of("other"), Timeline.empty());
        PlayerViewModel p2 = new PlayerViewModel(second, () -> { throw new AudioOutput.Unavailable("none", null); }, Runnable::run, Runnable::run, System::nanoTime);
        vm.attach(second, p2);
        first.redo();
        assertTrue(vm.timeline().find("x").isEmpty(), "the old session no longer shows");
        assertEquals(List.of(), vm.history());
        second.apply(new Edits.AddClip("V1", Clip.of("y", 0, T)));
        assertTrue(vm.timeline().find("y").isPresent());
        p2.seek(7);
        assertEquals(7, vm.playheadProperty().get(), "the playhead is the new player's");
    }
}
