package dev.gallop.app.ui;

import dev.gallop.app.media.ArgbImage;
import dev.gallop.app.session.StudioCore;
import dev.gallop.app.viewer.ViewerViewModel;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.material2.Material2AL;
import org.kordamp.ikonli.material2.Material2MZ;

/// The viewer: the denoise preview (the shown step's x₀ looping) while a job runs, otherwise the edit at the
/// playhead. Below it the job's progress, the step controls, the denoise filmstrip and the audio x₀ waveform.
public final class ViewerPane extends VBox {
    /// @param cancel stops the running job (Ctrl+Alt+Enter)
    public ViewerPane(StudioCore core, ViewerViewModel vm, Runnable cancel) {
        ImageView screen = new ImageView();
        screen.setId("viewer-screen");
        StackPane stage = new StackPane(screen);
        stage.getStyleClass().add("viewer-stage");
        stage.setMinSize(160, 90);
        // the picture fills the area, aspect kept: enlarged here by nearest neighbour when it grows at least twice
        // (crisp, whatever the graphics pipeline does), else fitted smoothly by the ImageView (ViewerScale says why)
        Runnable show = () -> {
            ArgbImage p = vm.pictureProperty().get();
            if (p == null) {
                screen.setImage(null);
                return;
            }
            ViewerScale s = ViewerScale.fit(p.width(), p.height(), Math.max(0, stage.getWidth() - 8), Math.max(0, stage.getHeight() - 8));
            screen.setImage(FrameImages.of(s.crisp() ? p.scaledTo((int) s.width(), (int) s.height()) : p));
            screen.setSmooth(!s.crisp());
            screen.setFitWidth(s.width());
            screen.setFitHeight(s.height());
        };
        vm.pictureProperty().addListener(o -> show.run());
        stage.widthProperty().addListener(o -> show.run());
        stage.heightProperty().addListener(o -> show.run());
        show.run();
        Label phase = new Label();
        phase.setId("viewer-phase");
        phase.getStyleClass().add("viewer-overlay");
        phase.textProperty().bind(Bindings.when(vm.previewProperty())
                .then(Bindings.concat(vm.phaseProperty(), Bindings.when(core.filmstrip().labelProperty().isEmpty()).then("")
                        .otherwise(Bindings.concat("  ·  showing ", core.filmstrip().labelProperty()))))
                .otherwise(Bindings.concat("Program ", core.player().timecodeProperty())));
        StackPane.setAlignment(phase, Pos.TOP_LEFT);
        StackPane.setMargin(phase, new Insets(6));
        Label notice = new Label();
        notice.setId("viewer-notice");
        notice.setWrapText(true);
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
        live.disableProperty().bind(core.filmstrip().liveProperty().and(vm.previewProperty()));
        Button keep = new Button("Keep step", Icons.icon(Material2MZ.PUSH_PIN));
        keep.setTooltip(new javafx.scene.control.Tooltip("Stop & keep: the shown step becomes a take (the job stops if it still runs)"));
        keep.setMinWidth(Region.USE_PREF_SIZE);
        live.setMinWidth(Region.USE_PREF_SIZE);
        keep.setId("viewer-keep");
        keep.setOnAction(e -> vm.keep());
        keep.disableProperty().bind(core.filmstrip().stepProperty().lessThan(1));
        Button listen = Icons.button(Material2MZ.VOLUME_UP, "Listen to the shown step's sound", () -> core.filmstrip().selected()
                .ifPresent(f -> core.results().filmstrips().get(core.filmstrip().jobIdProperty().get()).ifPresent(s -> core.sound().play(s, f))));
        listen.disableProperty().bind(core.filmstrip().stepProperty().lessThan(1));
        Button stop = Icons.button(Material2MZ.STOP, "Cancel the running job (Ctrl+Alt+Enter)", cancel);
        stop.setId("viewer-cancel");
        stop.disableProperty().bind(vm.generatingProperty().not());
        Button program = Icons.button(Material2MZ.MOVIE, "Show the edit at the playhead", vm::showProgram);
        program.disableProperty().bind(vm.previewProperty().not());
        Region grow = new Region();
        HBox.setHgrow(grow, Priority.ALWAYS);
        HBox controls = new HBox(6, live, keep, listen, stop, grow, program);
        controls.setAlignment(Pos.CENTER_LEFT);

        WaveformView audio = new WaveformView();
        audio.setId("viewer-waveform");
        core.filmstrip().waveformProperty().addListener((o, a, b) -> audio.setPeaks(b));
        audio.setPeaks(core.filmstrip().waveformProperty().get());
        audio.widthProperty().addListener((o, a, b) -> core.filmstrip().waveformColumnsProperty().set(Math.max(1, b.intValue())));
        Runnable marker = () -> {
            int n = core.filmstrip().latentFramesProperty().get();
            audio.setMarker(n == 0 ? -1 : (core.filmstrip().latentFrameProperty().get() + 0.5) / n);
        };
        core.filmstrip().latentFrameProperty().addListener(o -> marker.run());
        Label audioLabel = new Label("Audio x₀");
        audioLabel.getStyleClass().add("text-muted");
        audioLabel.setMinWidth(Region.USE_PREF_SIZE);
        HBox wave = new HBox(6, audioLabel, audio);
        wave.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(audio, Priority.ALWAYS);

        setSpacing(6);
        setPadding(new Insets(8));
        getChildren().addAll(stage, progress, controls, new FilmstripView(core, vm), wave);
        getStyleClass().add("viewer-pane");
    }
}
