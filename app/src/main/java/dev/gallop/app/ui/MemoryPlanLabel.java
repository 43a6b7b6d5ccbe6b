package dev.gallop.app.ui;

import dev.gallop.app.memory.MemoryPlanViewModel;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import javafx.util.Duration;
import org.kordamp.ikonli.material2.Material2MZ;

/// The line under Generate with the memory plan of the prompt panel's request: "Fits · peak 1.2 GiB of 22.8 GiB", or
/// "Does not fit: …" in red; the plan's table, stage by stage, as its tooltip. Hidden while there is nothing to plan.
final class MemoryPlanLabel extends Label {
    MemoryPlanLabel(MemoryPlanViewModel vm) {
        setId("memory-plan");
        setGraphic(Icons.icon(Material2MZ.MEMORY));
        setWrapText(true);
        setMinWidth(0);
        setMinHeight(Region.USE_PREF_SIZE);
        setMaxWidth(Double.MAX_VALUE);
        textProperty().bind(vm.textProperty());
        managedProperty().bind(vm.textProperty().isNotEmpty());
        visibleProperty().bind(managedProperty());
        Tooltip table = new Tooltip();
        table.setId("memory-plan-table");
        table.getStyleClass().add("memory-table");
        table.textProperty().bind(vm.detailsProperty());
        table.setShowDuration(Duration.seconds(30));
        setTooltip(table);
        style(vm.statusProperty().get());
        vm.statusProperty().addListener((o, a, b) -> style(b));
    }

    private void style(MemoryPlanViewModel.Status s) {
        getStyleClass().removeAll("danger", "warning", "text-muted");
        getStyleClass().add(switch (s) {
            case DOES_NOT_FIT -> "danger";
            case UNKNOWN -> "warning";
            case NONE, CHECKING, FITS -> "text-muted";
        });
    }
}
