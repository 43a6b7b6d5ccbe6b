package dev.gallop.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gallop.app.prompt.ModelCatalog;
import dev.gallop.app.testing.TestModels;
import dev.gallop.engine.pipeline.VideoSize;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.ToggleButton;
import javafx.scene.image.ImageView;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/// Model sizes in the real window: a model of one size shows it and no toggles; the built-in demo (128×128 and
/// 448×256 / 256×448 in its `model.json`) gets framing toggles that pick the size the request is made at, the note
/// says which, the resolution picker stays away; its 128×128 clip fills the viewer.
class ModelSizesInTheWindowTest extends StudioWindowTest {
    /// A copy of the demo whose `model.json` names one size only, 64×64.
    private Path oneSize() throws Exception {
        Path demo = TestModels.home().resolve(ModelCatalog.DEMO), to = dir.resolve("one-size");
        try (Stream<Path> s = Files.walk(demo)) {
            for (Path p : s.toList()) {
                Path t = to.resolve(demo.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(t); else Files.copy(p, t);
            }
        }
        ObjectMapper om = new ObjectMapper();
        ObjectNode man = (ObjectNode) om.readTree(to.resolve("model.json").toFile());
        man.put("video_size", "64x64");
        man.remove("aspect_sizes");
        om.writeValue(to.resolve("model.json").toFile(), man);
        return to;
    }

    @Test void theFramingPicksTheModelsSizeAndItsClipFillsTheViewer(FxRobot robot) throws Exception {
        awaitModels(robot);
        Path demo = onFx(() -> vm.prompt().modelProperty().get().folder());
        Path single = oneSize();
        choose(single);
        robot.clickOn(reveal(robot, "prompt-model-folder"));
        waitFor(10, "the one-size model", () -> vm.prompt().modelProperty().get().folder().equals(single.toAbsolutePath().normalize()));
        assertEquals("64×64, the model's own size", text(robot, "prompt-model-size"), "one size, no toggles");
        assertFalse(onFx(() -> robot.lookup("#prompt-framing-own").query().isVisible() || robot.lookup("#prompt-framing-16-9").query().isVisible()));
        onFx(() -> {
            vm.prompt().modelProperty().set(vm.prompt().models().stream().filter(m -> m.folder().equals(demo)).findFirst().orElseThrow());
            return null;
        });
        waitFor(10, "the built-in demo again", () -> vm.prompt().modelProperty().get().folder().equals(demo));
        robot.clickOn("#prompt-body");
        robot.write("a red circle bouncing on a blue background");

        assertEquals("128×128", text(robot, "prompt-model-size"));
        assertEquals("Square", text(robot, "prompt-framing-own"));
        onFx(() -> {
            for (String id : new String[] {"prompt-framing-own", "prompt-framing-16-9", "prompt-framing-9-16"}) {
                assertShowing(robot.lookup("#" + id).query(), id);
            }
            assertTrue(robot.lookup("#prompt-framing-own").queryAs(ToggleButton.class).isSelected());
            assertFalse(robot.lookup("#prompt-resolution").query().isVisible(), "the resolution does not apply to this model");
            return null;
        });

        robot.clickOn(reveal(robot, "prompt-framing-16-9"));
        assertEquals("448×256", text(robot, "prompt-model-size"));
        assertEquals(new VideoSize(448, 256), onFx(() -> vm.prompt().request().size()));
        assertEquals(new VideoSize(448, 256), onFx(() -> vm.prompt().planRequest().orElseThrow().size()), "the memory plan's request");
        robot.clickOn(reveal(robot, "prompt-framing-9-16"));
        assertEquals(new VideoSize(256, 448), onFx(() -> vm.prompt().request().size()));
        robot.clickOn(reveal(robot, "prompt-framing-own"));
        assertEquals("128×128", text(robot, "prompt-model-size"));
        assertEquals(new VideoSize(128, 128), onFx(() -> vm.prompt().request().size()));
        screenshot("model-sizes-square.png");

        reveal(robot, "prompt-body");
        generateShot(robot, "a red circle bouncing on a blue background");
        assertEquals(new VideoSize(128, 128), onFx(() -> vm.core().queue().jobs().getLast().request().size()), "the queue got the chosen size");
        waitFor(30, "the 128×128 clip in the viewer", () -> vm.viewer().pictureProperty().get() != null
                && vm.viewer().pictureProperty().get().width() == 128);
        onFx(() -> {
            ImageView screen = robot.lookup("#viewer-screen").queryAs(ImageView.class);
            Node area = screen.getParent();
            Bounds shown = screen.getBoundsInParent(), room = area.getLayoutBounds();
            assertTrue(shown.getWidth() > 128 && shown.getHeight() > 128, "larger than its 128 px: " + shown);
            assertEquals(shown.getWidth(), shown.getHeight(), 1, "aspect kept");
            assertEquals(Math.min(room.getWidth(), room.getHeight()) - 8, shown.getWidth(), 1.01, "it fills the viewer: " + shown + " in " + room);
            double k = shown.getWidth() / 128;
            assertEquals(k < ViewerScale.CRISP_FROM, screen.isSmooth(), "smooth below 2×, crisp from 2× (" + k + "×)");
            return null;
        });
        screenshot("model-sizes-viewer.png");
    }
}
