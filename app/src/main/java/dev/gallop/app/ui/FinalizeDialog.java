package dev.gallop.app.ui;

import dev.gallop.app.StudioViewModel;
import dev.gallop.engine.pipeline.SrStage;
import javafx.geometry.Insets;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;

/// Timeline ▸ Finalize approved shots: which shots are approved, which super-resolution stage to run (540p doubles a
/// 256p draft; 1080p), and Finalize, which queues each as a new take of its shot.
final class FinalizeDialog {
    static final ButtonType FINALIZE = new ButtonType("Finalize", ButtonBar.ButtonData.OK_DONE);

    private FinalizeDialog() {}

    static Dialog<ButtonType> show(Stage owner, StudioViewModel vm) {
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(owner);
        d.setTitle("Finalize approved shots");
        d.getDialogPane().setId("finalize-dialog");
        d.getDialogPane().getButtonTypes().addAll(FINALIZE, ButtonType.CANCEL);
        var approved = vm.approvedShots();
        Label what = new Label(approved.isEmpty() ? "No shot is approved yet. Select a shot on the timeline and press A (or Timeline ▸ Approve "
                + "selected shot); approved shots carry a check mark."
                : approved.size() + (approved.size() == 1 ? " approved shot: " : " approved shots: ")
                  + String.join(", ", approved.stream().map(c -> c.id()).toList())
                  + ". Each is made again from its own prompt and seed with the model's super-resolution stage; the result becomes a new take "
                  + "of the shot (undo and the inspector's take list bring the draft back).");
        what.setWrapText(true);
        what.setMinHeight(Region.USE_PREF_SIZE);
        ComboBox<SrStage.Model> stage = new ComboBox<>();
        stage.setId("finalize-stage");
        stage.getItems().setAll(SrStage.Model.values());
        stage.setValue(SrStage.Model.P540);
        stage.setConverter(new javafx.util.StringConverter<>() {
            @Override public String toString(SrStage.Model m) {
                return m == null ? "" : m == SrStage.Model.P540 ? "540p (twice the draft's size)" : "1080p (1920×1088)";
            }
            @Override public SrStage.Model fromString(String s) { return null; }
        });
        Label stageLabel = new Label("Super-resolution");
        stageLabel.setMinWidth(Region.USE_PREF_SIZE);
        HBox row = new HBox(8, stageLabel, stage);
        row.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        VBox box = new VBox(10, what, row);
        box.setPadding(new Insets(4));
        box.setPrefWidth(520);
        d.getDialogPane().setContent(box);
        d.getDialogPane().lookupButton(FINALIZE).setDisable(approved.isEmpty());
        d.getDialogPane().getStylesheets().addAll(owner.getScene().getStylesheets());
        d.setResultConverter(b -> b);
        d.setOnHidden(e -> { if (d.getResult() == FINALIZE) vm.finalizeApproved(stage.getValue()); });
        d.show();
        return d;
    }
}
