package dev.gallop.app.ui;

import dev.gallop.app.prompt.GenerationMode;
import dev.gallop.app.prompt.ModelChoice;
import dev.gallop.app.prompt.PromptViewModel;
import dev.gallop.app.prompt.SeedControl;
import dev.gallop.engine.pipeline.VideoSize;
import java.io.File;
import java.nio.file.Path;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/// The prompt panel: structured prompt (body, dialogue, background sound), the live final prompt text, mode and
/// dropped input, aspect, resolution, duration, seed, model and Generate. Binds to a [PromptViewModel] only.
public final class PromptPanel extends ScrollPane {
    public PromptPanel(PromptViewModel vm) {
        TextArea body = new TextArea();
        body.setId("prompt-body");
        body.setPromptText("Main body: who is in the shot, what they do, how the camera moves, how it looks…");
        body.setWrapText(true);
        body.setPrefRowCount(5);
        body.textProperty().bindBidirectional(vm.bodyProperty());

        VBox lines = new VBox(4);
        Runnable rebuild = () -> lines.getChildren().setAll(vm.dialogue().stream()
                .map(l -> new DialogueRow(l, () -> vm.dialogue().remove(l))).toList());
        vm.dialogue().addListener((ListChangeListener<Object>) c -> {
            boolean structural = false;
            while (c.next()) structural |= c.wasAdded() || c.wasRemoved() || c.wasPermutated();
            if (structural) rebuild.run();
        });
        rebuild.run();
        Button addLine = new Button("Add dialogue line", Icons.icon(Material2AL.ADD));
        addLine.getStyleClass().add("flat");
        addLine.setOnAction(e -> vm.addDialogueLine());

        TextField sound = new TextField();
        sound.setId("prompt-sound");
        sound.setPromptText("Background sound (e.g. light rain, distant traffic)");
        sound.textProperty().bindBidirectional(vm.soundProperty());

        TextArea rendered = new TextArea();
        rendered.setId("prompt-rendered");
        rendered.setEditable(false);
        rendered.setWrapText(true);
        rendered.setPrefRowCount(6);
        rendered.getStyleClass().add("rendered-prompt");
        rendered.textProperty().bind(vm.renderedProperty());

        ComboBox<GenerationMode> mode = new ComboBox<>();
        mode.getItems().setAll(GenerationMode.values());
        mode.valueProperty().bindBidirectional(vm.modeProperty());
        Label input = new Label();
        input.getStyleClass().add("text-muted");
        input.managedProperty().bind(input.textProperty().isNotEmpty());
        input.textProperty().bind(Bindings.createStringBinding(() -> switch (vm.modeProperty().get()) {
            case TEXT_TO_VIDEO -> "";
            case IMAGE_TO_VIDEO -> vm.imageProperty().get() == null ? "Drop an image here" : "Image: " + vm.imageProperty().get().getFileName();
            case AUDIO_TO_VIDEO -> vm.audioProperty().get() == null ? "Drop an audio file here" : "Audio: " + vm.audioProperty().get().getFileName();
        }, vm.modeProperty(), vm.imageProperty(), vm.audioProperty()));

        ToggleGroup aspects = new ToggleGroup();
        ToggleButton wide = new ToggleButton("16:9"), tall = new ToggleButton("9:16");
        wide.setToggleGroup(aspects);
        tall.setToggleGroup(aspects);
        wide.setUserData(VideoSize.Aspect.LANDSCAPE_16_9);
        tall.setUserData(VideoSize.Aspect.PORTRAIT_9_16);
        (vm.aspectProperty().get() == VideoSize.Aspect.PORTRAIT_9_16 ? tall : wide).setSelected(true);
        aspects.selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) a.setSelected(true); else vm.aspectProperty().set((VideoSize.Aspect) b.getUserData());
        });
        wide.getStyleClass().add("left-pill");
        wide.setMinWidth(Region.USE_PREF_SIZE);
        tall.setMinWidth(Region.USE_PREF_SIZE);
        tall.getStyleClass().add("right-pill");
        ComboBox<VideoSize.Preset> res = new ComboBox<>();
        res.getItems().setAll(VideoSize.Preset.values());
        res.valueProperty().bindBidirectional(vm.resolutionProperty());
        res.setMinWidth(Region.USE_PREF_SIZE);
        // a model with its own size (the demo) is always asked for that size: the pickers make way for a note saying so
        Label ownSize = new Label();
        ownSize.setId("prompt-model-size");
        ownSize.getStyleClass().add("text-muted");
        ownSize.setMinWidth(0);
        ownSize.textProperty().bind(Bindings.createStringBinding(() -> vm.modelSizeProperty().get() == null ? ""
                : vm.modelSizeProperty().get().width() + "×" + vm.modelSizeProperty().get().height() + ", the model's own size", vm.modelSizeProperty()));
        ownSize.managedProperty().bind(ownSize.textProperty().isNotEmpty());
        ownSize.setTooltip(new javafx.scene.control.Tooltip("This model makes clips of the size it was trained at; aspect and resolution apply to other models"));
        for (javafx.scene.Node n : new javafx.scene.Node[] {wide, tall, res}) {
            n.visibleProperty().bind(vm.modelSizeProperty().isNull());
            n.managedProperty().bind(n.visibleProperty());
        }

        Spinner<Double> seconds = new Spinner<>();
        seconds.setId("prompt-seconds");
        SpinnerValueFactory.DoubleSpinnerValueFactory f = new SpinnerValueFactory.DoubleSpinnerValueFactory(0.16,
                dev.gallop.app.prompt.Durations.MAX, vm.secondsProperty().get(), dev.gallop.app.prompt.Durations.STEP);
        f.setConverter(new javafx.util.StringConverter<>() {
            @Override public String toString(Double d) { return d == null ? "" : String.format(java.util.Locale.ROOT, "%.2f", d); }
            @Override public Double fromString(String s) {
                try { return dev.gallop.app.prompt.Durations.snap(Double.parseDouble(s.strip())); } catch (RuntimeException e) { return vm.secondsProperty().get(); }
            }
        });
        seconds.setValueFactory(f);
        seconds.setEditable(true);
        seconds.setPrefWidth(96);
        f.valueProperty().addListener((o, a, b) -> { if (b != null) vm.secondsProperty().set(b); });
        vm.secondsProperty().addListener((o, a, b) -> f.setValue(b.doubleValue()));
        Label frames = new Label();
        frames.setMinWidth(0);
        frames.getStyleClass().add("text-muted");
        frames.textProperty().bind(vm.durationTextProperty());

        TextField seed = new TextField();
        seed.setId("prompt-seed");
        seed.setPrefColumnCount(10);
        seed.textProperty().bindBidirectional(vm.seedProperty());
        ComboBox<SeedControl> seedMode = new ComboBox<>();
        seedMode.getItems().setAll(SeedControl.values());
        seedMode.valueProperty().bindBidirectional(vm.seedControlProperty());
        seedMode.setMinWidth(Region.USE_PREF_SIZE);

        ComboBox<ModelChoice> model = new ComboBox<>(vm.models());
        model.setId("prompt-model");
        model.valueProperty().bindBidirectional(vm.modelProperty());
        model.setMaxWidth(Double.MAX_VALUE);
        model.setPromptText("No model installed");
        Button browse = Icons.button(Material2AL.FOLDER_OPEN, "Use a model folder…", () -> {
            File d = new DirectoryChooser().showDialog(getScene().getWindow());
            if (d != null) {
                try {
                    vm.addModelFolder(d.toPath());
                } catch (IllegalArgumentException ex) {
                    Dialogs.error(getScene().getWindow(), "Not a model folder", ex.getMessage());
                }
            }
        });
        HBox.setHgrow(model, Priority.ALWAYS);
        model.setMinWidth(80);

        seed.setPrefColumnCount(8);
        seed.setMinWidth(60);
        HBox.setHgrow(seed, Priority.ALWAYS);
        mode.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(mode, Priority.ALWAYS);
        GridPane form = new GridPane(8, 6);
        javafx.scene.layout.ColumnConstraints labels = new javafx.scene.layout.ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE);
        javafx.scene.layout.ColumnConstraints fields = new javafx.scene.layout.ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        fields.setFillWidth(true);
        form.getColumnConstraints().addAll(labels, fields);
        form.addRow(0, new Label("Mode"), new HBox(6, mode));
        form.add(input, 1, 1);
        form.addRow(2, new Label("Aspect"), row(new HBox(wide, tall), res, ownSize));
        form.addRow(3, new Label("Duration"), row(seconds, frames));
        form.addRow(4, new Label("Seed"), row(seed, seedMode));
        form.addRow(5, new Label("Model"), row(model, browse));

        Button generate = new Button("Generate", Icons.icon(Material2MZ.PLAY_ARROW));
        generate.setId("generate");
        generate.getStyleClass().add("accent");
        generate.setMaxWidth(Double.MAX_VALUE);
        generate.setOnAction(e -> vm.generate());
        generate.disableProperty().bind(vm.problemProperty().isNotEmpty());
        Label shortcut = new Label("Ctrl+Enter");
        shortcut.getStyleClass().add("text-muted");
        Label problem = new Label();
        problem.setId("prompt-problem");
        problem.setWrapText(true);
        problem.getStyleClass().add("danger");
        problem.textProperty().bind(vm.problemProperty());
        HBox go = new HBox(8, generate, shortcut);
        go.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(generate, Priority.ALWAYS);

        VBox box = new VBox(6, title("Prompt"), body, title("Dialogue"), lines, addLine, title("Background sound"), sound,
                title("Final prompt"), rendered, form, go, problem);
        box.setPadding(new Insets(10));
        setContent(box);
        setFitToWidth(true);
        setHbarPolicy(ScrollBarPolicy.NEVER);
        getStyleClass().add("prompt-panel");

        setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) e.acceptTransferModes(TransferMode.COPY);
            e.consume();
        });
        setOnDragDropped(e -> {
            boolean ok = false;
            for (File file : e.getDragboard().getFiles()) {
                try {
                    vm.drop(Path.of(file.getPath()));
                    ok = true;
                } catch (IllegalArgumentException ex) {
                    Dialogs.error(getScene().getWindow(), "Cannot use this file", ex.getMessage());
                }
            }
            e.setDropCompleted(ok);
            e.consume();
        });
    }

    private static HBox row(javafx.scene.Node... nodes) {
        HBox h = new HBox(6, nodes);
        h.setAlignment(Pos.CENTER_LEFT);
        return h;
    }

    static Label title(String s) {
        Label l = new Label(s);
        l.getStyleClass().add("title-4");
        return l;
    }
}
