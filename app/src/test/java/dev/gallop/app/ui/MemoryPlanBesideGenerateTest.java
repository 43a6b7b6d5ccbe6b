package dev.gallop.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.app.memory.Budgets;
import dev.gallop.engine.backend.MemoryBudget;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.VBox;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

/// The memory plan under Generate in the real window, on the CPU with the built-in demo model: it fits with all free
/// memory, its table is the tooltip; a GPU memory budget typed in the Models tab that is not a size is named in red,
/// one too small makes the plan "Does not fit", disables Generate with the verdict as the reason and makes Ctrl+Enter
/// queue nothing; automatic again makes it fit.
class MemoryPlanBesideGenerateTest extends StudioWindowTest {
    @Test void thePlanIsShownBesideGenerateAndABudgetTooSmallRefusesIt(FxRobot robot) throws Exception {
        awaitModels(robot);
        Label plan = robot.lookup("#memory-plan").queryAs(Label.class);
        waitFor(30, "the plan beside Generate", () -> plan.getText().startsWith("Fits · peak "));
        onFx(() -> {
            Node go = robot.lookup("#generate").query().getParent();
            VBox footer = robot.lookup("#prompt-footer").queryAs(VBox.class);
            assertEquals(footer.getChildren().indexOf(go) + 1, footer.getChildren().indexOf(plan), "the plan is the line right under Generate");
            assertTrue(plan.getTooltip().getText().contains("memory plan on cpu") && plan.getTooltip().getText().contains("denoising"),
                    plan.getTooltip().getText());
            assertTrue(plan.getStyleClass().contains("text-muted"));
            return null;
        });
        inView(robot, "memory-plan");
        robot.clickOn("#prompt-body");
        robot.write("a red circle bouncing on a blue background");

        selectTab(robot, "Models");
        reveal(robot, "memory-budget");
        typeBudget(robot, "lots");
        waitFor(10, "the error naming the text", () -> robot.lookup("#memory-budget-error").queryAs(Label.class).isVisible());
        assertTrue(text(robot, "memory-budget-error").contains("'lots' is not a size"), text(robot, "memory-budget-error"));
        assertEquals(MemoryBudget.UNLIMITED, generator.budget(), "nothing applied");

        typeBudget(robot, "8M");
        waitFor(30, "the plan within 8 MiB", () -> plan.getText().startsWith("Does not fit: "));
        assertEquals(new MemoryBudget(8L << 20), generator.budget());
        assertFalse(onFx(() -> robot.lookup("#memory-budget-error").queryAs(Label.class).isVisible()), "a good budget clears the error");
        onFx(() -> {
            assertTrue(plan.getStyleClass().contains("danger"));
            assertTrue(robot.lookup("#generate").queryAs(Button.class).isDisabled(), "Generate is refused");
            return null;
        });
        String verdict = onFx(() -> vm.memory().planProperty().get().verdict());
        assertEquals(verdict, text(robot, "prompt-problem"), "the verdict says why");
        inView(robot, "prompt-problem");
        screenshot("memory-plan-does-not-fit.png");

        robot.clickOn("#prompt-body");
        chord(robot, KeyCode.CONTROL, KeyCode.ENTER);
        assertEquals("Not queued: " + verdict, text(robot, "status-line"));
        assertTrue(onFx(() -> vm.core().queue().jobs().isEmpty()), "Ctrl+Enter queued nothing");

        typeBudget(robot, "auto");
        waitFor(30, "the plan within all free memory", () -> plan.getText().startsWith("Fits · peak "));
        assertEquals(Budgets.AUTOMATIC, onFx(() -> robot.lookup("#memory-budget").queryAs(ComboBox.class).getValue()));
        assertFalse(onFx(() -> robot.lookup("#generate").queryAs(Button.class).isDisabled()));
        assertEquals("", text(robot, "prompt-problem"));
    }

    private void selectTab(FxRobot robot, String name) throws Exception {
        onFx(() -> {
            TabPane tabs = robot.lookup("#side-tabs").queryAs(TabPane.class);
            tabs.getSelectionModel().select(tabs.getTabs().stream().filter(t -> t.getText().equals(name)).findFirst().orElseThrow());
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    /// The node with this id is showing, wholly inside the window.
    private void inView(FxRobot robot, String id) throws Exception {
        onFx(() -> {
            Node n = robot.lookup("#" + id).query();
            assertTrue(n.isVisible(), id + " is visible");
            Bounds b = n.localToScene(n.getBoundsInLocal());
            assertTrue(b.getMinY() >= 0 && b.getMaxY() <= stage.getScene().getHeight() + 0.5 && b.getMinX() >= 0
                    && b.getMaxX() <= stage.getScene().getWidth() + 0.5, id + " lies inside the window: " + b);
            return null;
        });
    }

    /// Types `text` into the budget picker's field and presses Enter, as a user does.
    private void typeBudget(FxRobot robot, String text) throws Exception {
        robot.clickOn("#memory-budget");
        chord(robot, KeyCode.CONTROL, KeyCode.A);
        robot.write(text);
        robot.type(KeyCode.ENTER);
    }
}
