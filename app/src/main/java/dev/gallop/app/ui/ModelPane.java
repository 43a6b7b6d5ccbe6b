package dev.gallop.app.ui;

import dev.gallop.app.memory.BudgetViewModel;
import dev.gallop.app.models.ModelManagerViewModel;
import dev.gallop.app.prompt.ModelChoice;
import java.util.Locale;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/// The model manager panel ("Models" tab): the models folder (choose another — an existing ComfyUI models folder
/// works — or create it with its category folders), rescan, the models ready to run, and one card per MagiHuman
/// component with its status, where it is or goes, and what to do; then the GPU memory budget generations are held to.
/// Everything wraps: nothing is cut off in a narrow panel. Binds to a [ModelManagerViewModel] and a [BudgetViewModel]
/// only.
public final class ModelPane extends ScrollPane {
    /// @param budget   the GPU memory budget setting
    /// @param choosers the window's file and folder choosers (asked at click time)
    public ModelPane(ModelManagerViewModel vm, BudgetViewModel budget, Supplier<Choosers> choosers) {
        Label root = wrapped();
        root.setId("models-root");
        root.textProperty().bind(Bindings.createStringBinding(() -> vm.rootProperty().get().toString(), vm.rootProperty()));
        Label missing = wrapped();
        missing.getStyleClass().add("warning");
        missing.setText("This folder does not exist yet.");
        missing.visibleProperty().bind(vm.rootMissingProperty());
        missing.managedProperty().bind(missing.visibleProperty());

        Button choose = new Button("Choose folder…", Icons.icon(Material2AL.FOLDER_OPEN));
        choose.setId("models-choose");
        choose.setTooltip(new Tooltip("Use another models folder, e.g. your ComfyUI models folder"));
        choose.setOnAction(e -> choosers.get().folder(getScene().getWindow(), "Models folder (ComfyUI layout)", vm.rootProperty().get().getParent())
                .ifPresent(p -> {
                    try {
                        vm.chooseRoot(p);
                    } catch (IllegalArgumentException ex) {
                        Dialogs.error(getScene().getWindow(), "Cannot use this folder", ex.getMessage());
                    }
                }));
        Button create = new Button("Create it", Icons.icon(Material2AL.CREATE_NEW_FOLDER));
        create.setId("models-create");
        create.setTooltip(new Tooltip("Create the folder with ComfyUI's category folders (diffusion_models, text_encoders, vae, …)"));
        create.setOnAction(e -> {
            try {
                vm.createRoot();
            } catch (java.io.IOException ex) {
                Dialogs.error(getScene().getWindow(), "Cannot create the models folder", ex.getMessage());
            }
        });
        create.visibleProperty().bind(vm.rootMissingProperty());
        create.managedProperty().bind(create.visibleProperty());
        Button rescan = new Button("Rescan", Icons.icon(Material2MZ.REFRESH));
        rescan.setId("models-rescan");
        rescan.setOnAction(e -> vm.rescan());
        rescan.disableProperty().bind(vm.scanningProperty());
        for (Button b : new Button[] {choose, create, rescan}) b.setMinWidth(Region.USE_PREF_SIZE);
        FlowPane buttons = new FlowPane(6, 6, choose, create, rescan);

        Label summary = wrapped();
        summary.textProperty().bind(vm.summaryProperty());
        summary.setId("models-summary");

        ListView<ModelChoice> models = new ListView<>(vm.models());
        models.setId("models-ready");
        models.setPrefHeight(76);
        models.setMinHeight(60);
        Label none = wrapped();
        none.setText("No runnable model: put a Gallop model folder (with model.json) under the models folder");
        models.setPlaceholder(none);

        VBox components = new VBox(6);
        components.setId("models-components");
        Runnable cards = () -> components.getChildren().setAll(vm.rows().stream().map(ModelPane::card).toList());
        vm.rows().addListener((ListChangeListener<ModelManagerViewModel.Row>) c -> cards.run());
        cards.run();

        VBox box = new VBox(6, PromptPanel.title("Models folder"), root, missing, buttons, summary, PromptPanel.title("Ready to run"), models,
                PromptPanel.title("GPU memory"), new MemoryBudgetBox(budget), PromptPanel.title("MagiHuman components"), components);
        box.setPadding(new Insets(8));
        setContent(box);
        setFitToWidth(true);
        setHbarPolicy(ScrollBarPolicy.NEVER);
        getStyleClass().add("model-pane");
    }

    private static VBox card(ModelManagerViewModel.Row r) {
        Label title = wrapped();
        title.setText(r.component() + " — " + r.status().name().toLowerCase(Locale.ROOT));
        title.getStyleClass().addAll("text-bold", switch (r.status()) {
            case FOUND -> "success";
            case CHANGED -> "warning";
            case MISSING, INCOMPLETE -> "danger";
        });
        Label where = wrapped();
        where.setText(r.where());
        where.getStyleClass().add("text-muted");
        Label details = wrapped();
        details.setText(r.details());
        VBox v = new VBox(2, title, where, details);
        v.getStyleClass().add("component-card");
        return v;
    }

    private static Label wrapped() {
        Label l = new Label();
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        l.setMaxWidth(Double.MAX_VALUE);
        return l;
    }
}
