package dev.gallop.app.ui;

import dev.gallop.app.models.ModelManagerViewModel;
import dev.gallop.app.prompt.ModelChoice;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.material2.Material2MZ;

/// The model manager panel: runnable models, and the MagiHuman component table (status, where it is or goes, details).
public final class ModelPane extends VBox {
    public ModelPane(ModelManagerViewModel vm) {
        Label summary = new Label();
        summary.setWrapText(true);
        summary.textProperty().bind(vm.summaryProperty());
        summary.setId("models-summary");
        Button rescan = new Button("Rescan", Icons.icon(Material2MZ.REFRESH));
        rescan.setOnAction(e -> vm.rescan());
        rescan.disableProperty().bind(vm.scanningProperty());
        HBox head = new HBox(8, rescan, summary);
        head.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(summary, Priority.ALWAYS);

        ListView<ModelChoice> models = new ListView<>(vm.models());
        models.setPrefHeight(70);
        models.setPlaceholder(new Label("No runnable model: put a Gallop model folder (with model.json) under the models root"));

        TableView<ModelManagerViewModel.Row> table = new TableView<>(vm.rows());
        table.setId("models-table");
        table.getColumns().add(column("Component", 170, ModelManagerViewModel.Row::component));
        table.getColumns().add(column("Status", 90, r -> r.status().name().toLowerCase(java.util.Locale.ROOT)));
        table.getColumns().add(column("Where", 260, ModelManagerViewModel.Row::where));
        table.getColumns().add(column("Details", 420, ModelManagerViewModel.Row::details));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("The models root is not there yet"));
        VBox.setVgrow(table, Priority.ALWAYS);

        setSpacing(6);
        setPadding(new Insets(8));
        getChildren().addAll(head, PromptPanel.title("Ready to run"), models, PromptPanel.title("MagiHuman components"), table);
    }

    private static TableColumn<ModelManagerViewModel.Row, String> column(String name, double width,
                                                                        java.util.function.Function<ModelManagerViewModel.Row, String> f) {
        TableColumn<ModelManagerViewModel.Row, String> c = new TableColumn<>(name);
        c.setPrefWidth(width);
        c.setCellValueFactory(d -> new ReadOnlyStringWrapper(f.apply(d.getValue())));
        return c;
    }
}
