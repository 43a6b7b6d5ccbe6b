package dev.gallop.app.ui;

import dev.gallop.app.StudioViewModel;
import dev.gallop.app.export.ExportViewModel;
import java.io.File;
import java.nio.file.Path;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.FileChooser;
import javafx.stage.Modality;
import javafx.stage.Stage;

/// File ▸ Export: the timeline to an MP4 with its JSON sidecar, or to OTIO; a file field prefilled with a free name
/// in the project's `renders/`, progress and cancel. The window stays open to show the result.
final class ExportDialog {
    enum Format {
        MP4("MP4 video (H.264 + AAC) with JSON sidecar", "mp4"), OTIO("OpenTimelineIO (.otio)", "otio");

        final String label, ext;

        Format(String label, String ext) {
            this.label = label;
            this.ext = ext;
        }

        @Override public String toString() { return label; }
    }

    private ExportDialog() {}

    static Stage show(Stage owner, StudioViewModel vm) {
        ExportViewModel ex = vm.core().export();
        Stage st = new Stage();
        st.initOwner(owner);
        st.initModality(Modality.NONE);
        st.setTitle("Export");
        ComboBox<Format> format = new ComboBox<>();
        format.getItems().setAll(Format.values());
        format.setValue(Format.MP4);
        format.setId("export-format");
        TextField file = new TextField(ex.suggestedFile("cut", "mp4").toString());
        file.setId("export-file");
        file.setPrefColumnCount(40);
        format.valueProperty().addListener((o, a, b) -> file.setText(ex.suggestedFile("cut", b.ext).toString()));
        Button browse = Icons.button(org.kordamp.ikonli.material2.Material2AL.FOLDER_OPEN, "Choose the file…", () -> {
            FileChooser c = new FileChooser();
            c.getExtensionFilters().add(new FileChooser.ExtensionFilter(format.getValue().label, "*." + format.getValue().ext));
            File f = c.showSaveDialog(st);
            if (f != null) file.setText(f.getPath());
        });
        HBox.setHgrow(file, Priority.ALWAYS);
        ProgressBar progress = new ProgressBar();
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.progressProperty().bind(ex.progressProperty());
        Label status = new Label();
        status.setId("export-status");
        status.setWrapText(true);
        status.textProperty().bind(ex.statusProperty());
        Button start = new Button("Export");
        start.setId("export-start");
        start.getStyleClass().add("accent");
        start.setDefaultButton(true);
        start.disableProperty().bind(ex.runningProperty());
        start.setOnAction(e -> {
            Path out = Path.of(file.getText().strip());
            String want = "." + format.getValue().ext;
            if (!out.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(want)) out = Path.of(out + want);
            file.setText(out.toString());
            if (format.getValue() == Format.MP4) ex.exportMp4(out); else ex.exportOtio(out);
        });
        Button cancel = new Button("Cancel export");
        cancel.disableProperty().bind(ex.runningProperty().not());
        cancel.setOnAction(e -> ex.cancel());
        Button close = new Button("Close");
        close.setOnAction(e -> st.close());
        GridPane form = new GridPane(8, 8);
        form.addRow(0, new Label("Format"), format);
        form.addRow(1, new Label("File"), new HBox(4, file, browse));
        HBox buttons = new HBox(8, start, cancel, close);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        VBox box = new VBox(10, form, progress, status, buttons);
        box.setPadding(new Insets(14));
        Scene scene = new Scene(box);
        scene.getStylesheets().addAll(owner.getScene().getStylesheets());
        st.setScene(scene);
        st.show();
        return st;
    }
}
