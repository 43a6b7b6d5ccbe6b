package dev.gallop.app.ui;

import dev.gallop.app.StudioViewModel;
import dev.gallop.app.export.ExportSettings;
import dev.gallop.app.export.ExportViewModel;
import java.nio.file.Path;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TextField;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;

/// File ▸ Export: the format (MP4, ProRes, OTIO, OTIOZ, FCPXML, Premiere XML), the picture size (the shots' own, 720p,
/// 1080p) and quality for the video formats, the whole edit or the part between the in and out marks, and the file — a
/// field prefilled with a free name in the project's `renders/`, with a chooser beside it. Progress and cancel; the
/// window stays open to show the result. Binds to the project's [ExportViewModel].
final class ExportDialog {
    private ExportDialog() {}

    static Stage show(Stage owner, StudioViewModel vm, Supplier<Choosers> choosers) {
        ExportViewModel ex = vm.core().export();
        Stage st = new Stage();
        st.initOwner(owner);
        st.initModality(Modality.NONE);
        st.setTitle("Export");
        ComboBox<ExportSettings.Format> format = combo("export-format", ExportSettings.Format.values());
        format.valueProperty().bindBidirectional(ex.formatProperty());
        ComboBox<ExportSettings.Size> size = combo("export-size", ExportSettings.Size.values());
        size.valueProperty().bindBidirectional(ex.sizeProperty());
        ComboBox<ExportSettings.Quality> quality = combo("export-quality", ExportSettings.Quality.values());
        quality.valueProperty().bindBidirectional(ex.qualityProperty());
        for (ComboBox<?> c : new ComboBox<?>[] {size, quality}) c.disableProperty().bind(Bindings.createBooleanBinding(() -> !ex.formatProperty().get().video(),
                ex.formatProperty()));
        ComboBox<ExportSettings.Range> range = combo("export-range", ExportSettings.Range.values());
        range.valueProperty().bindBidirectional(ex.rangeProperty());
        Label rangeText = new Label();
        rangeText.setId("export-range-text");
        rangeText.getStyleClass().add("text-muted");
        rangeText.setWrapText(true);
        rangeText.setMinHeight(Region.USE_PREF_SIZE);
        rangeText.textProperty().bind(Bindings.createStringBinding(() -> ex.rangeProperty().get() == ExportSettings.Range.WHOLE ? ""
                : ex.rangeText(), ex.rangeProperty()));
        rangeText.managedProperty().bind(rangeText.textProperty().isNotEmpty());

        TextField file = new TextField(ex.suggestedFile("cut", ex.formatProperty().get().extension()).toString());
        file.setId("export-file");
        file.setPrefColumnCount(36);
        ex.formatProperty().addListener((o, a, b) -> file.setText(ex.suggestedFile("cut", b.extension()).toString()));
        Button browse = Icons.button(org.kordamp.ikonli.material2.Material2AL.FOLDER_OPEN, "Choose the file…", () -> choosers.get()
                .saveFile(st, "Export to", ex.formatProperty().get().toString(), ex.formatProperty().get().extension(), Path.of(file.getText().strip()))
                .ifPresent(f -> file.setText(f.toString())));
        HBox.setHgrow(file, Priority.ALWAYS);
        ProgressBar progress = new ProgressBar();
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.progressProperty().bind(ex.progressProperty());
        Label status = new Label();
        status.setId("export-status");
        status.setWrapText(true);
        status.setMinHeight(Region.USE_PREF_SIZE);
        status.textProperty().bind(ex.statusProperty());
        Button start = new Button("Export");
        start.setId("export-start");
        start.getStyleClass().add("accent");
        start.setDefaultButton(true);
        start.disableProperty().bind(ex.runningProperty());
        start.setOnAction(e -> {
            String want = "." + ex.formatProperty().get().extension();
            Path out = Path.of(file.getText().strip());
            if (!out.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(want)) out = Path.of(out + want);
            file.setText(out.toString());
            ex.export(out);
        });
        Button cancel = new Button("Cancel export");
        cancel.disableProperty().bind(ex.runningProperty().not());
        cancel.setOnAction(e -> ex.cancel());
        Button close = new Button("Close");
        close.setOnAction(e -> st.close());
        GridPane form = new GridPane(8, 8);
        ColumnConstraints names = new ColumnConstraints();
        names.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        form.getColumnConstraints().addAll(names, values);
        form.addRow(0, label("Format"), format);
        form.addRow(1, label("Size"), size);
        form.addRow(2, label("Quality"), quality);
        form.addRow(3, label("Range"), new VBox(4, range, rangeText));
        form.addRow(4, label("File"), new HBox(4, file, browse));
        HBox buttons = new HBox(8, start, cancel, close);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        Label note = new Label("Every clip carries its generation record (prompt, seed, model) in the export: in the MP4's metadata and the JSON "
                + "beside it, and in the clips of the OTIO, FCPXML and Premiere XML files.");
        note.setWrapText(true);
        note.setMinHeight(Region.USE_PREF_SIZE);
        note.getStyleClass().add("text-muted");
        VBox box = new VBox(10, form, note, progress, status, buttons);
        box.setPadding(new Insets(14));
        box.setPrefWidth(620);
        Scene scene = new Scene(box);
        scene.getStylesheets().addAll(owner.getScene().getStylesheets());
        st.setScene(scene);
        st.show();
        return st;
    }

    @SafeVarargs
    private static <T> ComboBox<T> combo(String id, T... items) {
        ComboBox<T> c = new ComboBox<>();
        c.setId(id);
        c.getItems().setAll(items);
        c.setMaxWidth(Double.MAX_VALUE);
        return c;
    }

    private static Label label(String s) {
        Label l = new Label(s);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }
}
