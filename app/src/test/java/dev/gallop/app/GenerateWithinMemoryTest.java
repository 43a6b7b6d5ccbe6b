package dev.gallop.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.app.memory.Budgets;
import dev.gallop.app.memory.MemoryPlanViewModel;
import dev.gallop.app.queue.JobState;
import dev.gallop.app.queue.QueueJob;
import dev.gallop.app.settings.AppSettings;
import dev.gallop.app.testing.TestModels;
import dev.gallop.app.testing.UiThread;
import dev.gallop.engine.backend.MemoryBudget;
import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.pipeline.local.LocalGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The studio never starts a job that cannot fit: with the GPU memory budget kept in the settings at the least there
/// is, the demo model's plan does not fit on the CPU, Generate (and Ctrl+Enter) is refused with the plan's verdict in
/// the prompt panel and the status line, and a job that reaches the generator anyway fails with it in the queue.
/// Choosing automatic makes a new plan that fits, and Generate queues the job.
class GenerateWithinMemoryTest {
    @TempDir Path dir;

    @Test void generateIsRefusedWhileThePlanDoesNotFit() throws Exception {
        Path settingsFile = dir.resolve("settings.json");
        Files.writeString(settingsFile, "{\"format\": \"gallop-settings\", \"version\": 1, \"gpu_memory_budget\": \"8M\"}");
        ExecutorService bg = Executors.newSingleThreadExecutor();
        try (LocalGenerator g = new LocalGenerator(CpuDevice.get()); UiThread ui = new UiThread()) {
            StudioViewModel vm = ui.call(() -> new StudioViewModel(g, CpuDevice.get(), StudioViewModelTest.NO_SOUND, TestModels.home(),
                    dir.resolve("no-models"), dir.resolve("project"), ui, bg, AppSettings.load(settingsFile)));
            assertEquals(new MemoryBudget(8L << 20), g.budget(), "the kept budget is applied to the generator at start");
            assertEquals("8M", ui.call(() -> vm.budget().choiceProperty().get()));
            ui.run(() -> vm.models().rescan());
            ui.await(() -> vm.prompt().modelProperty().get() != null, 60, "the model scan");
            ui.run(() -> vm.prompt().bodyProperty().set("a red circle bouncing on a blue background"));
            ui.await(() -> vm.memory().statusProperty().get() == MemoryPlanViewModel.Status.DOES_NOT_FIT, 30, "the plan");
            String verdict = ui.call(() -> vm.memory().planProperty().get().verdict());
            ui.run(() -> {
                assertTrue(vm.memory().textProperty().get().startsWith("Does not fit: "), vm.memory().textProperty().get());
                assertEquals(verdict, vm.prompt().problemProperty().get(), "Generate is disabled with the verdict as the reason");
                assertFalse(vm.generate(), "Ctrl+Enter");
                assertFalse(vm.generateFirst(), "Ctrl+Shift+Enter");
                assertEquals("Not queued: " + verdict, vm.statusProperty().get());
                assertTrue(vm.core().queue().jobs().isEmpty(), "nothing queued");
            });

            // a job that reaches the generator without the panel (a stale plan, a retake) is refused there
            QueueJob raced = ui.call(() -> vm.core().queue().add(vm.prompt().request()));
            ui.await(() -> raced.stateProperty().get() == JobState.FAILED, 60, "the generator's refusal");
            assertEquals(verdict, ui.call(() -> raced.messageProperty().get()));

            ui.run(() -> assertTrue(vm.budget().choose(Budgets.AUTOMATIC)));
            assertEquals(MemoryBudget.UNLIMITED, g.budget());
            ui.await(() -> vm.memory().statusProperty().get() == MemoryPlanViewModel.Status.FITS, 30, "the plan within all free memory");
            ui.run(() -> {
                assertTrue(vm.memory().textProperty().get().startsWith("Fits · peak "), vm.memory().textProperty().get());
                assertEquals("", vm.prompt().problemProperty().get());
                assertTrue(vm.generate());
            });
            ui.await(() -> vm.timeline().timeline().track("V1").clips().size() == 1, 120, "the shot generated");
            assertFalse(Files.readString(settingsFile).contains("gpu_memory_budget"), "automatic is kept");
            ui.run(vm::close);
        } finally {
            bg.shutdownNow();
        }
    }
}
