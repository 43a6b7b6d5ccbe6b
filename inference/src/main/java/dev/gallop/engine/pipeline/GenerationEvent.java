package dev.gallop.engine.pipeline;

/// What a running job reports, in order: phases, one [Step] per denoising step (with that step's x₀ prediction for
/// the live preview), then exactly one of [Done], [Failed] or [Cancelled].
public sealed interface GenerationEvent {
    record Phase(String name) implements GenerationEvent {}

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
