package dev.gallop.app.playback;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.app.filmstrip.Filmstrip;
import dev.gallop.app.media.LatentDecoder;
import dev.gallop.app.testing.TestModels;
import dev.gallop.app.testing.UiThread;
import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.pipeline.GenerationEvent;
import dev.gallop.engine.pipeline.LatentClip;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoundPreviewTest {
    @TempDir Path dir;

    static Filmstrip strip(Path model) {
        Random r = new Random(3);
        float[] audio = new float[11 * 64];
        for (int i = 0; i < audio.length; i++) audio[i] = (float) r.nextGaussian();
        Filmstrip f = new Filmstrip("j", TestModels.request(model, "a red circle", 1));
        f.add(new GenerationEvent.Step(1, 3, 0.9f, new LatentClip(new float[48 * 3 * 4 * 6], 48, 3, 4, 6, audio, 64)));
        return f;
    }

    @Test void aStepsSoundIsDecodedAndPlayed() throws Exception {
        Path model = TestModels.withDecoders(dir);
        ExecutorService bg = Executors.newSingleThreadExecutor();
        AtomicReference<OpenAlOutput> device = new AtomicReference<>();
        try (UiThread ui = new UiThread()) {
            SoundPreview p = new SoundPreview(() -> {
                device.set(OpenAlOutput.openLoopback(44_100));
                return device.get();
            }, new LatentDecoder(CpuDevice.get()), bg, ui);
            Filmstrip s = strip(model);
            ui.run(() -> p.play(s, s.step(1)));
            ui.await(p.playingProperty()::get, 60, "the step's sound");
            double sq = 0;
            for (int i = 0; i < 8; i++) {
                for (float v : ui.call(() -> device.get().render(1024))) sq += v * v;
                ui.run(device.get()::pump);
            }
            assertTrue(sq > 0, "the decoded sound reaches the device");
            ui.run(p::stop);
            ui.run(p::tick);
            assertFalse(p.playingProperty().get());
            ui.run(p::close);
        } finally {
            bg.shutdownNow();
        }
    }

    @Test void withoutAnAudioDecoderThereIsANotice() throws Exception {
        Path model = TestModels.latentOnly(dir);
        ExecutorService bg = Executors.newSingleThreadExecutor();
        try (UiThread ui = new UiThread()) {
            SoundPreview p = new SoundPreview(() -> { throw new AudioOutput.Unavailable("none", null); }, new LatentDecoder(CpuDevice.get()), bg, ui);
            Filmstrip s = strip(model);
            ui.run(() -> p.play(s, s.step(1)));
            ui.await(() -> p.noticeProperty().get().contains("no audio decoder"), 60, "the notice");
            assertFalse(p.playingProperty().get());
        } finally {
            bg.shutdownNow();
        }
    }
}
