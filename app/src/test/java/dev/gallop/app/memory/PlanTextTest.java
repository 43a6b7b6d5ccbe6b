package dev.gallop.app.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gallop.engine.backend.MemoryBudget;
import dev.gallop.engine.nn.WeightPolicy;
import dev.gallop.engine.pipeline.local.MemoryPlan;
import dev.gallop.engine.pipeline.local.Placement;
import java.util.List;
import org.junit.jupiter.api.Test;

/// The line beside Generate for each kind of plan: fits as stored, fits only with a changed placement (what changed,
/// in short words, with the time streamed layers add), does not fit (where).
class PlanTextTest {
    static final long GIB = 1L << 30;
    static final List<MemoryPlan.Stage> STAGES = List.of(new MemoryPlan.Stage("text encoding", 9 * GIB, GIB),
            new MemoryPlan.Stage("denoising", 15 * GIB, 3 * GIB));

    static MemoryPlan plan(Placement p, boolean fits, double streamSeconds) {
        return new MemoryPlan("cuda:0", new MemoryBudget(24 * GIB), 22 * GIB, p, STAGES, fits, fits ? "fits" : "does not fit", streamSeconds);
    }

    @Test void eachKindOfPlanInAFewWords() {
        assertEquals("Fits · peak 18.0 GiB of 22.0 GiB", PlanText.compact(plan(Placement.RESIDENT.withDitWeights(WeightPolicy.BF16), true, 0)));
        assertEquals("Fits with fp8 weights, 12 layers streamed (+0.8 s a step), each part released after use, text encoder on the CPU"
                        + " · peak 18.0 GiB of 22.0 GiB",
                PlanText.compact(plan(Placement.RESIDENT.withDitWeights(WeightPolicy.FP8_PER_CHANNEL).withStreamedLayers(12).withReleaseAfterUse()
                        .withTextEncoderOnCpu(), true, 0.8)));
        assertEquals("Fits with 1 layer streamed, decoders on the CPU · peak 18.0 GiB of 22.0 GiB",
                PlanText.compact(plan(Placement.RESIDENT.withStreamedLayers(1).withDecodersOnCpu(), true, 0)));
        assertEquals("Does not fit: peak 18.0 GiB of 22.0 GiB in denoising", PlanText.compact(plan(Placement.RESIDENT, false, 0)));
    }
}
