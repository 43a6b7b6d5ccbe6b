package dev.gallop.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.app.media.FrameReader;
import dev.gallop.app.playback.AudioOutput;
import dev.gallop.app.prompt.ModelChoice;
import dev.gallop.app.testing.TestModels;
import dev.gallop.app.testing.UiThread;
import dev.gallop.app.timeline.Edits;
import dev.gallop.app.timeline.Timeline;
import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.pipeline.local.LocalGenerator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The studio's panels wired together, off the FX thread, on the real engine with a tiny random model: prompt →
/// queue → filmstrip → take on the timeline; stop & keep; save, reopen, crash recovery.
class StudioViewModelTest {
    static final AudioOutput.Opener NO_SOUND = () -> { throw new AudioOutput.Unavailable("no sound device in tests", null); };
    @TempDir Path dir;

    @Test void promptToTimelineThroughTheQueue() throws Exception {
        Path model = TestModels.latentOnly(dir);
        ExecutorService bg = Executors.newSingleThreadExecutor();
        try (LocalGenerator g = new LocalGenerator(CpuDevice.get()); UiThread ui = new UiThread()) {
            StudioViewModel vm = ui.call(() -> new StudioViewModel(g, CpuDevice.get(), NO_SOUND, dir, dir.resolve("models"),
                    dir.resolve("project"), ui, bg));
            ui.run(() -> {
                vm.prompt().setModels(List.of(new ModelChoice("tiny", model, false)));
                vm.prompt().bodyProperty().set("a red circle moving left");
                vm.prompt().secondsProperty().set(0.32);
                vm.generate();
            });
            ui.await(() -> vm.timeline().timeline().track("V1").clips().size() == 1, 120, "the shot on the timeline");
            ui.run(() -> {
                assertEquals(3, vm.core().filmstrip().stepCountProperty().get(), "every step's x0 reached the filmstrip");
                assertEquals("Done", vm.viewer().phaseProperty().get());
                String id = vm.timeline().selectedProperty().get();
                assertEquals(vm.timeline().timeline().track("V1").clips().getFirst().id(), id, "the new shot is selected");
                assertTrue(Files.exists(dir.resolve("project").resolve(vm.timeline().timeline().clip(id).take().media())), "take media in the project");
            });
            // stop & keep step 2 of a second job
            ui.run(() -> vm.generate());
            ui.await(() -> vm.core().queue().jobs().size() == 2 && vm.core().filmstrip().jobIdProperty().get().equals(vm.core().queue().jobs().get(1).id())
                    && vm.core().filmstrip().stepCountProperty().get() >= 2, 120, "two steps of the second job");
            ui.run(() -> {
                vm.viewer().showStep(2);
                assertTrue(vm.viewer().previewProperty().get());
                assertTrue(vm.viewer().keep());
            });
            ui.await(() -> vm.timeline().timeline().track("V1").clips().size() == 2, 120, "the kept step as a second shot");
            // regenerate the first shot: a new take on its stack; switching takes and undo
            String first = ui.call(() -> vm.timeline().timeline().track("V1").clips().getFirst().id());
            ui.run(() -> {
                vm.timeline().select(null);
                assertFalse(vm.regenerateSelected(), "nothing selected");
                vm.timeline().select(first);
                assertTrue(vm.regenerateSelected());
            });
            ui.await(() -> vm.timeline().timeline().clip(first).takes().size() == 2, 120, "the new take");
            ui.run(() -> {
                assertEquals(1, vm.timeline().timeline().clip(first).active(), "the new take is shown");
                vm.timeline().select(first);
                assertTrue(vm.switchTake(-1));
                assertEquals(0, vm.timeline().timeline().clip(first).active());
                assertFalse(vm.switchTake(-1), "no take before the first");
                vm.timeline().undo();
                vm.timeline().undo();
                assertEquals(1, vm.timeline().timeline().clip(first).takes().size(), "undo removed the new take");
            });
            ui.run(() -> {
                try {
                    vm.save();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                vm.close();
            });
        } finally {
            bg.shutdownNow();
        }
    }

    @Test void aFreshStartGeneratesWithTheBuiltInDemoModel() throws Exception {
        ExecutorService bg = Executors.newSingleThreadExecutor();
        try (LocalGenerator g = new LocalGenerator(CpuDevice.get()); UiThread ui = new UiThread()) {
            StudioViewModel vm = ui.call(() -> new StudioViewModel(g, CpuDevice.get(), NO_SOUND, TestModels.home(), dir.resolve("no-models"),
                    dir.resolve("project"), ui, bg));
            ui.run(() -> vm.models().rescan());
            ui.await(() -> vm.prompt().modelProperty().get() != null, 60, "the model scan");
            ui.run(() -> {
                assertTrue(vm.prompt().modelProperty().get().builtIn(), "the picker starts on the demo");
                vm.prompt().bodyProperty().set("a red circle bouncing on a blue background");
                vm.prompt().soundProperty().set("a tone that rises and falls with a click at each bounce");
            });
            ui.await(() -> vm.memory().statusProperty().get() == dev.gallop.app.memory.MemoryPlanViewModel.Status.FITS, 60, "the memory plan");
            java.util.List<dev.gallop.app.memory.MemoryPlanViewModel.Status> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
            ui.run(() -> {
                vm.memory().statusProperty().addListener((o, a, b) -> seen.add(b));
                assertTrue(vm.prompt().generate().isPresent(), vm.prompt().problemProperty().get());
            });
            ui.await(() -> vm.timeline().timeline().track("V1").clips().size() == 1, 120, "the demo shot on the timeline");
            ui.await(() -> seen.contains(dev.gallop.app.memory.MemoryPlanViewModel.Status.CHECKING)
                    && vm.memory().statusProperty().get() == dev.gallop.app.memory.MemoryPlanViewModel.Status.FITS, 60,
                    "the request planned again once the job gave its memory back: " + seen);
            String media = ui.call(() -> vm.timeline().timeline().track("V1").clips().getFirst().take().media());
            try (FrameReader r = new FrameReader(dir.resolve("project").resolve(media))) {
                assertEquals(128, r.width());
                assertEquals(128, r.height());
                byte[] f = r.frame(r.frames() / 2);
                int red = 0;
                for (int i = 0; i < f.length; i += 3) if ((f[i] & 0xff) > 150 && (f[i + 1] & 0xff) < 90 && (f[i + 2] & 0xff) < 90) red++;
                assertTrue(red > 40, "a red shape is drawn: " + red + " red pixels");
                assertTrue((f[2] & 0xff) > 120 && (f[0] & 0xff) < 100, "on a blue background: corner pixel " + (f[0] & 0xff) + "," + (f[1] & 0xff) + "," + (f[2] & 0xff));
            }
            ui.run(vm::close);
        } finally {
            bg.shutdownNow();
        }
    }

    @Test void aProjectLeftOpenOffersItsAutosaveNextTime() throws Exception {
        Path project = dir.resolve("p");
        ExecutorService bg = Executors.newSingleThreadExecutor();
        try (LocalGenerator g = new LocalGenerator(CpuDevice.get()); UiThread ui = new UiThread()) {
            StudioViewModel first = ui.call(() -> new StudioViewModel(g, CpuDevice.get(), NO_SOUND, dir, dir, project, ui, bg));
            assertTrue(first.startupRecovery().isEmpty());
            ui.run(() -> {
                first.timeline().apply(new Edits.AddClip("V1", dev.gallop.app.timeline.Clip.of("c", 0,
                        new dev.gallop.app.timeline.Take("t", "media/x.mp4", 10, "{}"))));
                try {
                    first.core().session().autosave();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            // no close(): the lock stays, as after a crash
            StudioViewModel second = ui.call(() -> new StudioViewModel(g, CpuDevice.get(), NO_SOUND, dir, dir, project, ui, bg));
            Timeline t = second.startupRecovery().orElseThrow();
            // what a window does: rebuild its views on a core change, with the viewer it finds then
            List<Object> viewerSeenOnCoreChange = new java.util.ArrayList<>();
            ui.run(() -> second.coreProperty().addListener((o, a, b) -> viewerSeenOnCoreChange.add(second.viewer())));
            assertEquals(1, t.track("V1").clips().size());
            assertFalse(second.timeline().timeline().find("c").isPresent(), "the saved project does not have the clip yet");
            ui.run(() -> {
                try {
                    second.recover(t);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                assertTrue(second.timeline().timeline().find("c").isPresent());
                assertEquals(List.of(second.viewer()), viewerSeenOnCoreChange, "views rebuilt on the recovered core get its viewer, not the closed one's");
            });
            assertTrue(Files.readString(project.resolve("project.json")).contains("media/x.mp4"), "recovered edit saved at once");
            ui.run(second::close);
            assertFalse(Files.exists(project.resolve(".lock")));
        } finally {
            bg.shutdownNow();
        }
    }
}
