package dev.gallop.app.filmstrip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.app.testing.TestModels;
import dev.gallop.engine.pipeline.GenerationEvent;
import dev.gallop.engine.pipeline.GenerationRequest;
import dev.gallop.engine.pipeline.LatentClip;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class FilmstripViewModelTest {
    static final GenerationRequest REQ = TestModels.request(Path.of("model"), "a red circle", 1);

    /// x₀ of step k: 3 channels, 2 latent frames of 2×2, every value k (frame 1 brighter in channel 0), audio 4 frames.
    static GenerationEvent.Step step(int k, int total) {
        float[] v = new float[3 * 2 * 4];
        for (int i = 0; i < v.length; i++) v[i] = k + (i % 4);
        float[] a = {k, -k, 0, 0, 2 * k, 0, 0, 0};
        return new GenerationEvent.Step(k, total, 1f - k / (float) total, new LatentClip(v, 3, 2, 2, 2, a, 2));
    }

    @Test void liveModeFollowsNewStepsAndScrubbingLeavesIt() {
        Filmstrips strips = new Filmstrips(2);
        FilmstripViewModel vm = new FilmstripViewModel(strips);
        assertNull(vm.pictureProperty().get());
        strips.add("j1", REQ, step(1, 4));
        assertEquals("j1", vm.jobIdProperty().get(), "follows the job that reports a step");
        strips.add("j1", REQ, step(2, 4));
        assertEquals(2, vm.stepProperty().get());
        assertEquals(2, vm.stepCountProperty().get());
        assertEquals(4, vm.totalStepsProperty().get());
        assertEquals("Step 2/4 · σ 0.500", vm.labelProperty().get());
        assertEquals(32, vm.pictureProperty().get().width(), "a 2×2 latent shown at its pixel scale, smoothly");
        assertEquals(2, vm.latentFramesProperty().get());

        vm.previousStep();
        assertFalse(vm.liveProperty().get());
        assertEquals(1, vm.stepProperty().get());
        strips.add("j1", REQ, step(3, 4));
        assertEquals(1, vm.stepProperty().get(), "a scrubbed strip stays where the user put it");
        assertEquals(3, vm.stepCountProperty().get());
        vm.seekStep(99);
        assertEquals(3, vm.stepProperty().get(), "clamped to the recorded steps");
        vm.goLive();
        strips.add("j1", REQ, step(4, 4));
        assertEquals(4, vm.stepProperty().get());
        assertEquals(4, vm.selected().orElseThrow().index());
    }

    @Test void theLoopWalksTheLatentFramesAndTheWaveformFitsItsColumns() {
        Filmstrips strips = new Filmstrips(2);
        FilmstripViewModel vm = new FilmstripViewModel(strips);
        vm.waveformColumnsProperty().set(4);
        strips.add("j1", REQ, step(2, 4));
        assertEquals(0, vm.latentFrameProperty().get());
        vm.nextFrame();
        assertEquals(1, vm.latentFrameProperty().get(), "video frame 1 is the first of latent frame 1");
        for (int f = 2; f <= 4; f++) {
            vm.nextFrame();
            assertEquals(1, vm.latentFrameProperty().get(), "video frame " + f + " is still latent frame 1");
        }
        vm.nextFrame();
        assertEquals(0, vm.latentFrameProperty().get(), "the loop wraps after 1 + 4·(2 − 1) video frames");
        // audio x0 rows (2, -2), (0, 0), (4, 0), (0, 0) → envelope 0, 0, 1, 0 after scaling by the peak
        assertEquals(4, vm.waveformProperty().get().columns());
        assertEquals(1f, vm.waveformProperty().get().max()[2]);
        assertEquals(0f, vm.waveformProperty().get().max()[0]);
        vm.waveformColumnsProperty().set(2);
        assertEquals(2, vm.waveformProperty().get().columns());
    }

    @Test void followSwitchesJobsUnlessTurnedOffAndOldStripsAreDropped() {
        Filmstrips strips = new Filmstrips(2);
        FilmstripViewModel vm = new FilmstripViewModel(strips);
        strips.add("j1", REQ, step(1, 2));
        strips.add("j2", REQ, step(1, 2));
        assertEquals("j2", vm.jobIdProperty().get());
        vm.followProperty().set(false);
        vm.show("j1");
        strips.add("j3", REQ, step(1, 2));
        assertEquals("j1", vm.jobIdProperty().get());
        assertEquals(2, strips.size(), "only the last two jobs keep their filmstrips");
        assertTrue(strips.get("j2").isEmpty(), "the least recently used strip was dropped");
        assertThrows(IllegalArgumentException.class, () -> strips.get("j1").orElseThrow().step(5));
    }
}
