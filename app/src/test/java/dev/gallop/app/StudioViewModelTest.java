package dev.gallop.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.cli.GallopCli;
import dev.gallop.engine.pipeline.LocalGenerator;
import dev.gallop.engine.pipeline.RandomModelWriter;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The studio's view model, off the FX thread, driving the real engine on a random-weight model.
class StudioViewModelTest {
    @TempDir Path dir;

    @Test void generateFillsTheFilmstripAndReportsDone() throws Exception {
        RandomModelWriter.write(dir, GallopCli.tinyConfig(), 1, "distill", 3);
        CountDownLatch done = new CountDownLatch(1);
        try (LocalGenerator g = new LocalGenerator(CpuDevice.get())) {
            StudioViewModel vm = new StudioViewModel(g, Runnable::run);
            vm.runningProperty().addListener((o, was, now) -> { if (!now) done.countDown(); });
            vm.modelFolderProperty().set(dir.toString());
            vm.promptProperty().set("a green triangle spinning");
            vm.secondsProperty().set(0.4);
            vm.generate();
            assertTrue(done.await(60, TimeUnit.SECONDS), "generation did not finish");
            assertEquals(3, vm.steps().size());
            assertNotNull(vm.previewProperty().get());
            assertTrue(vm.statusProperty().get().startsWith("Done"), vm.statusProperty().get());
            int[] px = LatentView.frameArgb(vm.previewProperty().get(), 0);
            assertEquals(vm.previewProperty().get().width() * vm.previewProperty().get().height(), px.length);
        }
    }

    @Test void badFieldsSetAStatusAndStartNothing() {
        try (LocalGenerator g = new LocalGenerator(CpuDevice.get())) {
            StudioViewModel vm = new StudioViewModel(g, Runnable::run);
            vm.promptProperty().set("x");
            vm.generate();
            assertEquals("choose a model folder first", vm.statusProperty().get());
            vm.modelFolderProperty().set(dir.toString());
            vm.seedProperty().set("forty-two");
            vm.generate();
            assertTrue(vm.statusProperty().get().contains("forty-two"));
            assertFalse(vm.runningProperty().get());
        }
    }
}
