package dev.gallop.app.ui;

import dev.gallop.app.memory.MemoryPlanViewModel;
import dev.gallop.app.prompt.Framing;
import dev.gallop.app.prompt.GenerationMode;
import dev.gallop.app.prompt.InputFiles;
import dev.gallop.app.prompt.ModelChoice;
import dev.gallop.app.prompt.PromptViewModel;
import dev.gallop.app.prompt.SeedControl;
import dev.gallop.engine.pipeline.VideoSize;
import java.io.File;
import java.nio.file.Path;
import java.util.function.Supplier;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/// The prompt panel: the structured prompt (body, dialogue, background sound), the live final prompt text, the mode
/// with its input file (chosen or dropped, checked by content, the image previewed), aspect, resolution, duration and
/// seed in a scrolling part; the model, Generate with the request's memory plan, and the reason Generate cannot run
/// pinned below it, so they are always in view. Binds to a [PromptViewModel] and its [MemoryPlanViewModel] only.
public final class PromptPanel extends BorderPane {
    /// @param memory   the memory plan of the panel's request
    /// @param choosers the window's file and folder choosers (asked at click time)
    public PromptPanel(PromptViewModel vm, MemoryPlanViewModel memory, Supplier<Choosers> choosers) {
        TextArea body = new TextArea();
        body.setId("prompt-body");
        body.setPromptText("Main body: who is in the shot, what they do, how the camera moves, how it looks…");
        body.setWrapText(true);
        body.setPrefRowCount(4);
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
        sound.setPromptText("e.g. light rain, distant traffic");
        sound.textProperty().bindBidirectional(vm.soundProperty());

        TextArea rendered = new TextArea();
        rendered.setId("prompt-rendered");
        rendered.setEditable(false);
        rendered.setWrapText(true);
        rendered.setPrefRowCount(4);
        rendered.getStyleClass().add("rendered-prompt");
        rendered.textProperty().bind(vm.renderedProperty());

        // mode: only what the model can run; its input chosen with a file chooser or dropped, checked by content
        ComboBox<GenerationMode> mode = new ComboBox<>(vm.modes());
        mode.setId("prompt-mode");
        mode.valueProperty().bindBidirectional(vm.modeProperty());
        mode.setMaxWidth(Double.MAX_VALUE);
        Label input = new Label();
        input.setId("prompt-input");
        input.getStyleClass().add("text-muted");
        input.setWrapText(true);
        input.setMinWidth(0);
        input.setMaxWidth(Double.MAX_VALUE);
        input.textProperty().bind(vm.inputTextProperty());
        Button choose = new Button();
        choose.setId("prompt-choose-input");
        choose.setMinWidth(Region.USE_PREF_SIZE);
        choose.textProperty().bind(Bindings.when(vm.modeProperty().isEqualTo(GenerationMode.AUDIO_TO_VIDEO)).then("Choose sound…").otherwise("Choose image…"));
        choose.setOnAction(e -> {
            boolean image = vm.modeProperty().get() == GenerationMode.IMAGE_TO_VIDEO;
            choosers.get().openFile(getScene().getWindow(), image ? "Image to start from" : "Sound to make the clip for",
                            image ? "Images" : "Sounds", image ? InputFiles.IMAGE_EXTENSIONS : InputFiles.AUDIO_EXTENSIONS, null)
                    .ifPresent(p -> attempt(() -> { if (image) vm.chooseImage(p); else vm.chooseAudio(p); }));
        });
        Button clear = Icons.button(Material2AL.CLOSE, "Back to text → video", vm::clearInputs);
        HBox inputRow = row(choose, clear);
        ImageView preview = new ImageView();
        preview.setId("prompt-image-preview");
        preview.setPreserveRatio(true);
        preview.setFitHeight(InputFiles.PREVIEW_HEIGHT);
        preview.imageProperty().bind(Bindings.createObjectBinding(() -> vm.imagePreviewProperty().get() == null ? null
                : FrameImages.of(vm.imagePreviewProperty().get()), vm.imagePreviewProperty()));
        preview.visibleProperty().bind(vm.modeProperty().isEqualTo(GenerationMode.IMAGE_TO_VIDEO).and(preview.imageProperty().isNotNull()));
        preview.managedProperty().bind(preview.visibleProperty());
        VBox inputBox = new VBox(4, input, inputRow, preview);
        inputBox.visibleProperty().bind(vm.modeProperty().isNotEqualTo(GenerationMode.TEXT_TO_VIDEO));
        inputBox.managedProperty().bind(inputBox.visibleProperty());

        FramingPicker framing = new FramingPicker(vm);
        ComboBox<VideoSize.Preset> res = new ComboBox<>();
        res.getItems().setAll(VideoSize.Preset.values());
        res.setConverter(new javafx.util.StringConverter<>() {
            @Override public String toString(VideoSize.Preset p) { return p == null ? "" : p.name().substring(1) + "p"; }
            @Override public VideoSize.Preset fromString(String s) { return null; }
        });
        res.setId("prompt-resolution");
        res.setTooltip(new Tooltip("256p is the fast draft size; 540p and 1080p need more memory and time"));
        res.valueProperty().bindBidirectional(vm.resolutionProperty());
        res.setMinWidth(Region.USE_PREF_SIZE);
        // a model with its own size (the demo) is asked for that size or its size for an aspect: the resolution makes
        // way for a note saying which size that is
        Label ownSize = new Label();
        ownSize.setId("prompt-model-size");
        ownSize.getStyleClass().add("text-muted");
        ownSize.setWrapText(true);
        ownSize.setMinWidth(0);
        ownSize.textProperty().bind(Bindings.createStringBinding(() -> sizeNote(vm.modelSizeProperty().get(), vm.framingProperty().get(),
                vm.framings().size() > 1), vm.modelSizeProperty(), vm.framingProperty(), vm.framings()));
        ownSize.managedProperty().bind(ownSize.textProperty().isNotEmpty());
        ownSize.setTooltip(new Tooltip("This model makes clips at the sizes it was trained at: its own, and 16:9 or 9:16 where it has them; "
                + "the resolution applies to other models"));
        res.visibleProperty().bind(vm.modelSizeProperty().isNull());
        res.managedProperty().bind(res.visibleProperty());

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
        seconds.setMinWidth(Region.USE_PREF_SIZE);
        f.valueProperty().addListener((o, a, b) -> { if (b != null) vm.secondsProperty().set(b); });
        vm.secondsProperty().addListener((o, a, b) -> f.setValue(b.doubleValue()));
        Label frames = new Label();
        frames.setMinWidth(Region.USE_PREF_SIZE);
        frames.getStyleClass().add("text-muted");
        frames.textProperty().bind(vm.durationTextProperty());

        TextField seed = new TextField();
        seed.setId("prompt-seed");
        seed.setPrefColumnCount(8);
        seed.setMinWidth(60);
        HBox.setHgrow(seed, Priority.ALWAYS);
        seed.textProperty().bindBidirectional(vm.seedProperty());
        ComboBox<SeedControl> seedMode = new ComboBox<>();
        seedMode.getItems().setAll(SeedControl.values());
        seedMode.valueProperty().bindBidirectional(vm.seedControlProperty());
        seedMode.setMinWidth(Region.USE_PREF_SIZE);
        seedMode.setTooltip(new Tooltip("What happens to the seed after each job"));

        GridPane form = new GridPane(8, 6);
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        fields.setFillWidth(true);
        form.getColumnConstraints().addAll(labels, fields);
        form.addRow(0, label("Mode"), mode);
        form.add(inputBox, 1, 1);
        form.addRow(2, label("Aspect"), row(framing, res, ownSize));
        form.addRow(3, label("Duration"), row(seconds, frames));
        form.addRow(4, label("Seed"), row(seed, seedMode));

        VBox box = new VBox(6, title("Prompt"), body, title("Dialogue"), lines, addLine, title("Background sound"), sound,
                title("Final prompt"), rendered, form);
        box.setPadding(new Insets(10));
        ScrollPane scroll = new ScrollPane(box);
        scroll.setId("prompt-scroll");
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);

        // pinned below: model, Generate and why it cannot run
        ComboBox<ModelChoice> model = new ComboBox<>(vm.models());
        model.setId("prompt-model");
        model.valueProperty().bindBidirectional(vm.modelProperty());
        model.setMaxWidth(Double.MAX_VALUE);
        model.setMinWidth(80);
        model.setPromptText("No model installed");
        HBox.setHgrow(model, Priority.ALWAYS);
        Button browse = Icons.button(Material2AL.FOLDER_OPEN, "Use a model folder…", () -> choosers.get()
                .folder(getScene().getWindow(), "Model folder (with model.json)", null).ifPresent(d -> attempt(() -> vm.addModelFolder(d))));
        browse.setId("prompt-model-folder");
        Button generate = new Button("Generate", Icons.icon(Material2MZ.PLAY_ARROW));
        generate.setId("generate");
        generate.getStyleClass().add("accent");
        generate.setMaxWidth(Double.MAX_VALUE);
        generate.setOnAction(e -> vm.generate());
        generate.disableProperty().bind(vm.problemProperty().isNotEmpty());
        Label shortcut = new Label("Ctrl+Enter");
        shortcut.getStyleClass().add("text-muted");
        shortcut.setMinWidth(Region.USE_PREF_SIZE);
        Label problem = new Label();
        problem.setId("prompt-problem");
        problem.setWrapText(true);
        problem.setMinHeight(Region.USE_PREF_SIZE);
        problem.setMaxWidth(Double.MAX_VALUE);
        problem.getStyleClass().add("danger");
        problem.textProperty().bind(vm.problemProperty());
        problem.managedProperty().bind(vm.problemProperty().isNotEmpty());
        problem.visibleProperty().bind(problem.managedProperty());
        HBox go = new HBox(8, generate, shortcut);
        go.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(generate, Priority.ALWAYS);
        VBox footer = new VBox(6, row(label("Model"), model, browse), go, new MemoryPlanLabel(memory), problem);
        footer.setId("prompt-footer");
        footer.setPadding(new Insets(8, 10, 10, 10));
        footer.getStyleClass().add("prompt-footer");

        setCenter(scroll);
        setBottom(footer);
        getStyleClass().add("prompt-panel");

        setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) e.acceptTransferModes(TransferMode.COPY);
            e.consume();
        });
        setOnDragDropped(e -> {
            boolean ok = false;
            for (File file : e.getDragboard().getFiles()) ok |= attempt(() -> vm.drop(Path.of(file.getPath())));
            e.setDropCompleted(ok);
            e.consume();
        });
    }

    private boolean attempt(Runnable r) {
        try {
            r.run();
            return true;
        } catch (IllegalArgumentException ex) {
            Dialogs.error(getScene().getWindow(), "Cannot use this file", ex.getMessage());
            return false;
        }
    }

    private static HBox row(Node... nodes) {
        HBox h = new HBox(6, nodes);
        h.setAlignment(Pos.CENTER_LEFT);
        return h;
    }

    private static Label label(String s) {
        Label l = new Label(s);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    static Label title(String s) {
        Label l = new Label(s);
        l.getStyleClass().add("title-4");
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    /// The size a model with a size of its own is asked for: "448×256" beside the framing toggles, which say which
    /// size it is, or "64×64, the model's own size" when there are none; "" when the aspect and resolution apply.
    static String sizeNote(VideoSize size, Framing framing, boolean toggles) {
        if (size == null) return "";
        String wh = size.width() + "×" + size.height();
        if (toggles) return wh;
        return wh + switch (framing) {
            case OWN_SIZE -> ", the model's own size";
            case LANDSCAPE_16_9 -> ", the model's 16:9 size";
            case PORTRAIT_9_16 -> ", the model's 9:16 size";
        };
    }
}
