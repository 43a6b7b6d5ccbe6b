package dev.gallop.app.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.pipeline.GenerationRequest;
import dev.gallop.engine.pipeline.StructuredPrompt;
import dev.gallop.engine.pipeline.VideoSize;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// A model with a size of its own and sizes per aspect (the new demo's 128×128, 448×256 and 256×448): the framing
/// picks which one requests get; the resolution never applies to it.
class ModelFramingTest {
    @TempDir Path dir;
    final List<GenerationRequest> queued = new ArrayList<>();

    /// A model folder whose `model.json` has `sizes` (JSON members after the format).
    Path model(String name, String sizes) throws Exception {
        Path m = dir.resolve(name);
        Files.createDirectories(m.resolve("dit"));
        Files.createDirectories(m.resolve("text_encoder"));
        Files.writeString(m.resolve("model.json"), "{\"format\": \"gallop-model\"" + sizes + "}");
        return m;
    }

    Path demoLike() throws Exception {
        return model("demo2", ", \"video_size\": \"128x128\", \"aspect_sizes\": {\"16:9\": \"448x256\", \"9:16\": \"256x448\"}");
    }

    PromptViewModel vm(Path... models) {
        PromptViewModel vm = new PromptViewModel((r, target, first) -> queued.add(r), new Random(7));
        List<ModelChoice> list = new ArrayList<>();
        for (Path m : models) list.add(ModelChoice.read(m.getFileName().toString(), m, false));
        vm.setModels(list);
        vm.bodyProperty().set("a red circle bouncing on a blue background");
        return vm;
    }

    @Test void theModelsSizesAreReadFromItsManifest() throws Exception {
        ModelChoice c = ModelChoice.read("demo2", demoLike(), true);
        assertEquals(Optional.of(new VideoSize(128, 128)), c.size());
        assertEquals(Map.of(VideoSize.Aspect.LANDSCAPE_16_9, new VideoSize(448, 256), VideoSize.Aspect.PORTRAIT_9_16, new VideoSize(256, 448)),
                c.aspectSizes());
        assertEquals(List.of(Framing.OWN_SIZE, Framing.LANDSCAPE_16_9, Framing.PORTRAIT_9_16), List.copyOf(c.framings()));
        assertEquals(Optional.of(new VideoSize(448, 256)), c.size(Framing.LANDSCAPE_16_9));
        ModelChoice big = ModelChoice.read("big", model("big", ""), false);
        assertEquals(List.of(Framing.LANDSCAPE_16_9, Framing.PORTRAIT_9_16), List.copyOf(big.framings()));
        assertEquals(Optional.empty(), big.size(Framing.LANDSCAPE_16_9), "the pickers say");
    }

    @Test void eachFramingAsksForItsSizeAndTheResolutionDoesNotApply() throws Exception {
        PromptViewModel vm = vm(demoLike());
        vm.resolutionProperty().set(VideoSize.Preset.P1080);
        assertEquals(Framing.OWN_SIZE, vm.framingProperty().get(), "a fresh panel asks for the model's own size");
        assertEquals(new VideoSize(128, 128), vm.request().size());
        assertEquals(new VideoSize(128, 128), vm.modelSizeProperty().get());
        assertEquals(List.of(Framing.OWN_SIZE, Framing.LANDSCAPE_16_9, Framing.PORTRAIT_9_16), vm.framings());

        vm.chooseFraming(Framing.LANDSCAPE_16_9);
        assertEquals(Framing.LANDSCAPE_16_9, vm.framingProperty().get());
        assertEquals(new VideoSize(448, 256), vm.request().size());
        assertEquals(new VideoSize(448, 256), vm.planRequest().orElseThrow().size(), "the memory plan is made for it too");
        assertEquals(new VideoSize(448, 256), vm.modelSizeProperty().get());
        assertTrue(vm.generate().isPresent());
        assertEquals(new VideoSize(448, 256), queued.getLast().size(), "and the queue gets it");

        vm.chooseFraming(Framing.PORTRAIT_9_16);
        assertEquals(new VideoSize(256, 448), vm.request().size());
        vm.chooseFraming(Framing.OWN_SIZE);
        assertEquals(new VideoSize(128, 128), vm.request().size());
        assertEquals(VideoSize.Aspect.PORTRAIT_9_16, vm.aspectProperty().get(), "the aspect is kept for the other models");
    }

    @Test void anAspectTheModelHasNoSizeForFallsBackToItsOwnSize() throws Exception {
        PromptViewModel vm = vm(model("wide", ", \"video_size\": \"64x64\", \"aspect_sizes\": {\"16:9\": \"128x64\"}"));
        assertEquals(List.of(Framing.OWN_SIZE, Framing.LANDSCAPE_16_9), vm.framings());
        vm.modelOwnSizeProperty().set(false);
        vm.aspectProperty().set(VideoSize.Aspect.PORTRAIT_9_16);
        assertEquals(Framing.OWN_SIZE, vm.framingProperty().get());
        assertEquals(new VideoSize(64, 64), vm.request().size());
        vm.aspectProperty().set(VideoSize.Aspect.LANDSCAPE_16_9);
        assertEquals(new VideoSize(128, 64), vm.request().size());

        PromptViewModel old = vm(model("old-demo", ", \"video_size\": \"64x64\""));
        assertEquals(List.of(Framing.OWN_SIZE), old.framings(), "today's demo: its own size alone");
        old.chooseFraming(Framing.LANDSCAPE_16_9);
        assertEquals(new VideoSize(64, 64), old.request().size());
    }

    @Test void switchingModelsKeepsEachKindsChoice() throws Exception {
        Path demo = demoLike(), big = model("big", "");
        PromptViewModel vm = vm(demo, big);
        vm.chooseFraming(Framing.PORTRAIT_9_16);
        vm.modelProperty().set(vm.models().get(1));
        assertNull(vm.modelSizeProperty().get(), "the pickers apply");
        assertEquals(Framing.PORTRAIT_9_16, vm.framingProperty().get());
        assertEquals(new VideoSize(256, 448), vm.request().size());
        vm.resolutionProperty().set(VideoSize.Preset.P540);
        vm.chooseFraming(Framing.LANDSCAPE_16_9);
        assertEquals(new VideoSize(896, 512), vm.request().size());
        assertFalse(vm.modelOwnSizeProperty().get());
        vm.modelProperty().set(vm.models().getFirst());
        assertEquals(new VideoSize(448, 256), vm.request().size(), "the demo at the aspect chosen for the other model");

        vm.chooseFraming(Framing.OWN_SIZE);
        vm.modelProperty().set(vm.models().get(1));
        vm.chooseFraming(Framing.PORTRAIT_9_16);
        assertTrue(vm.modelOwnSizeProperty().get(), "an aspect picked for a model without a size of its own leaves the demo's own size");
        vm.modelProperty().set(vm.models().getFirst());
        assertEquals(new VideoSize(128, 128), vm.request().size());
    }

    @Test void theFramingIsSavedAndOldProjectFilesAskForTheOwnSize() throws Exception {
        Path demo = demoLike();
        PromptViewModel vm = vm(demo);
        vm.chooseFraming(Framing.LANDSCAPE_16_9);
        Path project = Files.createDirectories(dir.resolve("p"));
        vm.state().write(project);
        assertTrue(Files.readString(project.resolve(PromptState.FILE)).contains("\"model_own_size\" : false"));
        PromptViewModel back = vm(demo);
        back.restore(PromptState.read(project));
        assertEquals(new VideoSize(448, 256), back.request().size());

        Files.writeString(project.resolve(PromptState.FILE), "{\"format\": \"gallop-prompt\", \"version\": 1, \"body\": \"a red circle\","
                + " \"aspect\": \"portrait_9_16\", \"resolution\": \"p256\", \"model\": \"" + demo.toString().replace("\\", "\\\\") + "\"}");
        PromptState old = PromptState.read(project);
        assertTrue(old.modelOwnSize(), "a file from before the framing");
        PromptViewModel again = vm(demo);
        again.restore(old);
        assertEquals(new VideoSize(128, 128), again.request().size());
        assertEquals(VideoSize.Aspect.PORTRAIT_9_16, again.aspectProperty().get());
    }

    @Test void loadingAShotPicksTheFramingOfItsSize() throws Exception {
        Path demo = demoLike();
        PromptViewModel vm = vm(demo);
        StructuredPrompt p = StructuredPrompt.of("a green square");
        vm.load(p, Optional.empty(), Optional.empty(), 1.0, new VideoSize(256, 448), 3, demo);
        assertEquals(Framing.PORTRAIT_9_16, vm.framingProperty().get());
        assertEquals(new VideoSize(256, 448), vm.request().size());
        vm.load(p, Optional.empty(), Optional.empty(), 1.0, new VideoSize(128, 128), 3, demo);
        assertEquals(Framing.OWN_SIZE, vm.framingProperty().get());
        assertEquals(new VideoSize(128, 128), vm.request().size());
    }
}
