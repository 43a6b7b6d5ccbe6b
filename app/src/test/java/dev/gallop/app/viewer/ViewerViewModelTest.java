package dev.gallop.app.viewer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.pipeline.GenerationEvent;
import dev.gallop.engine.pipeline.LatentClip;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/// Filmstrip, follow-live, scrubbing, the preview loop and stop & keep.
class ViewerViewModelTest {
    static LatentClip x0(float v, int frames) {
        return new LatentClip(new float[2 * frames * 2 * 2], 2, frames, 2, 2, new float[] {v, 0, 0, 2 * v, 0, 0}, 2);
    }

    @Test void followsLiveUntilTheUserScrubsThenKeepsTheShownStep() {
        ViewerViewModel vm = new ViewerViewModel();
        List<StepFrame> kept = new ArrayList<>();
        vm.setKeeper(kept::add);
        assertFalse(vm.keep(), "nothing to keep before any step");
        vm.begin("Queued");
        assertTrue(vm.generatingProperty().get());
        vm.accept(new GenerationEvent.Phase("denoising"));
        assertEquals("Denoising", vm.phaseProperty().get());
        for (int i = 1; i <= 3; i++) vm.accept(new GenerationEvent.Step(i, 4, 1f / i, x0(i, 5)));
        assertEquals(3, vm.steps().size());
        assertEquals(2, vm.shownStepProperty().get(), "following the newest step");
        assertEquals(0.75, vm.progressProperty().get(), 1e-9);
        vm.show(0);
        vm.accept(new GenerationEvent.Step(4, 4, 0, x0(4, 5)));
        assertEquals(0, vm.shownStepProperty().get(), "a scrubbed step stays on screen");
        assertTrue(vm.keep());
        assertSame(vm.steps().getFirst(), kept.getFirst());
        vm.followLive();
        assertEquals(3, vm.shownStepProperty().get());
        vm.accept(new GenerationEvent.Cancelled());
        assertEquals("Cancelled", vm.phaseProperty().get());
        assertFalse(vm.generatingProperty().get());
        vm.begin("Next");
        assertTrue(vm.steps().isEmpty());
        assertEquals(-1, vm.shownStepProperty().get());
    }

    @Test void previewLoopsOverTheLatentFramesAtRealSpeed() {
        ViewerViewModel vm = new ViewerViewModel();
        vm.begin("x");
        vm.accept(new GenerationEvent.Step(1, 1, 0, x0(1, 5)));
        vm.tick(0.5);   // 3.125 latent frames
        assertEquals(3, vm.loopFrameProperty().get());
        vm.tick(0.5);   // 6.25 → wraps at 5
        assertEquals(1, vm.loopFrameProperty().get());
    }
}
