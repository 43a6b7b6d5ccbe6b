package dev.gallop.app;

import atlantafx.base.theme.PrimerDark;
import dev.gallop.app.playback.OpenAlOutput;
import dev.gallop.app.prompt.ModelCatalog;
import dev.gallop.app.settings.AppSettings;
import dev.gallop.app.ui.StudioWindow;
import dev.gallop.engine.backend.Backends;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.pipeline.local.LocalGenerator;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;

/// The studio application: the real engine on the best device, sound through OpenAL, the models under the Gallop
/// home and the last project (`-Dgallop.project=DIR`, default `~/Gallop/Untitled`).
public final class GallopStudio extends Application {
    private LocalGenerator generator;
    private StudioViewModel vm;
    private StudioWindow window;
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "gallop-model-scan");
        t.setDaemon(true);
        return t;
    });

    public static void main(String[] args) { launch(args); }

    @Override public void start(Stage stage) throws Exception {
        Application.setUserAgentStylesheet(new PrimerDark().getUserAgentStylesheet());
        Device device = Backends.device(System.getProperty("gallop.device", "auto"));
        generator = new LocalGenerator(device);
        AppSettings settings = AppSettings.load(AppSettings.defaultFile());
        vm = new StudioViewModel(generator, device, OpenAlOutput::openDefault, ModelCatalog.home(), ModelCatalog.modelsRoot(settings.modelsRoot()),
                projectDir(), Platform::runLater, background, settings);
        window = new StudioWindow(stage, vm);
        // 1440×900, or maximized on a smaller screen (the layout works from 1280×720 up)
        javafx.geometry.Rectangle2D screen = javafx.stage.Screen.getPrimary().getVisualBounds();
        boolean small = screen.getWidth() < 1440 || screen.getHeight() < 900;
        window.show(small ? screen.getWidth() : 1440, small ? screen.getHeight() : 900);
        if (small) {
            stage.setX(screen.getMinX());
            stage.setY(screen.getMinY());
            stage.setMaximized(true);
        }
        vm.models().rescan();
        window.offerRecovery(vm.startupRecovery());
    }

    @Override public void stop() {
        if (window != null) window.stop();
        if (vm != null) vm.close();
        if (generator != null) generator.close();
        background.shutdownNow();
    }

    static Path projectDir() {
        String p = System.getProperty("gallop.project");
        return p != null && !p.isBlank() ? Path.of(p) : Path.of(System.getProperty("user.home"), "Gallop", "Untitled");
    }
}
