package dev.gallop.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.app.StudioViewModel;
import dev.gallop.app.inspector.TakeInfo;
import dev.gallop.app.prompt.PromptState;
import dev.gallop.app.testing.TestModels;
import dev.gallop.app.timeline.Clip;
import dev.gallop.engine.backend.cpu.CpuDevice;
import java.nio.file.Files;
import javafx.application.Platform;
import javafx.scene.control.ListView;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;

/// Point 2 of "Studio v2", through the real window: clicking a shot shows how it was made in the inspector; Ctrl+R
/// makes a new take from the shot's own prompt (not the prompt panel's) with the next seed; a take is picked from the
/// list; "load into the prompt panel" brings the shot's prompt and seed back; the seed carries on after a restart.
class ClipInspectorTest extends StudioWindowTest {
    static final String GREEN = "a green square moving right on a black background", BLUE = "a blue triangle growing on a white background";

    @Test void inspectRetakeAndLoadAShot(FxRobot robot) throws Exception {
        awaitModels(robot);
        generateShot(robot, GREEN);
        generateShot(robot, BLUE);
        assertEquals("44", text(robot, "prompt-seed"), "two shots used seeds 42 and 43");

        robot.clickOn(pointOnClip("shot-1", 0.5));
        assertEquals("Shot", onFx(() -> robot.lookup("#side-tabs").queryAs(TabPane.class).getSelectionModel().getSelectedItem().getText()));
        assertEquals("shot-1 · take 1 of 1", text(robot, "inspector-heading"));
        assertEquals(GREEN, text(robot, "inspector-body"));
        assertEquals("42", text(robot, "inspector-seed"));
        assertEquals("demo", text(robot, "inspector-model"));
        assertEquals("128×128", text(robot, "inspector-size"));
        assertEquals("8 (distill)", text(robot, "inspector-steps"));
        assertTrue(text(robot, "inspector-rendered").startsWith(GREEN + "\n\nBackground Sound:"), text(robot, "inspector-rendered"));
        screenshot("inspector.png");

        // Ctrl+R while the prompt panel still holds the blue triangle: the new take is the green square's, seed 43
        chord(robot, KeyCode.CONTROL, KeyCode.R);
        waitFor(120, "the new take", () -> vm.timeline().timeline().clip("shot-1").takes().size() == 2);
        Clip shot = onFx(() -> vm.timeline().timeline().clip("shot-1"));
        TakeInfo retake = TakeInfo.of(shot.take());
        assertEquals(GREEN, retake.body(), "the shot's own prompt");
        assertEquals(43, retake.seed(), "the next seed after the shot's 42");
        assertEquals(BLUE, onFx(() -> vm.prompt().bodyProperty().get()), "the prompt panel is left alone");
        assertEquals("44", text(robot, "prompt-seed"));
        waitFor(10, "the inspector on the new take", () -> vm.inspector().headingProperty().get().equals("shot-1 · take 2 of 2"));
        assertEquals("43", text(robot, "inspector-seed"));

        // pick the first take in the list
        ListView<?> takes = robot.lookup("#inspector-takes").queryAs(ListView.class);
        robot.clickOn(robot.from(takes).lookup(".list-cell").nth(0).queryAs(javafx.scene.Node.class));
        assertEquals(0, onFx(() -> vm.timeline().timeline().clip("shot-1").active()));
        assertEquals("42", text(robot, "inspector-seed"));

        // load it into the prompt panel
        robot.clickOn("#inspector-load");
        assertEquals(GREEN, text(robot, "prompt-body"));
        assertEquals("42", text(robot, "prompt-seed"));
        robot.clickOn(reveal(robot, "prompt-seed"));
        chord(robot, KeyCode.CONTROL, KeyCode.A);
        robot.write("45");
        chord(robot, KeyCode.CONTROL, KeyCode.S);
        waitFor(10, "the prompt panel saved with the project", () -> Files.readString(project().resolve(PromptState.FILE)).contains("\"seed\" : \"45\""));

        // after a restart the seed carries on
        quit();
        assertEquals("45", reopen(robot));
        // without the saved panel the seed still moves past every seed the project used (42, 43, 43)
        quit();
        Files.delete(project().resolve(PromptState.FILE));
        assertEquals("44", reopen(robot));
    }

    void quit() throws Exception {
        onFx(() -> {
            window.stop();
            vm.close();
            stage.close();
            return null;
        });
    }

    /// Starts the studio on the project again, as after a restart; returns the seed field's text.
    String reopen(FxRobot robot) throws Exception {
        onFx(() -> {
            Stage s = new Stage();
            vm = new StudioViewModel(generator, CpuDevice.get(), NO_SOUND, TestModels.home(), modelsRoot(), project(), Platform::runLater, background);
            window = open(s, vm);
            stage = s;
            return null;
        });
        return text(robot, "prompt-seed");
    }
}
