package dev.gallop.app.filmstrip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.app.media.ArgbImage;
import dev.gallop.app.media.LatentDecoder;
import dev.gallop.app.prompt.ModelCatalog;
import dev.gallop.app.testing.TestModels;
import dev.gallop.app.testing.UiThread;
import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.pipeline.DecodedVideo;
import dev.gallop.engine.pipeline.GenerationEvent;
import dev.gallop.engine.pipeline.GenerationRequest;
import dev.gallop.engine.pipeline.LatentClip;
import dev.gallop.engine.pipeline.StructuredPrompt;
import dev.gallop.engine.pipeline.VideoSize;
import dev.gallop.engine.runtime.CancelToken;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// Step pictures through the demo model's real video decoder.
class StepPicturesTest {
    @TempDir Path dir;
    static final Path DEMO = TestModels.home().resolve(ModelCatalog.DEMO);

    static GenerationRequest request(VideoSize size) {
        return new GenerationRequest(new StructuredPrompt("a red circle", List.of(), ""), Optional.empty(), Optional.empty(), 0.32, size, 1, 0, DEMO);
    }

    /// A demo-shaped x₀: 29 channels (the scene latent) × 3 latent frames × 4×4, audio 9 frames × 3.
    static GenerationEvent.Step step(int k) {
        Random r = new Random(k);
        float[] v = new float[29 * 3 * 16];
        for (int i = 0; i < v.length; i++) v[i] = (float) r.nextGaussian();
        return new GenerationEvent.Step(k, 8, 1f - k / 8f, new LatentClip(v, 29, 3, 4, 4, new float[9 * 3], 3));
    }

    @Test void smallClipsAreDecodedStepByStepWithinTheBudget() throws Exception {
        try (UiThread ui = new UiThread(); ExecutorService bg = Executors.newSingleThreadExecutor()) {
            Filmstrips strips = new Filmstrips(4);
            // room for two decoded clips of 9 frames of 128×128
            StepPictures p = ui.call(() -> new StepPictures(strips, new LatentDecoder(CpuDevice.get()), new dev.gallop.app.media.LatentRgbMaps(), bg, ui, 2L * 9 * 128 * 128 * 3));
            GenerationRequest small = request(new VideoSize(128, 128));
            ui.run(() -> {
                assertTrue(p.decodes(small));
                assertTrue(p.decodes(request(new VideoSize(448, 256))), "the demo's scene decoder draws every size");
                for (int k = 1; k <= 3; k++) strips.add("j1", small, step(k));
            });
            ui.await(() -> p.thumbnail("j1", 1).isPresent() && p.thumbnail("j1", 2).isPresent() && p.thumbnail("j1", 3).isPresent(),
                    60, "a thumbnail for every step, the newest first, then the ones skipped meanwhile");
            ui.run(() -> {
                ArgbImage t = p.thumbnail("j1", 3).orElseThrow();
                assertEquals(StepPictures.THUMB_HEIGHT, t.height());
                assertEquals(StepPictures.THUMB_HEIGHT, t.width(), "square like the clip");
                assertEquals(0, p.bytes(), "thumbnails decode the first latent frame only and keep no clip");
            });
            // whole clips when asked for: with room for two, the one used least recently is dropped
            for (int k : new int[] {3, 2, 1}) ui.await(() -> p.video("j1", k).isPresent(), 60, "step " + k + " decoded when asked for");
            DecodedVideo v = ui.call(() -> p.video("j1", 1).orElseThrow());
            assertEquals(2L * 9 * 128 * 128 * 3, ui.call(p::bytes), "two clips held, the third dropped");
            assertEquals(9, v.frames(), "1 + 4·(3 − 1) frames");
            assertEquals(128, v.width());
            assertEquals(128, v.height());
            ui.run(() -> {
                assertTrue(p.held("j1", 3).isEmpty(), "step 3 was dropped");
                assertTrue(p.held("j1", 2).isPresent() && p.held("j1", 1).isPresent());
                assertEquals(ArgbImage.fromRgb(java.util.Arrays.copyOf(v.rgb(), 128 * 128 * 3), 128, 128, StepPictures.THUMB_HEIGHT).pixel(20, 20),
                        p.thumbnail("j1", 1).orElseThrow().pixel(20, 20), "the thumbnail is the clip's first frame");
            });
            DecodedVideo direct = new LatentDecoder(CpuDevice.get()).decodeVideo(step(1).preview(), DEMO, CancelToken.NEVER);
            assertArrayEquals(direct.rgb(), v.rgb(), "the model's own decoder, same pixels");

            ui.run(() -> {
                FilmstripViewModel vm = new FilmstripViewModel(strips, p);
                vm.show("j1");
                vm.seekStep(1);
                assertEquals(128, vm.pictureProperty().get().width(), "the viewer gets the decoded frame, not the 4×4 latent");
                vm.nextFrame();
                assertEquals(v.rgb(1, 10, 10) | 0xff000000, vm.pictureProperty().get().pixel(10, 10), "video frame 1 of the decoded clip");
                assertEquals(40, vm.cellPicture(strips.get("j1").orElseThrow().step(2)).height(), "cells use the thumbnails");
                vm.seekStep(3);
                assertEquals(p.still("j1", 3).orElseThrow(), vm.pictureProperty().get(), "step 3's clip was dropped: its first frame meanwhile");
                assertEquals("Step 3/8 · σ 0.625", vm.labelProperty().get());
                strips.add("j1", small, step(4));
                vm.seekStep(4);
                assertEquals("Step 4/8 · σ 0.500 (picture: step 3, decoding)", vm.labelProperty().get(),
                        "nothing of step 4 decoded yet: step 3's first frame stands in, and the label says so");
                assertEquals(p.still("j1", 3).orElseThrow(), vm.pictureProperty().get());
            });
        }
    }

    @Test void aModelWithoutAVideoDecoderKeepsTheLatentPicture() throws Exception {
        try (UiThread ui = new UiThread(); ExecutorService bg = Executors.newSingleThreadExecutor()) {
            Path model = TestModels.latentOnly(dir);
            GenerationRequest r = TestModels.request(model, "a red circle", 1);
            Filmstrips strips = new Filmstrips(2);
            StepPictures p = ui.call(() -> new StepPictures(strips, new LatentDecoder(CpuDevice.get()), bg, ui));
            ui.run(() -> strips.add("j", r, step(1)));
            ui.await(() -> !p.decodes(r), 60, "the missing decoder noticed");
            ui.run(() -> {
                assertTrue(p.thumbnail("j", 1).isEmpty());
                FilmstripViewModel vm = new FilmstripViewModel(strips, p);
                vm.show("j");
                assertEquals(64, vm.pictureProperty().get().width(), "the latent picture at the clip's pixel scale (4×4 latent × 16)");
                assertTrue(java.util.Arrays.stream(vm.pictureProperty().get().argb()).distinct().count() > 16,
                        "scaled up smoothly, not 16 flat blocks");
            });
        }
    }

    /// A model folder whose video decoder is of `kind` (its files are never read here: the decoder is a stand-in).
    Path modelWithDecoder(String name, String kind) throws Exception {
        Path m = dir.resolve(name);
        for (String d : new String[] {"dit", "text_encoder", "video_decoder"}) java.nio.file.Files.createDirectories(m.resolve(d));
        java.nio.file.Files.writeString(m.resolve("model.json"), "{\"format\": \"gallop-model\", \"video_size\": \"128x128\","
                + " \"aspect_sizes\": {\"16:9\": \"448x256\"}, \"video_decoder\": {\"kind\": \"" + kind + "\", \"path\": \"video_decoder\"}}");
        return m;
    }

    @Test void aSceneDecoderDecodesEveryStepAtAnySizeAndLearnsNoColourMap() throws Exception {
        try (UiThread ui = new UiThread(); ExecutorService bg = Executors.newSingleThreadExecutor()) {
            Path scene = modelWithDecoder("demo2", "demo-scene"), other = modelWithDecoder("big", "turbo-vaed");
            List<String> decoded = new java.util.concurrent.CopyOnWriteArrayList<>();
            StepPictures.Frames drawer = (x0, model, cancel) -> {
                decoded.add(x0.frames() + "x" + x0.height() + "x" + x0.width());
                int frames = 1 + 4 * (x0.frames() - 1);
                byte[] rgb = new byte[frames * 256 * 448 * 3];
                for (int i = 0; i < rgb.length; i += 3) rgb[i] = (byte) 200;    // red shapes, as drawn
                return new DecodedVideo(rgb, frames, 256, 448);
            };
            Filmstrips strips = new Filmstrips(4);
            dev.gallop.app.media.LatentRgbMaps maps = new dev.gallop.app.media.LatentRgbMaps();
            StepPictures p = ui.call(() -> new StepPictures(strips, drawer, maps, bg, ui, StepPictures.BUDGET));
            GenerationRequest wide = new GenerationRequest(new StructuredPrompt("a red circle", List.of(), ""), Optional.empty(), Optional.empty(),
                    0.32, new VideoSize(448, 256), 1, 0, scene);
            ui.run(() -> {
                assertTrue(p.decodes(wide), "448×256 is above the size limit, but a scene decoder is cheap");
                assertFalse(p.decodes(new GenerationRequest(wide.prompt(), Optional.empty(), Optional.empty(), 0.32, new VideoSize(448, 256), 1, 0, other)),
                        "another decoder at 448×256 keeps the latent picture, as before");
                for (int k = 1; k <= 3; k++) strips.add("j", wide, step(k));
            });
            ui.await(() -> p.thumbnail("j", 1).isPresent() && p.thumbnail("j", 2).isPresent() && p.thumbnail("j", 3).isPresent(), 30,
                    "every step decoded");
            assertEquals(List.of("1x4x4", "1x4x4", "1x4x4"), decoded, "the steps' first frames only: no colour-map probe of "
                    + dev.gallop.app.media.LatentRgbMaps.PROBE_SIZE + "×" + dev.gallop.app.media.LatentRgbMaps.PROBE_SIZE + " latent pixels");
            ui.run(() -> {
                assertTrue(maps.map(scene).isEmpty(), "no latent colour map for a scene decoder");
                FilmstripViewModel vm = new FilmstripViewModel(strips, p);
                vm.show("j");
                assertEquals(448, vm.pictureProperty().get().width(), "the viewer shows the decoder's picture, not the latent picture");
                assertEquals(0xffc80000, vm.pictureProperty().get().pixel(100, 100));
                assertEquals(0xffc80000, vm.cellPicture(strips.get("j").orElseThrow().step(2)).pixel(5, 5), "and so do the filmstrip's cells");
            });
            ui.await(() -> p.held("j", 3).isPresent(), 30, "the shown step's whole clip");
            assertEquals("3x4x4", decoded.getLast());
        }
    }
}
