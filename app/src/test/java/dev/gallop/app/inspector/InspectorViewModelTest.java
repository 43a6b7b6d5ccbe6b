package dev.gallop.app.inspector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.app.playback.AudioOutput;
import dev.gallop.app.playback.PlayerViewModel;
import dev.gallop.app.session.ProjectSession;
import dev.gallop.app.timeline.Clip;
import dev.gallop.app.timeline.Edits;
import dev.gallop.app.timeline.Timeline;
import dev.gallop.app.timeline.TimelineViewModel;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/// The inspector follows the selection and shows the shown take's record; picking a take is one undoable edit.
class InspectorViewModelTest {
    @Test void showsTheSelectedShotsRecordAndItsTakes() {
        ProjectSession s = new ProjectSession(Path.of("unused"), Timeline.empty());
        TimelineViewModel t = new TimelineViewModel(s, new PlayerViewModel(s, () -> { throw new AudioOutput.Unavailable("none", null); },
                Runnable::run, Runnable::run, System::nanoTime));
        InspectorViewModel vm = new InspectorViewModel(t);
        assertTrue(vm.emptyProperty().get());
        Path model = Path.of("/models/m");
        t.apply(new Edits.AddClip("V1", Clip.of("shot-1", 0, ShotRequestsTest.take("t1", ShotRequestsTest.request(model, 42)))));
        t.apply(Edits.AddTake.of(t.timeline(), "shot-1", ShotRequestsTest.take("t2", ShotRequestsTest.request(model, 43))));
        t.select("shot-1");
        assertFalse(vm.emptyProperty().get());
        assertEquals("shot-1 · take 2 of 2", vm.headingProperty().get());
        assertEquals("a green square moving right", vm.bodyProperty().get());
        assertEquals("a robot (Japanese): \"こんにちは\"", vm.dialogueProperty().get());
        assertEquals("soft hum", vm.soundProperty().get());
        assertTrue(vm.renderedProperty().get().contains("<a robot, Japanese>: \"こ ん に ち は\""), vm.renderedProperty().get());
        assertEquals("43", vm.seedProperty().get());
        assertEquals("96×64", vm.sizeProperty().get());
        assertEquals("0.40 s · 9 frames", vm.lengthProperty().get());
        assertEquals(2, vm.takes().size());
        assertTrue(vm.takes().get(1).shown());
        assertTrue(vm.takes().get(0).text().startsWith("take 1 · seed 42 · 96×64 · final"), vm.takes().get(0).text());
        assertTrue(vm.showTake(0));
        assertEquals("42", vm.seedProperty().get(), "the inspector follows the shown take");
        assertFalse(vm.showTake(0), "already shown");
        t.undo();
        assertEquals("43", vm.seedProperty().get());
        t.select(null);
        assertTrue(vm.emptyProperty().get());
        assertEquals(0, vm.takes().size());
    }
}
