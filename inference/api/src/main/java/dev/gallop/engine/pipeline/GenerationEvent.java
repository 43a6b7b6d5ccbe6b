package dev.gallop.engine.pipeline;

/// What a running job reports, in order: phases, one [Step] per denoising step (with that step's x₀ prediction for
/// the live preview), then exactly one of [Done], [Failed] or [Cancelled].
public sealed interface GenerationEvent {
    /// The job entered phase `name`. Work inside a phase that measures its progress (unpacking zstd shards while a
    /// component loads) reports it as phases whose name carries the percentage ("unpacking distill shard 2/7 · 41 %")
    /// and whose `fraction` is that work's part done (0..1); when it is over, the phase it ran in is reported again.
    /// `fraction` is NaN for a plain phase.
    record Phase(String name, double fraction) implements GenerationEvent {
        /// A plain phase.
        public Phase(String name) { this(name, Double.NaN); }

        /// Whether this reports the progress of work inside a phase.
        public boolean isProgress() { return !Double.isNaN(fraction); }
    }

    /// Step `index` (1-based) of `total` of a stage finished; `preview` holds the x₀ prediction of this step.
    /// `stage` is "base" for the base stage and "sr-540p" / "sr-1080p" for a super-resolution stage (whose steps
    /// count from 1 again).
    record Step(int index, int total, float sigma, LatentClip preview, String stage) implements GenerationEvent {
        public static final String BASE = "base";

        /// A step of the base stage.
        public Step(int index, int total, float sigma, LatentClip preview) { this(index, total, sigma, preview, BASE); }
    }

    record Done(GeneratedClip clip) implements GenerationEvent {}

    record Failed(String message, Throwable cause) implements GenerationEvent {}

    record Cancelled() implements GenerationEvent {}
}
