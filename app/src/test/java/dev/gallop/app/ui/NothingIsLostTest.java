package dev.gallop.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.app.StudioViewModel;
import dev.gallop.app.project.ProjectFile;
import dev.gallop.app.testing.TestModels;
import dev.gallop.app.timeline.Timeline;
import dev.gallop.engine.backend.cpu.CpuDevice;
import java.nio.file.Files;
import java.nio.file.Path;
import javafx.application.Platform;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/// Point 1 of "Studio v2", through the real window: the title shows the project and unsaved changes; undoing back
/// to the saved state is clean again; quitting and opening another project ask to save (cancel keeps everything);
/// an autosave newer than the project file is offered at the next start, however the last session ended.
class NothingIsLostTest extends StudioWindowTest {
    @Test void quitAndOpenAskToSaveAndTheTitleTracksUnsavedChanges(FxRobot robot) throws Exception {
        awaitModels(robot);
        assertEquals("My film — Gallop studio", stage.getTitle());
        generateShot(robot, "a red circle bouncing on a blue background");
        generateShot(robot, "a green square moving right on a black background");
        assertEquals("*My film — Gallop studio", stage.getTitle(), "unsaved changes are marked in the title");

        // quit asks; Cancel keeps the window and the work
        chord(robot, KeyCode.CONTROL, KeyCode.Q);
        answer(robot, "unsaved-dialog", "Cancel");
        assertTrue(stage.isShowing(), "cancelled: still open");
        assertEquals(2, onFx(() -> vm.timeline().timeline().track("V1").clips().size()));

        chord(robot, KeyCode.CONTROL, KeyCode.S);
        assertEquals("My film — Gallop studio", stage.getTitle(), "saved: no mark");
        assertEquals(2, ProjectFile.load(project()).track("V1").clips().size());

        // an edit marks it; undoing back to the save is clean again, redoing marks it again
        robot.clickOn("#timeline-canvas");
        robot.type(KeyCode.HOME).type(KeyCode.RIGHT, 10).type(KeyCode.S);
        assertEquals("*My film — Gallop studio", stage.getTitle());
        chord(robot, KeyCode.CONTROL, KeyCode.Z);
        assertEquals("My film — Gallop studio", stage.getTitle(), "undone back to the saved state");
        assertFalse(onFx(vm::hasUnsavedChanges));
        chord(robot, KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.Z);
        assertEquals("*My film — Gallop studio", stage.getTitle());
        waitFor(10, "the autosave", () -> Files.exists(project().resolve(ProjectFile.AUTOSAVE)));

        // opening another project asks first; Save keeps the split
        Path other = dir.resolve("Second");
        choose(other);
        menu(robot, "File", "Open project…");
        answer(robot, "unsaved-dialog", "Save");
        waitFor(10, "the other project", () -> vm.projectFolder().equals(other));
        assertEquals(3, ProjectFile.load(project()).track("V1").clips().size(), "the split was saved before switching");
        assertFalse(Files.exists(project().resolve(ProjectFile.AUTOSAVE)), "saving cleared the autosave");
        assertEquals("Second — Gallop studio", stage.getTitle());

        // a change there, then quit without saving: the window closes and the discarded autosave is gone
        generateShot(robot, "a blue triangle growing on a white background");
        chord(robot, KeyCode.CONTROL, KeyCode.Q);
        answer(robot, "unsaved-dialog", "Don't save");
        waitFor(10, "the window to close", () -> !stage.isShowing());
        assertFalse(Files.exists(other.resolve(ProjectFile.AUTOSAVE)), "don't save: nothing offered next time");
    }

    @Test void anAutosaveNewerThanTheProjectIsOfferedAtTheNextStart(FxRobot robot) throws Exception {
        awaitModels(robot);
        generateShot(robot, "a red circle bouncing on a blue background");
        chord(robot, KeyCode.CONTROL, KeyCode.S);
        generateShot(robot, "a yellow square moving left on a black background");
        generateShot(robot, "a green triangle moving up on a white background");
        waitFor(10, "the autosave with three shots", () -> {
            try {
                return ProjectFile.recoverable(project()).map(t -> t.track("V1").clips().size() == 3).orElse(false);
            } catch (RuntimeException e) {
                return false;
            }
        });

        // the next start (the lock does not matter: the autosave is newer and holds more)
        Stage second = onFx(Stage::new);
        StudioViewModel next = onFx(() -> new StudioViewModel(generator, CpuDevice.get(), NO_SOUND, TestModels.home(), modelsRoot(), project(),
                Platform::runLater, background));
        StudioWindow w = onFx(() -> open(second, next));
        assertEquals(1, onFx(() -> next.timeline().timeline().track("V1").clips().size()), "the saved project has one shot");
        Platform.runLater(() -> w.offerRecovery(next.startupRecovery()));
        answer(robot, "recovery-dialog", "Recover");
        assertEquals(3, onFx(() -> next.timeline().timeline().track("V1").clips().size()), "all three shots are back");
        assertEquals(3, ProjectFile.load(project()).track("V1").clips().size(), "and saved at once");
        assertEquals(1, ProjectFile.read(project().resolve(ProjectFile.FILE + ".bak")).track("V1").clips().size(), "the old save is the backup");
        for (var c : onFx(() -> next.timeline().timeline().track("V1").clips())) {
            assertTrue(Files.exists(project().resolve(c.take().media())), "media of " + c.id());
        }
        onFx(() -> {
            w.stop();
            next.close();
            second.close();
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test void aDeclinedAutosaveIsSetAsideNotDeleted(FxRobot robot) throws Exception {
        awaitModels(robot);
        Timeline saved = onFx(() -> vm.timeline().timeline());
        generateShot(robot, "a red circle bouncing on a blue background");
        onFx(() -> {
            vm.core().session().autosave();
            return null;
        });
        Platform.runLater(() -> window.offerRecovery(ProjectFile.recoverable(project())));
        answer(robot, "recovery-dialog", "Keep the saved version");
        assertFalse(Files.exists(project().resolve(ProjectFile.AUTOSAVE)));
        try (var s = Files.list(project())) {
            assertEquals(1, s.filter(p -> p.getFileName().toString().startsWith(".autosave-declined-")).count(), "set aside");
        }
        assertEquals(saved.fps(), onFx(() -> vm.timeline().timeline().fps()));
    }
}
