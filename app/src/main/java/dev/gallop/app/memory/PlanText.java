package dev.gallop.app.memory;

import dev.gallop.engine.backend.MemoryBudget;
import dev.gallop.engine.nn.WeightPolicy;
import dev.gallop.engine.pipeline.local.MemoryPlan;
import dev.gallop.engine.pipeline.local.Placement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/// A memory plan in the few words the prompt panel has room for beside Generate: "Fits · peak 17.9 GiB of 22.8 GiB",
/// "Fits with fp8 weights, 12 layers streamed (+0.8 s a step) · peak …", "Does not fit: peak 31.2 GiB of 22.8 GiB in
/// denoising". The plan's table is the tooltip, its verdict the reason Generate cannot run.
public final class PlanText {
    private PlanText() {}

    public static String compact(MemoryPlan p) {
        String peak = "peak " + MemoryBudget.format(p.peakBytes()) + " of " + MemoryBudget.format(p.available());
        if (!p.fits()) return "Does not fit: " + peak + " in " + p.peakStage().name();
        List<String> with = placement(p.placement(), p.streamSecondsPerStep());
        return "Fits" + (with.isEmpty() ? "" : " with " + String.join(", ", with)) + " · " + peak;
    }

    /// What the plan changes to fit, in short words (empty: everything resident as the model is stored).
    static List<String> placement(Placement p, double streamSecondsPerStep) {
        List<String> out = new ArrayList<>();
        if (p.ditWeights() == WeightPolicy.FP8_PER_CHANNEL) out.add("fp8 weights");
        if (p.streamedLayers() > 0) {
            out.add(p.streamedLayers() + (p.streamedLayers() == 1 ? " layer" : " layers") + " streamed"
                    + (streamSecondsPerStep > 0 ? String.format(Locale.ROOT, " (+%.1f s a step)", streamSecondsPerStep) : ""));
        }
        if (p.releaseAfterUse()) out.add("each part released after use");
        if (p.textEncoderOnCpu()) out.add("text encoder on the CPU");
        if (p.decodersOnCpu()) out.add("decoders on the CPU");
        return out;
    }
}
