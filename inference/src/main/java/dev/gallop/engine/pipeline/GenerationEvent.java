package dev.gallop.engine.pipeline;

/// What a running job reports, in order: phases, one [Step] per denoising step (with that step's x₀ prediction for
/// the live preview), then exactly one of [Done], [Failed] or [Cancelled].
public sealed interface GenerationEvent {
    record Phase(String name) implements GenerationEvent {}

    /// Step `index` (1-based) of `total` finished; `preview` holds the x₀ prediction of this step.
    record Step(int index, int total, float sigma, LatentClip preview) implements GenerationEvent {}

    record Done(GeneratedClip clip) implements GenerationEvent {}

    record Failed(String message, Throwable cause) implements GenerationEvent {}

    record Cancelled() implements GenerationEvent {}
}
