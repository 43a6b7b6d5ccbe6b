package dev.gallop.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.app.StudioViewModel;
import dev.gallop.app.export.ExportSettings;
import dev.gallop.app.testing.TestModels;
import dev.gallop.app.timeline.Clip;
import dev.gallop.app.timeline.Timeline;
import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.media.MediaInfo;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/// The whole loop a newcomer does with the guide in hand, through the real window at 1280×720, keys and mouse only:
/// prompt → shots → select → retake → trim → mark in/out → export at 720p → save → quit → reopen, and everything is
/// there again.
class NewcomerLoopTest extends StudioWindowTest {
    @Test void promptShotsSelectRetakeTrimExportAt720pAndReopen(FxRobot robot) throws Exception {
        awaitModels(robot);
        generateShot(robot, "a red circle bouncing on a blue background");
        generateShot(robot, "a green square moving right on a black background");

        robot.clickOn(pointOnClip("shot-1", 0.5));
        chord(robot, KeyCode.CONTROL, KeyCode.R);
        waitFor(120, "the new take", () -> vm.timeline().timeline().clip("shot-1").takes().size() == 2);

        Clip s2 = onFx(() -> vm.timeline().timeline().clip("shot-2"));
        double zoom = onFx(() -> vm.timeline().zoomProperty().get());
        javafx.geometry.Point2D edge = onFx(() -> {
            TimelineCanvas c = window.timelinePane().canvas();
            return c.localToScreen(c.geometry().x(s2.end()) - 1, TimelineGeometry.laneTop(vm.timeline().timeline(), "V1") + 30);
        });
        robot.moveTo(edge).press(MouseButton.PRIMARY).moveBy(-12 * zoom, 0).release(MouseButton.PRIMARY);
        assertEquals(s2.end() - 12, onFx(() -> vm.timeline().timeline().clip("shot-2").end()), "trimmed");
        assertEquals(s2.end() - 12, onFx(() -> vm.timeline().timeline().clip("shot-2.sound").end()), "with its sound");

        robot.clickOn("#timeline-canvas");
        robot.type(KeyCode.HOME).type(KeyCode.RIGHT, 5).type(KeyCode.I).type(KeyCode.RIGHT, 60).type(KeyCode.O);
        chord(robot, KeyCode.CONTROL, KeyCode.E);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#export-start").tryQuery().isPresent());
        pick(robot, "export-size", ExportSettings.Size.P720);
        pick(robot, "export-range", ExportSettings.Range.IN_OUT);
        Path out = Path.of(onFx(() -> robot.lookup("#export-file").queryAs(TextField.class).getText()));
        robot.clickOn("#export-start");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> onFx(() -> robot.lookup("#export-status").queryAs(Label.class).getText())
                .startsWith("Exported"));
        MediaInfo info = MediaInfo.read(out);
        assertEquals(1280, info.width());
        assertEquals(720, info.height());
        assertEquals(61, info.videoFrames());
        Stage dialog = onFx(() -> (Stage) robot.lookup("#export-start").query().getScene().getWindow());
        onFx(() -> {
            dialog.close();
            return null;
        });

        robot.clickOn("#timeline-canvas");
        chord(robot, KeyCode.CONTROL, KeyCode.S);
        assertFalse(onFx(() -> stage.getTitle().startsWith("*")), "saved");
        Timeline saved = onFx(() -> vm.timeline().timeline());
        String seed = text(robot, "prompt-seed");
        chord(robot, KeyCode.CONTROL, KeyCode.Q);
        waitFor(10, "the window to close", () -> !stage.isShowing());

        // the next start
        onFx(() -> {
            window.stop();
            vm.close();
            Stage s = new Stage();
            vm = new StudioViewModel(generator, CpuDevice.get(), NO_SOUND, TestModels.home(), modelsRoot(), project(), Platform::runLater, background);
            window = open(s, vm);
            stage = s;
            return null;
        });
        assertTrue(onFx(() -> vm.startupRecovery().isEmpty()), "nothing unsaved: no recovery to offer");
        assertEquals(saved, onFx(() -> vm.timeline().timeline()), "the edit as it was saved");
        assertEquals(2, onFx(() -> vm.timeline().timeline().clip("shot-1").takes().size()));
        assertEquals("My film — Gallop studio", onFx(stage::getTitle));
        assertEquals(seed, text(robot, "prompt-seed"), "the seed carries on");
    }
}
