package dev.gallop.app.ui;

import dev.gallop.app.memory.BudgetViewModel;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/// The "GPU memory" part of the Models tab: the device generations run on and the budget they are held to, chosen
/// from the list or typed (24G, 16GiB, 12000M); text that is not a size is named in red under it. Binds to a
/// [BudgetViewModel] only.
final class MemoryBudgetBox extends VBox {
    MemoryBudgetBox(BudgetViewModel vm) {
        super(6);
        Label device = wrapped(vm.device());
        device.setId("memory-device");
        device.getStyleClass().add("text-muted");

        ComboBox<String> budget = new ComboBox<>();
        budget.setId("memory-budget");
        budget.getItems().setAll(vm.choices());
        budget.setEditable(true);
        budget.setValue(vm.choiceProperty().get());
        budget.setMaxWidth(Double.MAX_VALUE);
        budget.setTooltip(new Tooltip("How much of the device a generation may hold: all of its free memory, or a cap such as 24G to plan and run"
                + " as on a 24 GB card"));
        budget.setOnAction(e -> { if (budget.getValue() != null) vm.choose(budget.getValue()); });
        vm.choiceProperty().addListener((o, a, b) -> { if (!b.equals(budget.getValue())) budget.setValue(b); });
        Label label = new Label("Budget");
        label.setMinWidth(Region.USE_PREF_SIZE);
        HBox row = new HBox(6, label, budget);
        row.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(budget, Priority.ALWAYS);

        Label error = wrapped("");
        error.setId("memory-budget-error");
        error.getStyleClass().add("danger");
        error.textProperty().bind(vm.errorProperty());
        error.managedProperty().bind(vm.errorProperty().isNotEmpty());
        error.visibleProperty().bind(error.managedProperty());

        Label note = wrapped("Each job is planned within it before it runs; the prompt panel shows the plan under Generate.");
        note.getStyleClass().add("text-muted");
        getChildren().setAll(device, row, error, note);
    }

    private static Label wrapped(String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        l.setMaxWidth(Double.MAX_VALUE);
        return l;
    }
}
