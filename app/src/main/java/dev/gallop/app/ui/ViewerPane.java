package dev.gallop.app.ui;

import dev.gallop.app.media.LatentPreview;
import dev.gallop.app.viewer.StepFrame;
import dev.gallop.app.viewer.ViewerViewModel;
import java.util.Optional;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/// The viewer: while a job denoises, the shown step's x₀ loops here; afterwards it shows the edit at the playhead.
/// Below it the progress, the denoise filmstrip, the audio x₀ envelope and the step controls.
public final class ViewerPane extends VBox {
    private final ViewerViewModel vm;
    private final ImageView screen = new ImageView();
    private final WaveformView audio = new WaveformView();
    private Image program;

    /// @param cancel stops the running job (Ctrl+Alt+Enter)
    public ViewerPane(ViewerViewModel vm, Runnable cancel) {
        this.vm = vm;
        screen.setPreserveRatio(true);
        screen.setSmooth(false);
        screen.setId("viewer-screen");
        StackPane stage = new StackPane(screen);
        stage.getStyleClass().add("viewer-stage");
        stage.setMinSize(160, 90);
        screen.fitWidthProperty().bind(stage.widthProperty().subtract(8));
        screen.fitHeightProperty().bind(stage.heightProperty().subtract(8));
        Label phase = new Label();
        phase.setId("viewer-phase");
        phase.getStyleClass().add("viewer-overlay");
        phase.textProperty().bind(vm.phaseProperty());
        StackPane.setAlignment(phase, Pos.TOP_LEFT);
        StackPane.setMargin(phase, new Insets(6));
        Label notice = new Label();
        notice.setId("viewer-notice");
        notice.getStyleClass().addAll("viewer-overlay", "warning");
        notice.textProperty().bind(vm.noticeProperty());
        notice.visibleProperty().bind(vm.noticeProperty().isNotEmpty());
        StackPane.setAlignment(notice, Pos.BOTTOM_CENTER);
        StackPane.setMargin(notice, new Insets(6));
        stage.getChildren().addAll(phase, notice);
        VBox.setVgrow(stage, Priority.ALWAYS);

        ProgressBar progress = new ProgressBar();
        progress.progressProperty().bind(vm.progressProperty());
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.setId("viewer-progress");

        Button live = new Button("Live", Icons.icon(Material2AL.LIVE_TV));
        live.setOnAction(e -> vm.followLive());
        live.disableProperty().bind(vm.followingProperty());
        Button keep = new Button("Stop & keep step", Icons.icon(Material2MZ.PUSH_PIN));
        keep.setId("viewer-keep");
        keep.setOnAction(e -> vm.keep());
        keep.disableProperty().bind(vm.shownStepProperty().lessThan(0));
        Button stop = new Button("Cancel", Icons.icon(Material2MZ.STOP));
        stop.setId("viewer-cancel");
        stop.setOnAction(e -> cancel.run());
        stop.disableProperty().bind(vm.generatingProperty().not());
        Label audioLabel = new Label("Audio x₀");
        audioLabel.getStyleClass().add("text-muted");
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox controls = new HBox(6, live, keep, stop, grow);
        controls.setAlignment(Pos.CENTER_LEFT);
        HBox wave = new HBox(6, audioLabel, audio);
        wave.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(audio, Priority.ALWAYS);

        setSpacing(6);
        setPadding(new Insets(8));
        getChildren().addAll(stage, progress, controls, new FilmstripView(vm), wave);
        getStyleClass().add("viewer-pane");

        vm.shownStepProperty().addListener((o, a, b) -> {
            vm.shown().ifPresent(s -> audio.setValues(LatentPreview.audioEnvelope(s.x0())));
            refresh();
        });
        vm.loopFrameProperty().addListener((o, a, b) -> refresh());
        vm.generatingProperty().addListener((o, a, b) -> refresh());
    }

    /// The edit's picture at the playhead (shown when no step preview is on screen).
    public void showProgram(Image frame) {
        program = frame;
        refresh();
    }

    private void refresh() {
        Optional<StepFrame> s = vm.shown();
        boolean preview = s.isPresent() && (vm.generatingProperty().get() || !vm.followingProperty().get() || program == null);
        if (preview) {
            int t = vm.loopFrameProperty().get();
            screen.setImage(FrameImages.latent(s.get().x0(), t));
            if (s.get().x0().frames() > 0) audio.setMarker((t + 0.5) / s.get().x0().frames());
        } else {
            screen.setImage(program);
            audio.setMarker(-1);
        }
    }
}
