package dev.gallop.app.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.app.testing.TestModels;
import dev.gallop.engine.pipeline.GenerationRequest;
import dev.gallop.engine.pipeline.Language;
import dev.gallop.engine.pipeline.VideoSize;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The prompt panel's logic, off the FX thread.
class PromptViewModelTest {
    @TempDir Path dir;
    final List<GenerationRequest> queued = new ArrayList<>();

    PromptViewModel vm() throws Exception {
        Files.createDirectories(dir.resolve("m"));
        Files.writeString(dir.resolve("m/model.json"), "{}");
        PromptViewModel vm = new PromptViewModel((r, target, first) -> queued.add(first ? 0 : queued.size(), r), new Random(7));
        vm.setModels(List.of(new ModelChoice("m", dir.resolve("m"), false)));
        return vm;
    }

    @Test void rendersTheFinalPromptLiveWithDialogueAndSound() throws Exception {
        PromptViewModel vm = vm();
        assertTrue(vm.renderedProperty().get().contains("main body is empty"), vm.renderedProperty().get());
        vm.bodyProperty().set("A woman at a window.");
        DialogueLineModel l = vm.addDialogueLine();
        l.speakerProperty().set("Woman");
        l.languageProperty().set(Language.CHINESE_MANDARIN);
        l.textProperty().set("你好");
        vm.soundProperty().set("rain");
        assertEquals("A woman at a window.\n\nDialogue:\n<Woman, Mandarin Chinese>: \"你 好\"\n\nBackground Sound:\n<rain>",
                vm.renderedProperty().get());
        l.textProperty().set("");
        assertTrue(vm.problemProperty().get().contains("dialogue line 1 (Woman) has no words"), vm.problemProperty().get());
    }

    @Test void durationSnapsToWholeLatentFrames() throws Exception {
        PromptViewModel vm = vm();
        vm.secondsProperty().set(5);
        assertEquals(4.96, vm.secondsProperty().get(), 1e-9);
        assertEquals("4.96 s · 125 frames", vm.durationTextProperty().get());
        vm.secondsProperty().set(0.01);
        assertEquals(0.16, vm.secondsProperty().get(), 1e-9);
        vm.secondsProperty().set(99);
        assertEquals(Durations.MAX, vm.secondsProperty().get(), 1e-9);
        vm.bodyProperty().set("x");
        vm.secondsProperty().set(2);
        GenerationRequest r = vm.request();
        assertEquals(Durations.frames(vm.secondsProperty().get()), r.videoFrames(), "snapped length decodes to exactly its frames");
    }

    @Test void generateQueuesTheRequestAndMovesTheSeedOn() throws Exception {
        PromptViewModel vm = vm();
        vm.bodyProperty().set("a red circle");
        vm.aspectProperty().set(VideoSize.Aspect.PORTRAIT_9_16);
        vm.seedProperty().set("10");
        vm.seedControlProperty().set(SeedControl.INCREMENT);
        assertTrue(vm.generate().isPresent());
        assertEquals(10, queued.getFirst().seed());
        assertEquals(new VideoSize(256, 448), queued.getFirst().size());
        assertEquals("11", vm.seedProperty().get());
        vm.seedControlProperty().set(SeedControl.FIXED);
        vm.generate();
        assertEquals("11", vm.seedProperty().get());
        vm.seedControlProperty().set(SeedControl.RANDOM);
        vm.generate();
        assertEquals(11, queued.get(2).seed());
        long next = Long.parseLong(vm.seedProperty().get());
        assertTrue(next != 11 && next >= 0 && next < 1L << 48, "random seed " + next);
        vm.generate(true);
        assertEquals(next, queued.getFirst().seed(), "Ctrl+Shift+Enter queues first");
    }

    @Test void badFieldsQueueNothingAndSayWhy() throws Exception {
        PromptViewModel vm = vm();
        assertTrue(vm.generate().isEmpty());
        assertTrue(vm.problemProperty().get().contains("main body is empty"));
        vm.bodyProperty().set("x");
        vm.seedProperty().set("forty-two");
        assertTrue(vm.generate().isEmpty());
        assertTrue(vm.problemProperty().get().contains("'forty-two'"));
        vm.seedProperty().set("1");
        vm.setModels(List.of());
        assertTrue(vm.problemProperty().get().startsWith("choose a model first"));
        assertTrue(queued.isEmpty());
    }

    @Test void theGateRefusesAFinishedRequestWithItsReason() throws Exception {
        PromptViewModel vm = vm();
        vm.bodyProperty().set("a red circle");
        vm.setGate(r -> r.seconds() > 4 ? java.util.Optional.of("does not fit: too long") : java.util.Optional.empty());
        assertEquals("", vm.problemProperty().get());
        vm.secondsProperty().set(4.96);
        assertEquals("does not fit: too long", vm.problemProperty().get(), "asked again when a field changes");
        assertTrue(vm.generate().isEmpty());
        assertTrue(vm.generate(true).isEmpty());
        assertTrue(queued.isEmpty());
        vm.secondsProperty().set(2.08);
        assertTrue(vm.generate().isPresent());
        assertEquals("", vm.problemProperty().get());
    }

    @Test void thePlanRequestIsThereBeforeThePromptIsFinished() throws Exception {
        PromptViewModel vm = vm();
        GenerationRequest empty = vm.planRequest().orElseThrow();
        assertEquals(0, empty.seed());
        assertEquals(dir.resolve("m"), empty.model());
        vm.bodyProperty().set("A woman at a window.");
        vm.seedProperty().set("77");
        GenerationRequest r = vm.request(), planned = vm.planRequest().orElseThrow();
        assertEquals(r.prompt(), planned.prompt());
        assertEquals(r.size(), planned.size());
        assertEquals(r.seconds(), planned.seconds());
        assertEquals(0, planned.seed(), "the seed does not change memory");
        vm.setModels(List.of());
        assertTrue(vm.planRequest().isEmpty(), "nothing to plan without a model");
    }

    @Test void inputFilesAreCheckedByContentAndOnlyModesTheModelCanRunAreOffered() throws Exception {
        PromptViewModel vm = vm();
        vm.bodyProperty().set("x");
        assertEquals(List.of(GenerationMode.TEXT_TO_VIDEO), vm.modes(), "a text-only model");
        Path png = dir.resolve("face.PNG");
        javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(40, 20, java.awt.image.BufferedImage.TYPE_INT_RGB), "png", png.toFile());
        var refused = assertThrows(IllegalArgumentException.class, () -> vm.drop(png));
        assertTrue(refused.getMessage().contains("cannot run image → video: it has no image encoder"), refused.getMessage());

        Files.writeString(dir.resolve("m/model.json"), "{}");
        vm.setModels(List.of(new ModelChoice("m", dir.resolve("m"), false, java.util.Optional.empty(),
                java.util.Set.of(GenerationMode.TEXT_TO_VIDEO, GenerationMode.IMAGE_TO_VIDEO, GenerationMode.AUDIO_TO_VIDEO))));
        assertEquals(List.of(GenerationMode.values()), vm.modes());
        vm.modeProperty().set(GenerationMode.IMAGE_TO_VIDEO);
        assertTrue(vm.problemProperty().get().contains("needs an image"));
        assertEquals("Choose or drop an image to start from", vm.inputTextProperty().get());
        vm.drop(png);
        assertEquals(GenerationMode.IMAGE_TO_VIDEO, vm.modeProperty().get());
        assertEquals(png, vm.request().image().orElseThrow());
        assertEquals("face.PNG · 40×20", vm.inputTextProperty().get());
        assertEquals(20, vm.imagePreviewProperty().get().height(), "a preview of the chosen image");

        Path wav = dir.resolve("line.mp3");    // a WAV under another name: the content decides
        dev.gallop.engine.media.WavWriter.write(wav, new dev.gallop.engine.pipeline.DecodedAudio(new float[44_100], 1, 44_100));
        vm.drop(wav);
        assertEquals(GenerationMode.AUDIO_TO_VIDEO, vm.modeProperty().get());
        assertEquals(wav, vm.request().audio().orElseThrow());
        assertTrue(vm.inputTextProperty().get().startsWith("line.mp3 · 1.00 s"), vm.inputTextProperty().get());
        assertTrue(vm.request().image().isEmpty(), "only the chosen mode's input is sent");

        Path fake = Files.writeString(dir.resolve("fake.png"), "hello, I am text");
        var e = assertThrows(IllegalArgumentException.class, () -> vm.chooseImage(fake));
        assertTrue(e.getMessage().contains("fake.png is not an image") && e.getMessage().contains("'hello, I am text…' (text)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> vm.drop(fake));
        assertTrue(e.getMessage().contains("fake.png is neither an image"), e.getMessage());
        Path broken = Files.write(dir.resolve("broken.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 1});
        e = assertThrows(IllegalArgumentException.class, () -> vm.chooseImage(broken));
        assertTrue(e.getMessage().contains("looks like a PNG image but cannot be decoded"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> vm.drop(dir.resolve("gone.png")));

        vm.setModels(List.of(new ModelChoice("m", dir.resolve("m"), false)));
        assertEquals(GenerationMode.TEXT_TO_VIDEO, vm.modeProperty().get(), "the new model cannot take sound: back to text → video");
        assertEquals(List.of(GenerationMode.TEXT_TO_VIDEO), vm.modes());
    }

    @Test void modelPickerListsTheDemoFirstAndAcceptsModelFolders() throws Exception {
        Path home = dir.resolve("home"), root = home.resolve("models");
        for (String m : new String[] {"assets/models/demo", "models/zeta", "models/alpha", "models/set/beta"}) {
            Files.createDirectories(home.resolve(m));
            Files.writeString(home.resolve(m).resolve("model.json"), "{}");
        }
        Files.createDirectories(root.resolve("not-a-model"));
        List<ModelChoice> found = ModelCatalog.find(home, root);
        assertEquals(List.of("Gallop demo", "alpha", "set/beta", "zeta"), found.stream().map(ModelChoice::name).toList());
        assertTrue(found.getFirst().builtIn());
        assertFalse(found.get(1).builtIn());
        PromptViewModel vm = vm();
        vm.setModels(found);
        assertEquals("Gallop demo", vm.modelProperty().get().name());
        var e = assertThrows(IllegalArgumentException.class, () -> vm.addModelFolder(root.resolve("not-a-model")));
        assertTrue(e.getMessage().contains("has no model.json"));
        vm.addModelFolder(root.resolve("zeta"));
        assertEquals(root.resolve("zeta").toAbsolutePath(), vm.modelProperty().get().folder());
        assertEquals(4, vm.models().size(), "a known folder is not added twice");
    }

    @Test void theDemoModelComesFirstAndIsAskedForItsOwnSize() throws Exception {
        List<ModelChoice> found = ModelCatalog.find(TestModels.home(), dir.resolve("no-models-installed"));
        assertEquals(1, found.size(), "only the built-in demo: " + found);
        ModelChoice demo = found.getFirst();
        assertTrue(demo.builtIn());
        assertEquals(TestModels.home().resolve(ModelCatalog.DEMO), demo.folder());
        assertEquals(new VideoSize(128, 128), demo.size().orElseThrow(), "the demo manifest's video_size");

        PromptViewModel vm = new PromptViewModel((r, target, first) -> queued.add(r), new Random(7));
        assertTrue(vm.problemProperty().get().startsWith("choose a model first"));
        vm.setModels(found);
        assertEquals(demo, vm.modelProperty().get(), "a fresh start picks the demo");
        assertEquals(new VideoSize(128, 128), vm.modelSizeProperty().get());
        vm.bodyProperty().set("a red circle bouncing on a blue background");
        vm.aspectProperty().set(VideoSize.Aspect.PORTRAIT_9_16);
        vm.resolutionProperty().set(VideoSize.Preset.P540);
        assertTrue(vm.generate().isPresent());
        assertEquals(new VideoSize(128, 128), queued.getFirst().size(), "the pickers do not apply to a model with its own size");
        assertEquals(demo.folder(), queued.getFirst().model());

        Files.createDirectories(dir.resolve("m"));
        Files.writeString(dir.resolve("m/model.json"), "{}");
        vm.addModelFolder(dir.resolve("m"));
        assertNull(vm.modelSizeProperty().get(), "an unreadable manifest has no size of its own");
        vm.generate();
        assertEquals(new VideoSize(512, 896), queued.get(1).size());
        vm.setModels(found);
        assertEquals(demo, vm.modelProperty().get(), "the added folder is gone after a rescan: back to the demo");
    }

    @Test void thePanelIsSavedWithTheProjectAndTheSeedNeverFallsBackToAnUsedOne() throws Exception {
        PromptViewModel vm = vm();
        vm.bodyProperty().set("a red circle");
        DialogueLineModel l = vm.addDialogueLine();
        l.speakerProperty().set("a robot");
        l.textProperty().set("hello");
        vm.soundProperty().set("rain");
        vm.secondsProperty().set(1.28);
        vm.seedProperty().set("7");
        vm.seedControlProperty().set(SeedControl.INCREMENT);
        vm.aspectProperty().set(VideoSize.Aspect.PORTRAIT_9_16);
        int[] changes = {0};
        vm.addChangeListener(() -> changes[0]++);
        assertTrue(vm.generate().isPresent());
        assertTrue(changes[0] > 0, "the seed moved on: a change");
        assertEquals("8", vm.seedProperty().get());
        Path project = Files.createDirectories(dir.resolve("p"));
        vm.state().write(project);

        PromptViewModel back = new PromptViewModel((r, t, f) -> { }, new Random(1));
        back.restore(PromptState.read(project));
        assertEquals("a red circle", back.bodyProperty().get());
        assertEquals("hello", back.dialogue().getFirst().textProperty().get());
        assertEquals("rain", back.soundProperty().get());
        assertEquals(1.28, back.secondsProperty().get(), 1e-9);
        assertEquals("8", back.seedProperty().get(), "the next seed survives a restart");
        assertEquals(VideoSize.Aspect.PORTRAIT_9_16, back.aspectProperty().get());
        assertEquals(dir.resolve("m"), back.modelProperty().get().folder(), "the model folder comes back");

        back.ensureSeedAbove(20);
        assertEquals("21", back.seedProperty().get(), "past every seed the project's takes used");
        back.ensureSeedAbove(3);
        assertEquals("21", back.seedProperty().get());
        back.seedControlProperty().set(SeedControl.FIXED);
        back.ensureSeedAbove(50);
        assertEquals("21", back.seedProperty().get(), "a fixed seed is the user's choice");
        Files.writeString(project.resolve(PromptState.FILE), "{\"format\":\"gallop-prompt\",\"mode\":\"sideways\"}");
        java.io.IOException e = assertThrows(java.io.IOException.class, () -> PromptState.read(project));
        assertTrue(e.getMessage().contains("prompt.json") && e.getMessage().contains("SIDEWAYS"), e.getMessage());
    }
}
