package dev.gallop.app.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.app.session.ProjectSession;
import java.util.List;
import org.junit.jupiter.api.Test;

/// A shot's picture and sound are linked: moves, trims, splits, deletes and take changes act on both, until unlinked;
/// locked tracks refuse edits; mute/solo/lock, markers, tracks and approval are undoable edits.
class LinkedEditingTest {
    static final Take T = new Take("t1", "media/a.mp4", 50, "{\"seed\":1}"), T2 = new Take("t2", "media/b.mp4", 50, "{\"seed\":2}");

    static TimelineViewModel vm() {
        TimelineViewModel vm = TimelineViewModelTest.vm();
        ProjectSession s = vm.session();
        s.placeTake(T, null);     // shot-1 [0, 50) with shot-1.sound on A1
        s.placeTake(T2, null);    // shot-2 [50, 100)
        vm.snappingProperty().set(false);
        return vm;
    }

    @Test void pictureAndSoundMoveTrimSplitAndDeleteTogether() {
        TimelineViewModel vm = vm();
        Timeline t = vm.timeline();
        assertEquals("shot-1", t.clip("shot-1.sound").link());
        assertEquals(List.of("shot-1.sound"), t.partners("shot-1").stream().map(Clip::id).toList());

        vm.select("shot-2");
        assertTrue(vm.move("shot-2", "V1", 70));
        assertEquals(70, vm.timeline().clip("shot-2.sound").start(), "the sound moved with the picture");
        assertTrue(vm.trim("shot-2.sound", false, 110), "dragging the sound's edge");
        assertEquals(110, vm.timeline().clip("shot-2").end(), "trims the picture too");
        assertTrue(vm.trim("shot-2", true, 75));
        assertEquals(75, vm.timeline().clip("shot-2.sound").start());
        assertEquals(5, vm.timeline().clip("shot-2.sound").in());

        vm.seek(20);
        vm.select("shot-1");
        assertTrue(vm.splitAtPlayhead());
        t = vm.timeline();
        assertEquals(2, t.track("V1").clips().stream().filter(c -> c.end() <= 50).count());
        Clip rightPicture = t.track("V1").clipAt(30).orElseThrow(), rightSound = t.track("A1").clipAt(30).orElseThrow();
        assertEquals(20, rightSound.start(), "the sound was split at the same frame");
        assertNotNull(rightPicture.link());
        assertEquals(rightPicture.link(), rightSound.link(), "the right parts are linked to each other");
        assertTrue(!rightPicture.link().equals("shot-1"), "and not to the left parts");
        assertEquals("shot-1.2", rightPicture.id());
        assertEquals("shot-1.2.sound", rightSound.id(), "the sound is named after its picture");

        vm.select(rightSound.id());
        assertTrue(vm.rippleDelete());
        t = vm.timeline();
        assertEquals(45, t.clip("shot-2").start(), "ripple closed the gap on V1");
        assertEquals(45, t.clip("shot-2.sound").start(), "and on A1, so they stay in sync");
        vm.undo();
        vm.select("shot-1");
        assertTrue(vm.lift());
        assertTrue(vm.timeline().find("shot-1.sound").isEmpty(), "lifting the picture lifts its sound");
        vm.undo();

        // a retake's take switch applies to both
        vm.session().placeTake(new Take("t3", "media/c.mp4", 50, "{\"seed\":3}"), "shot-2");
        assertEquals("t3", vm.timeline().clip("shot-2.sound").take().id());
        assertTrue(vm.showTake("shot-2", 0));
        assertEquals(0, vm.timeline().clip("shot-2.sound").active());
    }

    @Test void unlinkedSoundMovesAloneAndLinksAgain() {
        TimelineViewModel vm = vm();
        vm.select("shot-1.sound");
        assertTrue(vm.toggleLink());
        assertNull(vm.timeline().clip("shot-1").link());
        assertTrue(vm.trim("shot-1.sound", false, 40));
        assertEquals(50, vm.timeline().clip("shot-1").end(), "the picture kept its length");
        assertFalse(vm.toggleLink(), "not under its picture any more: nothing to link with");
        assertTrue(vm.messageProperty().get().startsWith("Nothing to link shot-1.sound with"), vm.messageProperty().get());
        vm.undo();
        vm.select("shot-1");
        assertTrue(vm.toggleLink());
        assertEquals(vm.timeline().clip("shot-1").link(), vm.timeline().clip("shot-1.sound").link(), "linked again");
        assertEquals("Link", vm.session().undoLabelProperty().get());
    }

    @Test void lockedTracksRefuseEditsAndMuteSoloLockAreUndoable() {
        TimelineViewModel vm = vm();
        assertTrue(vm.toggleLock("A1"));
        assertTrue(vm.timeline().track("A1").locked());
        vm.select("shot-1");
        assertFalse(vm.move("shot-1", "V1", 10), "its sound is on a locked track");
        assertTrue(vm.messageProperty().get().contains("track A1 is locked"), vm.messageProperty().get());
        assertFalse(vm.lift());
        assertEquals(0, vm.timeline().clip("shot-1").start(), "nothing changed");
        vm.undo();
        assertFalse(vm.timeline().track("A1").locked());
        assertTrue(vm.toggleMute("A1"));
        assertTrue(vm.toggleSolo("A1"));
        Track a1 = vm.timeline().track("A1");
        assertTrue(a1.muted() && a1.solo());
        assertFalse(vm.toggleSolo("V1"), "video tracks are hidden, not soloed");
        assertEquals(List.of("Add shot", "Add shot", "Mute A1", "Solo A1"), vm.history(), "the undone lock is gone from the history");
        assertTrue(vm.addTrack(Track.Kind.VIDEO));
        assertEquals(List.of("V1", "V2", "A1"), vm.timeline().tracks().stream().map(Track::id).toList(), "a new video track goes above V1");
        assertTrue(vm.move("shot-2", "V2", 110));
        assertEquals("V2", vm.timeline().trackOf("shot-2").id());
        assertEquals(110, vm.timeline().clip("shot-2.sound").start(), "the sound follows in time on its own track");
    }

    @Test void markersToggleAndTheKeysWalkMarkersAndEdits() {
        TimelineViewModel vm = vm();
        vm.seek(30);
        assertTrue(vm.toggleMarker());
        vm.seek(70);
        assertTrue(vm.toggleMarker());
        assertEquals(List.of(new Marker(30, "Marker 1"), new Marker(70, "Marker 2")), vm.timeline().markers());
        vm.seek(0);
        assertTrue(vm.toMarker(1));
        assertEquals(30, vm.playheadProperty().get());
        assertTrue(vm.toMarker(1));
        assertEquals(70, vm.playheadProperty().get());
        assertFalse(vm.toMarker(1), "none after the last");
        assertTrue(vm.toggleMarker(), "removes the one under the playhead");
        assertEquals(1, vm.timeline().markers().size());
        assertTrue(vm.toEdit(-1));
        assertEquals(50, vm.playheadProperty().get(), "the previous edit point");
        vm.undo();
        assertEquals(2, vm.timeline().markers().size());
    }

    @Test void approvalMarksTheShotEvenFromItsSound() {
        TimelineViewModel vm = vm();
        vm.select("shot-2.sound");
        assertTrue(vm.toggleApproved());
        assertTrue(vm.timeline().clip("shot-2").approved());
        assertFalse(vm.timeline().clip("shot-2.sound").approved());
        vm.select("shot-2");
        assertTrue(vm.toggleApproved());
        assertFalse(vm.timeline().clip("shot-2").approved());
    }
}
