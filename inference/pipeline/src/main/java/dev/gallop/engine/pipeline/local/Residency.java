package dev.gallop.engine.pipeline.local;

/// What a generator keeps loaded between the stages of a generation and between generations.
public enum Residency {
    /// Every component stays loaded once used: retakes and queued runs of the same model do not reload weights.
    KEEP_LOADED,
    /// Each component is released as soon as its stage is done (text encoder after the prompt, base DiT before the
    /// super-resolution DiT, ...): the peak holds one big component at a time. For one-shot runs and small machines.
    RELEASE_AFTER_USE
}
