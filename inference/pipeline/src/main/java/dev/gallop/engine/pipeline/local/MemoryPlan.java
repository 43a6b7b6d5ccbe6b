package dev.gallop.engine.pipeline.local;

import dev.gallop.engine.backend.MemoryBudget;
import java.util.List;
import java.util.Locale;

/// What a generation will hold on its device, stage by stage, predicted before any work ([MemoryPlanner]), and the
/// [Placement] chosen to fit the budget: `gallop generate --plan` prints it, the studio shows its [#summary] beside
/// Generate, and a request that does not fit is refused with [#verdict] before anything loads.
///
/// @param device    the device planned for ("cuda:0", "cpu")
/// @param budget    the user's cap ([MemoryBudget#UNLIMITED]: the device's memory)
/// @param available the bytes the plan may use: the cap or what the device has, less a safety margin
/// @param placement where each part lives
/// @param stages    the predicted peak of every stage the request runs
/// @param fits      whether every stage fits `available`
/// @param verdict   one sentence: how it fits, or what does not and what to change
/// @param streamSecondsPerStep the time streamed DiT layers' weight copies add to a sampler step (0 without)
public record MemoryPlan(String device, MemoryBudget budget, long available, Placement placement, List<Stage> stages,
                         boolean fits, String verdict, double streamSecondsPerStep) {
    /// One stage's peak on the device: the weights resident during it and its working memory (activations,
    /// latents, features).
    public record Stage(String name, long weightBytes, long workBytes) {
        public long peakBytes() { return weightBytes + workBytes; }
    }

    public MemoryPlan {
        stages = List.copyOf(stages);
    }

    /// The largest stage peak.
    public long peakBytes() { return stages.stream().mapToLong(Stage::peakBytes).max().orElse(0); }

    /// The stage with the largest peak.
    public Stage peakStage() {
        return stages.stream().max(java.util.Comparator.comparingLong(Stage::peakBytes)).orElseThrow();
    }

    /// One line for the studio: "fits: peak 17.9 GiB of 22.8 GiB (fp8 DiT weights, …)" or "does not fit: …".
    public String summary() {
        return (fits ? "fits" : "does not fit") + ": peak " + MemoryBudget.format(peakBytes()) + " of " + MemoryBudget.format(available)
                + (fits ? " (" + placement.describe() + (streamSecondsPerStep > 0
                        ? String.format(Locale.ROOT, ", about %.1f s per step more", streamSecondsPerStep) : "") + ")" : " in " + peakStage().name());
    }

    /// The plan as a table, one stage a line, then the verdict.
    public String table() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "memory plan on %s, budget %s (%s usable)%n", device, budget, MemoryBudget.format(available)));
        b.append(String.format(Locale.ROOT, "  %-28s %12s %12s %12s%n", "stage", "weights", "working", "peak"));
        for (Stage s : stages) {
            b.append(String.format(Locale.ROOT, "  %-28s %12s %12s %12s%n", s.name(), MemoryBudget.format(s.weightBytes()),
                    MemoryBudget.format(s.workBytes()), MemoryBudget.format(s.peakBytes())));
        }
        b.append("  placement: ").append(placement.describe()).append(System.lineSeparator());
        b.append("  ").append(verdict).append(System.lineSeparator());
        return b.toString();
    }
}
