package dev.gallop.app.ui;

import dev.gallop.app.StudioViewModel;
import javafx.stage.Stage;

/// File ▸ Export: the timeline to MP4 (with sidecar) or OTIO.
final class ExportDialog {
    private ExportDialog() {}

    static void show(Stage owner, StudioViewModel vm) {
        Dialogs.error(owner, "Export", "Export is not wired yet");
    }
}
