package dev.gallop.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gallop.app.export.ExportSettings;
import dev.gallop.engine.media.MediaInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/// Point 4 of "Studio v2", through the real window: mark in and out on the timeline, export that range at 720p and
/// high quality as MP4 (the 64×64 demo shots fitted into 1280×720); then the same cut as FCPXML and as OTIO, whose media
/// paths are relative to the file.
class ExportSettingsTest extends StudioWindowTest {
    @Test void exportTheMarkedRangeAt720pThenForOtherEditors(FxRobot robot) throws Exception {
        awaitModels(robot);
        generateShot(robot, "a red circle bouncing on a blue background");
        generateShot(robot, "a green square moving right on a black background");
        robot.clickOn("#timeline-canvas");
        robot.type(KeyCode.HOME).type(KeyCode.RIGHT, 10).type(KeyCode.I).type(KeyCode.RIGHT, 60).type(KeyCode.O);
        assertEquals(10, onFx(() -> vm.timeline().markInProperty().get()));
        assertEquals(70, onFx(() -> vm.timeline().markOutProperty().get()));

        chord(robot, KeyCode.CONTROL, KeyCode.E);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#export-start").tryQuery().isPresent());
        pick(robot, "export-size", ExportSettings.Size.P720);
        pick(robot, "export-quality", ExportSettings.Quality.HIGH);
        pick(robot, "export-range", ExportSettings.Range.IN_OUT);
        assertTrue(label(robot, "export-range-text").startsWith("00:00:00:10 – 00:00:02:21 (2.44 s)"), label(robot, "export-range-text"));
        new LayoutFitsTest().noneClippedIn("the export dialog");
        Stage dialog = onFx(() -> (Stage) robot.lookup("#export-start").query().getScene().getWindow());
        screenshot(dialog, "export-dialog.png");
        Path mp4 = exportNow(robot);
        MediaInfo info = MediaInfo.read(mp4);
        assertEquals(1280, info.width());
        assertEquals(720, info.height());
        assertEquals(61, info.videoFrames(), "frames 10 to 70, both marks included");
        assertTrue(info.hasAudio());
        assertTrue(info.metadata().getOrDefault("comment", "").contains("a green square moving right"), "the shots' records");

        pick(robot, "export-format", ExportSettings.Format.FCPXML);
        Path fcpxml = exportNow(robot);
        assertTrue(fcpxml.toString().endsWith(".fcpxml"));
        String xml = Files.readString(fcpxml);
        assertTrue(xml.contains("<fcpxml version=\"1.10\">") && xml.contains("com.gallop.generation"), "an FCPXML with the records");

        pick(robot, "export-format", ExportSettings.Format.OTIO);
        Path otio = exportNow(robot);
        var root = new ObjectMapper().readTree(otio.toFile());
        String url = root.path("tracks").path("children").get(0).path("children").get(0).path("media_references").path("DEFAULT_MEDIA")
                .path("target_url").asText();
        assertTrue(url.startsWith("../media/take-"), url);
        assertTrue(Files.isRegularFile(otio.getParent().resolve(url).normalize()), "the relative path finds the take");
    }

    Path exportNow(FxRobot robot) throws Exception {
        Path out = Path.of(onFx(() -> robot.lookup("#export-file").queryAs(TextField.class).getText()));
        robot.clickOn("#export-start");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> label(robot, "export-status").startsWith("Export"));
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> !label(robot, "export-status").endsWith("…"));
        assertEquals("Exported " + out, label(robot, "export-status"));
        return out;
    }

    static String label(FxRobot robot, String id) {
        try {
            return onFx(() -> robot.lookup("#" + id).queryAs(Label.class).getText());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
