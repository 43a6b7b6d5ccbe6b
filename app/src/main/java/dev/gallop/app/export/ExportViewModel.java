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

/// File ▸ Export: the timeline as it is now — the whole edit or the part between the in and out marks — to a video
/// (MP4 H.264/AAC or ProRes in QuickTime, at the shots' size, 720p or 1080p, at a quality; with a JSON sidecar) or an
/// interchange file (OTIO with relative media paths, an OTIOZ bundle with the media, FCPXML for Final Cut Pro and
/// Resolve, FCP7 XML for Premiere Pro), each clip carrying its generation record; on the background executor, with
/// progress and cancel. One export at a time. Call on the UI thread; results arrive through `ui`.
public final class ExportViewModel {
    private final ProjectSession session;
    private final Executor background, ui;
    private final ObjectProperty<ExportSettings.Format> format = new SimpleObjectProperty<>(ExportSettings.Format.MP4);
    private final ObjectProperty<ExportSettings.Size> size = new SimpleObjectProperty<>(ExportSettings.Size.MODEL);
    private final ObjectProperty<ExportSettings.Range> range = new SimpleObjectProperty<>(ExportSettings.Range.WHOLE);
    private final ObjectProperty<ExportSettings.Quality> quality = new SimpleObjectProperty<>(ExportSettings.Quality.STANDARD);
    private java.util.function.IntSupplier markIn = () -> -1, markOut = () -> -1;
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

    /// The in and out marks of the project's player (the range export).
    public void setMarks(java.util.function.IntSupplier in, java.util.function.IntSupplier out) {
        markIn = in;
        markOut = out;
    }

    public ObjectProperty<ExportSettings.Format> formatProperty() { return format; }
    public ObjectProperty<ExportSettings.Size> sizeProperty() { return size; }
    public ObjectProperty<ExportSettings.Range> rangeProperty() { return range; }
    public ObjectProperty<ExportSettings.Quality> qualityProperty() { return quality; }

    /// The settings chosen now.
    public ExportSettings settings() { return new ExportSettings(format.get(), size.get(), range.get(), quality.get()); }

    /// "Frames 12–40 (1.16 s)" for the marks, or why there is no range.
    public String rangeText() {
        Timeline t = session.timeline();
        try {
            int[] r = EditRange.marks(markIn.getAsInt(), markOut.getAsInt(), t.duration());
            return String.format(java.util.Locale.ROOT, "%s – %s (%.2f s)", dev.gallop.app.timeline.Timecode.format(r[0], t.fps()),
                    dev.gallop.app.timeline.Timecode.format(r[1], t.fps()), (r[1] - r[0]) / (double) t.fps());
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /// Exports with the chosen settings to `out` (the format's extension is added when missing); false when an export
    /// is already running. A problem with the settings (no marks for a range, an empty edit) is reported in the status.
    public boolean export(Path out) {
        if (running.get()) return false;
        ExportSettings s = settings();
        String ext = "." + s.format().extension();
        Path file = out.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(ext) ? out : out.resolveSibling(out.getFileName() + ext);
        Timeline t;
        int length;
        try {
            t = session.timeline();
            length = t.duration();
            if (s.range() == ExportSettings.Range.IN_OUT) {
                int[] r = EditRange.marks(markIn.getAsInt(), markOut.getAsInt(), t.duration());
                t = EditRange.of(t, r[0], r[1]);
                length = r[1] - r[0];
            }
        } catch (IllegalArgumentException e) {
            status.set("Export failed: " + e.getMessage());
            return false;
        }
        Timeline cut = t;
        int frames = length;
        String name = projectName();
        return switch (s.format()) {
            case MP4, PRORES -> start(file, token -> Mp4Export.export(session.folder(), cut, file, s, frames, p -> ui.execute(() -> progress.set(p)), token));
            case OTIO -> start(file, token -> OtioWriter.write(file, session.folder(), cut, name));
            case OTIOZ -> start(file, token -> OtioWriter.writeBundle(file, session.folder(), cut, name, token));
            case FCPXML -> start(file, token -> FcpxmlWriter.write(file, session.folder(), cut, name));
            case FCP7 -> start(file, token -> Fcp7XmlWriter.write(file, session.folder(), cut, name));
        };
    }

    private String projectName() {
        return session.folder().toAbsolutePath().normalize().getFileName() == null ? "Gallop" : session.folder().toAbsolutePath().normalize().getFileName().toString();
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
        String name = projectName();
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
