package dev.gallop.app;

import dev.gallop.engine.backend.Backends;
import dev.gallop.engine.pipeline.LocalGenerator;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.Stage;

/// The studio window. This first version has the prompt panel, generation with progress and cancel, and the live
/// latent preview of every step; the timeline and export come with the studio issue.
public final class GallopStudio extends Application {
    private LocalGenerator generator;

    public static void main(String[] args) { launch(args); }

    @Override public void start(Stage stage) {
        generator = new LocalGenerator(Backends.device(System.getProperty("gallop.device", "auto")));
        StudioViewModel vm = new StudioViewModel(generator, Platform::runLater);
        String model = System.getProperty("gallop.model", "");
        vm.modelFolderProperty().set(model);

        TextArea prompt = new TextArea();
        prompt.setPromptText("Main body: who, what, how it moves, what is heard...");
        prompt.setWrapText(true);
        prompt.textProperty().bindBidirectional(vm.promptProperty());
        TextField sound = new TextField();
        sound.setPromptText("Background sound");
        sound.textProperty().bindBidirectional(vm.soundProperty());
        TextField folder = new TextField();
        folder.textProperty().bindBidirectional(vm.modelFolderProperty());
        Button browse = new Button("Browse…");
        browse.setOnAction(e -> {
            var f = new DirectoryChooser().showDialog(stage);
            if (f != null) vm.modelFolderProperty().set(f.getPath());
        });
        Spinner<Double> seconds = new Spinner<>(0.2, 30, 2, 0.2);
        seconds.getValueFactory().valueProperty().addListener((o, a, b) -> vm.secondsProperty().set(b));
        TextField seed = new TextField();
        seed.textProperty().bindBidirectional(vm.seedProperty());
        Button generate = new Button("Generate");
        generate.setDefaultButton(true);
        generate.disableProperty().bind(vm.runningProperty());
        generate.setOnAction(e -> vm.generate());
        Button cancel = new Button("Cancel");
        cancel.disableProperty().bind(vm.runningProperty().not());
        cancel.setOnAction(e -> vm.cancel());
        ProgressBar progress = new ProgressBar();
        progress.progressProperty().bind(vm.progressProperty());
        progress.setMaxWidth(Double.MAX_VALUE);
        Label status = new Label();
        status.textProperty().bind(vm.statusProperty());

        GridPane form = new GridPane(8, 8);
        form.addRow(0, new Label("Model"), folder, browse);
        form.addRow(1, new Label("Seconds"), seconds);
        form.addRow(2, new Label("Seed"), seed);
        VBox left = new VBox(8, new Label("Prompt"), prompt, sound, form, new HBox(8, generate, cancel), progress, status);
        left.setPadding(new Insets(12));
        left.setPrefWidth(420);

        ImageView view = new ImageView();
        view.setPreserveRatio(true);
        view.setFitWidth(640);
        vm.previewProperty().addListener((o, a, clip) -> {
            if (clip == null) return;
            WritableImage img = new WritableImage(clip.width(), clip.height());
            img.getPixelWriter().setPixels(0, 0, clip.width(), clip.height(), PixelFormat.getIntArgbInstance(),
                    LatentView.frameArgb(clip, 0), 0, clip.width());
            view.setImage(img);
        });
        BorderPane root = new BorderPane(view);
        root.setLeft(left);
        Scene scene = new Scene(root, 1100, 640);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN), vm::generate);
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ENTER, KeyCombination.SHORTCUT_DOWN, KeyCombination.ALT_DOWN), vm::cancel);
        stage.setTitle("Gallop");
        stage.setScene(scene);
        stage.show();
    }

    @Override public void stop() {
        if (generator != null) generator.close();
    }
}
