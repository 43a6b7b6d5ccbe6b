package dev.gallop.app.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.app.session.ProjectSession;
import dev.gallop.app.testing.UiThread;
import dev.gallop.engine.media.MediaInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import dev.gallop.app.testing.SampleProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportViewModelTest {
    @TempDir Path project;

    @Test void exportsInTheBackgroundWithProgressAndCancel() throws Exception {
        ExecutorService background = Executors.newSingleThreadExecutor();
        try (UiThread ui = new UiThread()) {
            ProjectSession s = new ProjectSession(project, SampleProject.build(project));
            ExportViewModel vm = new ExportViewModel(s, background, ui);
            Path out = vm.suggestedFile("cut", "mp4");
            assertEquals(project.resolve("renders/cut-1.mp4"), out);
            assertTrue(ui.call(() -> vm.exportMp4(out)));
            assertFalse(ui.call(() -> vm.exportMp4(out)), "one export at a time");
            ui.await(() -> !vm.runningProperty().get(), 60, "the export");
            assertEquals("Exported " + out, vm.statusProperty().get());
            assertEquals(1.0, vm.progressProperty().get());
            assertEquals(out, vm.lastExportProperty().get());
            assertEquals(45, MediaInfo.read(out).videoFrames());
            assertEquals(project.resolve("renders/cut-2.mp4"), vm.suggestedFile("cut", "mp4"));

            Path otio = vm.suggestedFile("cut", "otio");
            ui.call(() -> vm.exportOtio(otio));
            ui.await(() -> !vm.runningProperty().get(), 60, "the OTIO export");
            assertTrue(Files.readString(otio).contains("\"Timeline.1\""));

            // cancel as soon as the first frames are written
            Path second = vm.suggestedFile("cut", "mp4");
            ui.run(() -> vm.progressProperty().addListener((o, was, now) -> { if (now.doubleValue() > 0 && now.doubleValue() < 1) vm.cancel(); }));
            ui.call(() -> vm.exportMp4(second));
            ui.await(() -> !vm.runningProperty().get(), 60, "the cancelled export");
            assertEquals("Export cancelled", vm.statusProperty().get());
            assertFalse(Files.exists(second));
            assertEquals(otio, vm.lastExportProperty().get(), "a cancelled export is not the last export");

            // a failure is reported, not thrown
            ProjectSession empty = ProjectSession.open(project.resolve("empty"));
            ExportViewModel vm2 = new ExportViewModel(empty, background, ui);
            ui.call(() -> vm2.exportMp4(project.resolve("renders/nothing.mp4")));
            ui.await(() -> !vm2.runningProperty().get(), 60, "the failed export");
            assertTrue(vm2.statusProperty().get().startsWith("Export failed: the timeline is empty"), vm2.statusProperty().get());
        } finally {
            background.shutdownNow();
        }
    }
}
