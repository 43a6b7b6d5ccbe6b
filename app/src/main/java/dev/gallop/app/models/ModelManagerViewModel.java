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
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/// The model manager: which Gallop models can run now (the demo and installed model folders) and, for the full
/// MagiHuman set under the models root, what each component's status is — and for a missing one, where it goes.
/// Scans run on `background`; results are published on `ui`.
public final class ModelManagerViewModel {
    /// One line of the component table.
    public record Row(String component, ComponentStatus status, String where, String details) {}

    private final ObjectProperty<Path> root = new SimpleObjectProperty<>();
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final ObservableList<ModelChoice> models = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("Not scanned yet");
    private final ReadOnlyBooleanWrapper scanning = new ReadOnlyBooleanWrapper(false);
    private final Path home;
    private final Executor background, ui;
    private Consumer<List<ModelChoice>> onModels = l -> { };

    public ModelManagerViewModel(Path home, Path modelsRoot, Executor background, Executor ui) {
        this.home = home;
        this.background = background;
        this.ui = ui;
        root.set(modelsRoot);
    }

    public ObjectProperty<Path> rootProperty() { return root; }
    public ObservableList<Row> rows() { return rows; }
    public ObservableList<ModelChoice> models() { return models; }
    public ReadOnlyStringProperty summaryProperty() { return summary.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty scanningProperty() { return scanning.getReadOnlyProperty(); }

    /// Called with the runnable models after every scan (the prompt panel's picker).
    public void setOnModels(Consumer<List<ModelChoice>> c) { onModels = c; }

    public void rescan() {
        Path r = root.get();
        scanning.set(true);
        summary.set("Scanning " + r + "…");
        background.execute(() -> {
            List<ModelChoice> found = ModelCatalog.find(home, r);
            List<Row> table;
            String text;
            try {
                ModelScan.Result res = ModelScan.scan(r);
                table = res.components().stream().map(c -> row(res.root(), c)).toList();
                long ok = res.components().stream().filter(c -> c.status() == ComponentStatus.FOUND || c.status() == ComponentStatus.CHANGED).count();
                text = found.size() + (found.size() == 1 ? " model" : " models") + " ready · MagiHuman components: " + ok + " of "
                        + res.components().size() + " in place under " + res.root() + (res.cacheNote() == null ? "" : " (" + res.cacheNote() + ")");
            } catch (java.io.IOException | RuntimeException e) {
                table = List.of();
                text = found.size() + (found.size() == 1 ? " model" : " models") + " ready · models root " + r + ": " + e.getMessage()
                        + " — create it (or set GALLOP_MODELS) to install the full MagiHuman set";
            }
            List<Row> t = table;
            String s = text;
            ui.execute(() -> {
                rows.setAll(t);
                models.setAll(found);
                summary.set(s);
                scanning.set(false);
                onModels.accept(found);
            });
        });
    }

    static Row row(Path root, ComponentReport c) {
        String where = c.path() == null ? root.resolve(c.expectedPlace()).toString() : c.path().toString();
        String details = switch (c.status()) {
            case MISSING -> "Missing — put it at " + root.resolve(c.expectedPlace()) + " (from " + c.source() + "); needed for " + c.neededFor();
            case INCOMPLETE -> String.join("; ", c.problems());
            case CHANGED, FOUND -> c.notes().isEmpty() ? "Ready" : String.join("; ", c.notes());
        };
        return new Row(c.title(), c.status(), where, details);
    }
}
