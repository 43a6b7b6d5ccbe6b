package dev.gallop.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.app.keys.Keymap;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/// Point 6 of "Studio v2", through the real window: F1 lists every key of the keymap in use (Ctrl+R, the take keys,
/// Ctrl+Y, Ctrl+N included); choosing the Premiere Pro preset there changes what the keys do (Ctrl+K splits) and the
/// menus' key hints; Help has About and the user guide.
class KeysAndHelpTest extends StudioWindowTest {
    @Test void theF1SheetShowsTheKeymapAndAPresetChangesTheKeys(FxRobot robot) throws Exception {
        awaitModels(robot);
        generateShot(robot, "a red circle bouncing on a blue background");
        robot.clickOn("#timeline-canvas");
        robot.type(KeyCode.F1);
        dialog(robot, "shortcuts-dialog");
        String sheet = onFx(() -> String.join("\n", robot.lookup("#shortcuts-grid").queryAs(javafx.scene.layout.GridPane.class).getChildren().stream()
                .filter(n -> n instanceof Label).map(n -> ((Label) n).getText()).toList()));
        for (String k : new String[] {"Ctrl+R", "Ctrl+Shift+Left", "Ctrl+Shift+Right", "Ctrl+Shift+Z, Ctrl+Y", "Ctrl+N", "Ctrl+Enter", "M", "Ctrl+L"}) {
            assertTrue(sheet.lines().anyMatch(l -> l.equals(k)), k + " is on the F1 sheet:\n" + sheet);
        }
        assertTrue(sheet.contains("New take of the selected shot (its own prompt, next seed)"));
        new LayoutFitsTest().noneClippedIn("the F1 sheet");

        // the Premiere Pro keys: Ctrl+K splits, S no longer does
        onFx(() -> {
            robot.lookup("#shortcuts-preset").queryAs(ComboBox.class).getSelectionModel().select(Keymap.PREMIERE);
            return null;
        });
        assertEquals(Keymap.PREMIERE, onFx(vm::keymap));
        assertEquals(java.util.Optional.of(Keymap.PREMIERE.id()), onFx(() -> vm.settings().keymap()), "kept for the next start");
        String premiereSheet = onFx(() -> String.join("\n", robot.lookup("#shortcuts-grid").queryAs(javafx.scene.layout.GridPane.class).getChildren()
                .stream().filter(n -> n instanceof Label).map(n -> ((Label) n).getText()).toList()));
        assertTrue(premiereSheet.lines().anyMatch(l -> l.equals("Ctrl+K")), "the sheet follows the preset");
        answer(robot, "shortcuts-dialog", "Close");
        robot.clickOn("#timeline-canvas");
        robot.type(KeyCode.HOME).type(KeyCode.RIGHT, 10);
        robot.type(KeyCode.S);
        assertEquals(1, onFx(() -> vm.timeline().timeline().track("V1").clips().size()), "S does nothing in Premiere's keys");
        chord(robot, KeyCode.CONTROL, KeyCode.K);
        assertEquals(2, onFx(() -> vm.timeline().timeline().track("V1").clips().size()), "Ctrl+K adds an edit");
        assertEquals(2, onFx(() -> vm.timeline().timeline().track("A1").clips().size()), "through the shot's sound too");
        assertEquals("Shortcut+K", onFx(() -> menuItem(robot, "Edit", "Split at playhead").getAccelerator().getName().replace("Ctrl", "Shortcut")),
                "the menu shows the preset's key");
    }

    @Test void helpHasAboutAndTheUserGuide(FxRobot robot) throws Exception {
        awaitModels(robot);
        menu(robot, "Help", "About Gallop");
        var about = dialog(robot, "about-dialog");
        String text = onFx(() -> String.join("\n", about.lookupAll(".label").stream().map(n -> ((Label) n).getText()).toList()));
        assertTrue(text.contains("Gallop studio"), text);
        assertTrue(text.contains("Compute device: "), text);
        assertTrue(text.contains("Project: " + project().toAbsolutePath()), text);
        answer(robot, "about-dialog", "OK");

        chord(robot, KeyCode.SHIFT, KeyCode.F1);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#guide-view").tryQuery().isPresent());
        GuideView guide = robot.lookup("#guide-view").queryAs(GuideView.class);
        assertEquals("Gallop studio — user guide", onFx(() -> ((Label) robot.lookup("#guide-title").query()).getText()));
        String page = onFx(guide::text);
        assertTrue(page.contains("New take of the selected shot (its own prompt, next seed)"), "the guide's key list is the keymap's");
        assertTrue(onFx(() -> guide.page().getChildren().stream().anyMatch(n -> n instanceof javafx.scene.image.ImageView iv && iv.getImage() != null
                && !iv.getImage().isError())), "with its screenshots");
        Stage guideStage = onFx(() -> (Stage) guide.getScene().getWindow());
        screenshot(guideStage, "user-guide-window.png");
        onFx(() -> {
            guideStage.close();
            return null;
        });
    }

    static javafx.scene.control.MenuItem menuItem(FxRobot robot, String menu, String item) {
        var bar = robot.lookup("#menu-bar").queryAs(javafx.scene.control.MenuBar.class);
        return bar.getMenus().stream().filter(m -> m.getText().replace("_", "").equals(menu)).findFirst().orElseThrow().getItems().stream()
                .filter(i -> i.getText() != null && i.getText().replace("_", "").equals(item)).findFirst().orElseThrow();
    }

}
