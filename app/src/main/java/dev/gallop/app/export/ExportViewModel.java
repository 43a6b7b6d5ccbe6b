package dev.gallop.app.export;

import dev.gallop.app.project.ProjectFile;
import dev.gallop.app.session.ProjectSession;
import dev.gallop.app.timeline.Timeline;
import dev.gallop.engine.runtime.CancelToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/// File ▸ Export: the timeline as it is now to an MP4 (with sidecar) or an OTIO file, on the background executor,
/// with progress and cancel. One export at a time. Call on the UI thread; results arrive through `ui`.
public final class ExportViewModel {
    private final ProjectSession session;
    private final Executor background, ui;
    private final BooleanProperty running = new SimpleBooleanProperty(false);
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final StringProperty status = new SimpleStringProperty("");
    private final ObjectProperty<Path> lastExport = new SimpleObjectProperty<>();
    private CancelToken token;

    public ExportViewModel(ProjectSession session, Executor background, Executor ui) {
        this.session = session;
        this.background = background;
        this.ui = ui;
    }

    public ReadOnlyBooleanProperty runningProperty() { return running; }

    /// 0..1 over the frames written.
    public ReadOnlyDoubleProperty progressProperty() { return progress; }

    /// "Exporting…", "Exported renders/cut-1.mp4", "Export failed: …", "Export cancelled".
    public ReadOnlyStringProperty statusProperty() { return status; }

    /// The file the last successful export wrote.
    public ReadOnlyObjectProperty<Path> lastExportProperty() { return lastExport; }

    /// A free name in the project's `renders/` folder: `<stem>-1.<ext>`, `<stem>-2.<ext>`, …
    public Path suggestedFile(String stem, String ext) {
        Path dir = ProjectFile.rendersDir(session.folder());
        for (int i = 1; ; i++) {
            Path p = dir.resolve(stem + "-" + i + "." + ext);
            if (!Files.exists(p)) return p;
        }
    }

    /// Renders the timeline to `out` (.mp4) at its natural size; false when an export is already running.
    public boolean exportMp4(Path out) {
        Timeline t = session.timeline();
        return start(out, token -> Mp4Export.export(session.folder(), t, out, 0, 0, p -> ui.execute(() -> progress.set(p)), token));
    }

    /// Writes the timeline as OpenTimelineIO JSON to `out` (.otio).
    public boolean exportOtio(Path out) {
        Timeline t = session.timeline();
        String name = session.folder().getFileName() == null ? "Gallop" : session.folder().getFileName().toString();
        return start(out, token -> OtioWriter.write(out, session.folder(), t, name));
    }

    /// Stops the running export; its partial file is removed.
    public void cancel() {
        if (token != null) token.cancel();
    }

    private interface Work {
        void run(CancelToken token) throws Exception;
    }

    private boolean start(Path out, Work work) {
        if (running.get()) return false;
        CancelToken t = new CancelToken();
        token = t;
        running.set(true);
        progress.set(0);
        status.set("Exporting " + out.getFileName() + "…");
        background.execute(() -> {
            String msg;
            boolean ok = false;
            try {
                work.run(t);
                msg = "Exported " + out;
                ok = true;
            } catch (CancellationException e) {
                msg = "Export cancelled";
            } catch (Exception e) {
                msg = "Export failed: " + (e.getMessage() == null ? e.toString() : e.getMessage());
            }
            String m = msg;
            boolean success = ok;
            ui.execute(() -> {
                status.set(m);
                if (success) {
                    progress.set(1);
                    lastExport.set(out);
                }
                running.set(false);
                token = null;
            });
        });
        return true;
    }
}
