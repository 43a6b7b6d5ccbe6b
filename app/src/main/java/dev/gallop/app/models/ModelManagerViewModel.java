package dev.gallop.app.models;

import dev.gallop.app.prompt.ModelCatalog;
import dev.gallop.app.prompt.ModelChoice;
import dev.gallop.engine.pipeline.discovery.ComponentReport;
import dev.gallop.engine.pipeline.discovery.ComponentStatus;
import dev.gallop.engine.pipeline.discovery.ModelScan;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.nio.file.Files;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/// The model manager: which Gallop models can run now (the demo and installed model folders) and, for the full
/// MagiHuman set under the models root, what each component's status is — and for a missing one, where it goes.
/// Scans run on `background`; results are published on `ui`.
public final class ModelManagerViewModel {
    /// One line of the component table.
    public record Row(String component, ComponentStatus status, String where, String details) {}

    private final ReadOnlyObjectWrapper<Path> root = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyBooleanWrapper rootMissing = new ReadOnlyBooleanWrapper(false);
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final ObservableList<ModelChoice> models = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("Not scanned yet");
    private final ReadOnlyBooleanWrapper scanning = new ReadOnlyBooleanWrapper(false);
    private final Path home;
    private final Executor background, ui;
    private Consumer<List<ModelChoice>> onModels = l -> { };
    private Consumer<Path> onRootChosen = p -> { };

    public ModelManagerViewModel(Path home, Path modelsRoot, Executor background, Executor ui) {
        this.home = home;
        this.background = background;
        this.ui = ui;
        root.set(modelsRoot.toAbsolutePath().normalize());
        rootMissing.set(!Files.isDirectory(root.get()));
    }

    /// The models folder scanned (ComfyUI layout: `diffusion_models/`, `text_encoders/`, `vae/`, …).
    public ReadOnlyObjectProperty<Path> rootProperty() { return root.getReadOnlyProperty(); }

    /// True when the models folder does not exist yet ([#createRoot()] makes it).
    public ReadOnlyBooleanProperty rootMissingProperty() { return rootMissing.getReadOnlyProperty(); }

    /// Called with the folder after the user chose one (the studio keeps it in its settings).
    public void setOnRootChosen(Consumer<Path> c) { onRootChosen = c; }

    /// Uses `folder` as the models root from now on and scans it; an existing ComfyUI models folder works as it is.
    /// Throws when it is a file.
    public void chooseRoot(Path folder) {
        Path p = folder.toAbsolutePath().normalize();
        if (Files.exists(p) && !Files.isDirectory(p)) throw new IllegalArgumentException(p + " is a file, not a folder");
        root.set(p);
        rootMissing.set(!Files.isDirectory(p));
        onRootChosen.accept(p);
        rescan();
    }

    /// Creates the models root with the ComfyUI category folders the MagiHuman components go into, then scans it.
    public void createRoot() throws java.io.IOException {
        Path p = root.get();
        Files.createDirectories(p);
        for (String c : dev.gallop.engine.pipeline.discovery.ModelsRoot.categoryFolders()) Files.createDirectories(p.resolve(c));
        rootMissing.set(false);
        rescan();
    }
    public ObservableList<Row> rows() { return rows; }
    public ObservableList<ModelChoice> models() { return models; }
    public ReadOnlyStringProperty summaryProperty() { return summary.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty scanningProperty() { return scanning.getReadOnlyProperty(); }

    /// Called with the runnable models after every scan (the prompt panel's picker).
    public void setOnModels(Consumer<List<ModelChoice>> c) { onModels = c; }

    public void rescan() {
        Path r = root.get();
        scanning.set(true);
        summary.set("Scanning…");
        background.execute(() -> {
            List<ModelChoice> found = ModelCatalog.find(home, r);
            List<Row> table;
            String text;
            try {
                ModelScan.Result res = ModelScan.scan(r);
                table = res.components().stream().map(c -> row(res.root(), c)).toList();
                long ok = res.components().stream().filter(c -> c.status() == ComponentStatus.FOUND || c.status() == ComponentStatus.CHANGED).count();
                text = found.size() + (found.size() == 1 ? " model" : " models") + " ready · MagiHuman components: " + ok + " of "
                        + res.components().size() + " in place" + (res.cacheNote() == null ? "" : " (" + res.cacheNote() + ")");
            } catch (java.io.IOException | RuntimeException e) {
                table = List.of();
                text = found.size() + (found.size() == 1 ? " model" : " models") + " ready · " + (Files.isDirectory(r) ? "the models folder cannot be read: "
                        + e.getMessage() : "the models folder does not exist yet") + " — create it, or choose your ComfyUI models folder (or set GALLOP_MODELS),"
                        + " to install the full MagiHuman set";
            }
            List<Row> t = table;
            String s = text;
            ui.execute(() -> {
                rows.setAll(t);
                models.setAll(found);
                summary.set(s);
                scanning.set(false);
                rootMissing.set(!Files.isDirectory(r));
                onModels.accept(found);
            });
        });
    }

    static Row row(Path root, ComponentReport c) {
        String where = c.path() == null ? "Goes in " + root.resolve(c.expectedPlace()) : c.path().toString();
        String details = switch (c.status()) {
            case MISSING -> "Missing: get it from " + c.source() + "; needed for " + c.neededFor();
            case INCOMPLETE -> String.join("; ", c.problems());
            case CHANGED, FOUND -> c.notes().isEmpty() ? "Ready" : String.join("; ", c.notes());
        };
        return new Row(c.title(), c.status(), where, details);
    }
}
