package dev.gallop.app.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.app.prompt.ModelChoice;
import dev.gallop.engine.pipeline.discovery.ComponentStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The model manager scans on a background executor and reports what is missing and where it goes.
class ModelManagerViewModelTest {
    @TempDir Path home;

    @Test void emptyRootListsEveryComponentAsMissingWithItsPlace() throws Exception {
        Path root = Files.createDirectories(home.resolve("models"));
        Files.createDirectories(root.resolve("tiny"));
        Files.writeString(root.resolve("tiny/model.json"), "{}");
        ModelManagerViewModel vm = new ModelManagerViewModel(home, root, Runnable::run, Runnable::run);
        List<List<ModelChoice>> published = new ArrayList<>();
        vm.setOnModels(published::add);
        vm.rescan();
        assertEquals(1, published.size());
        assertEquals("tiny", published.getFirst().getFirst().name());
        assertTrue(!vm.rows().isEmpty());
        for (ModelManagerViewModel.Row r : vm.rows()) {
            assertEquals(ComponentStatus.MISSING, r.status());
            assertTrue(r.where().startsWith("Goes in " + root.toAbsolutePath()), r.where());
            assertTrue(r.details().startsWith("Missing: get it from "), r.details());
        }
        assertTrue(vm.summaryProperty().get().startsWith("1 model ready · MagiHuman components: 0 of " + vm.rows().size()), vm.summaryProperty().get());
    }

    @Test void absentRootSaysHowToFixIt() {
        ModelManagerViewModel vm = new ModelManagerViewModel(home, home.resolve("nope"), Runnable::run, Runnable::run);
        vm.rescan();
        assertTrue(vm.rows().isEmpty());
        assertTrue(vm.summaryProperty().get().contains("set GALLOP_MODELS"), vm.summaryProperty().get());
    }
}
