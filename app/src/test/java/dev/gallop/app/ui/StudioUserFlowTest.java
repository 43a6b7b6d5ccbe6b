package dev.gallop.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import atlantafx.base.theme.PrimerDark;
import dev.gallop.app.StudioViewModel;
import dev.gallop.app.playback.AudioOutput;
import dev.gallop.app.testing.TestModels;
import dev.gallop.app.timeline.Clip;
import dev.gallop.app.timeline.Track;
import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.media.MediaInfo;
import dev.gallop.engine.pipeline.local.LocalGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Point2D;
import javafx.scene.Node;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.image.ImageView;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

/// One whole user flow through the real studio window and the real engine (a tiny random DiT with the tiny video
/// and audio decoders): write a prompt, set the length, generate with Ctrl+Enter, watch step previews arrive, the
/// shot lands on the timeline, split it at the playhead with S, trim an edge with the mouse, undo with Ctrl+Z,
/// export with Ctrl+E and read the MP4 back. Runs on JavaFX's Headless platform (no display); writes screenshots of
/// the main window to `target/screenshots/`.
@ExtendWith(ApplicationExtension.class)
class StudioUserFlowTest {
    @TempDir static Path dir;
    static LocalGenerator generator;
    static ExecutorService background;
    StudioViewModel vm;
    StudioWindow window;
    Stage stage;

    @BeforeAll static void engine() throws Exception {
        TestModels.withDecoders(Files.createDirectories(dir.resolve("models")));
        generator = new LocalGenerator(CpuDevice.get());
        background = Executors.newFixedThreadPool(2);
    }

    @AfterAll static void shutdown() throws Exception {
        generator.close();
        background.shutdownNow();
        background.awaitTermination(10, TimeUnit.SECONDS);
    }

    @Start void start(Stage stage) throws Exception {
        this.stage = stage;
        Application.setUserAgentStylesheet(new PrimerDark().getUserAgentStylesheet());
        // the Headless platform has no sound device: playback must go on silently with a visible notice
        vm = new StudioViewModel(generator, CpuDevice.get(), () -> { throw new AudioOutput.Unavailable("no audio device on this machine", null); },
                dir, dir.resolve("models"), dir.resolve("project"), Platform::runLater, background);
        window = new StudioWindow(stage, vm);
        window.show(1000, 960);
        vm.models().rescan();
    }

    @Test void promptGenerateEditUndoExport(FxRobot robot) throws Exception {
        // the model manager found the tiny model and the picker offers it
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> !robot.lookup("#prompt-model").queryAs(ComboBox.class).getItems().isEmpty());

        robot.clickOn("#prompt-body").write("a red circle moving left");
        String rendered = robot.lookup("#prompt-rendered").queryAs(TextArea.class).getText();
        assertTrue(rendered.startsWith("a red circle moving left\n\nBackground Sound:"), rendered);

        Node seconds = robot.lookup("#prompt-seconds .text-field").query();
        robot.clickOn(seconds).press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL).write("0.64").type(KeyCode.ENTER);
        assertEquals(0.64, vm.prompt().secondsProperty().get(), 1e-9);

        robot.press(KeyCode.CONTROL, KeyCode.ENTER).release(KeyCode.ENTER, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> robot.lookup("#step-1").tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
        assertNotNull(robot.lookup("#viewer-screen").queryAs(ImageView.class).getImage(), "the step's x0 is on screen");
        screenshot("studio-generating.png");

        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> onFx(() -> vm.timeline().timeline().track("V1").clips().size() == 1));
        assertTrue(robot.lookup("#step-3").tryQuery().isPresent(), "all three steps on the filmstrip");
        Clip shot = onFx(() -> vm.timeline().timeline().track("V1").clips().getFirst());
        assertEquals(17, shot.duration(), "0.64 s = 17 frames");

        // select the shot, put the playhead on frame 8 with the keyboard, split with S
        robot.clickOn(pointOnClip(shot.id(), 0.5));
        robot.type(KeyCode.HOME).type(KeyCode.RIGHT, 8).type(KeyCode.S);
        Track v1 = onFx(() -> vm.timeline().timeline().track("V1"));
        assertEquals(2, v1.clips().size(), "split in two");
        assertEquals(8, v1.clips().get(1).start());
        assertEquals(8, v1.clips().get(1).in());

        // trim the right part's end 4 frames to the left by dragging its edge
        Clip right = v1.clips().get(1);
        double zoom = onFx(() -> vm.timeline().zoomProperty().get());
        robot.moveTo(pointAtEdge(right)).press(MouseButton.PRIMARY).moveBy(-4 * zoom, 0).release(MouseButton.PRIMARY);
        assertEquals(13, onFx(() -> vm.timeline().timeline().clip(right.id()).end()), "trimmed to frame 13");

        robot.press(KeyCode.CONTROL, KeyCode.Z).release(KeyCode.Z, KeyCode.CONTROL);
        assertEquals(17, onFx(() -> vm.timeline().timeline().clip(right.id()).end()), "undo restored the trim");

        // play from the start with Space: no sound device here, so the picture plays silently and the viewer says so
        robot.type(KeyCode.HOME).type(KeyCode.SPACE);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#viewer-notice").queryAs(Label.class).isVisible());
        assertTrue(robot.lookup("#viewer-notice").queryAs(Label.class).getText().startsWith("No sound: no audio device on this machine"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> onFx(() -> vm.timeline().playheadProperty().get() > 0));
        robot.type(KeyCode.K);
        screenshot("studio-main-window.png");

        // export the cut and read it back
        robot.press(KeyCode.CONTROL, KeyCode.E).release(KeyCode.E, KeyCode.CONTROL);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#export-start").tryQuery().isPresent());
        Path out = Path.of(robot.lookup("#export-file").queryAs(javafx.scene.control.TextField.class).getText());
        robot.clickOn("#export-start");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> robot.lookup("#export-status").queryAs(Label.class).getText().startsWith("Exported"));
        MediaInfo info = MediaInfo.read(out);
        assertEquals(17, info.videoFrames(), "every frame of the edit");
        assertEquals("h264", info.videoCodec());
        assertTrue(info.hasAudio(), "the shots' sound is in the export");
        assertEquals(0.68, info.durationSeconds(), 0.06);
        assertTrue(info.metadata().getOrDefault("comment", "").contains("a red circle moving left"), "generation records in the metadata");
    }

    /// A point inside clip `id`'s lane at `fraction` of its length, in screen coordinates.
    private Point2D pointOnClip(String id, double fraction) throws Exception {
        return onFx(() -> {
            TimelineCanvas c = window.timelinePane().canvas();
            Clip clip = vm.timeline().timeline().clip(id);
            double x = c.geometry().x(clip.start()) + fraction * (c.geometry().x(clip.end()) - c.geometry().x(clip.start()));
            return c.localToScreen(x, TimelineGeometry.laneTop(vm.timeline().timeline(), 0) + 30);
        });
    }

    private Point2D pointAtEdge(Clip clip) throws Exception {
        return onFx(() -> {
            TimelineCanvas c = window.timelinePane().canvas();
            return c.localToScreen(c.geometry().x(clip.end()) - 1, TimelineGeometry.laneTop(vm.timeline().timeline(), 0) + 30);
        });
    }

    private void screenshot(String name) throws Exception {
        Path dirOut = Path.of(System.getProperty("gallop.screenshots", "target/screenshots"));
        Files.createDirectories(dirOut);
        WritableImage img = onFx(() -> stage.getScene().snapshot(null));
        ImageIO.write(SwingFXUtils.fromFXImage(img, null), "png", dirOut.resolve(name).toFile());
    }

    private static <T> T onFx(java.util.concurrent.Callable<T> c) throws Exception {
        return WaitForAsyncUtils.asyncFx(c).get(30, TimeUnit.SECONDS);
    }
}
