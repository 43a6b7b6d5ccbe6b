package dev.gallop.engine.models;

import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Tensor;

/// Prompt text → token features [L, channels] for the DiT's text embedder (T5Gemma for the real model).
public interface TextEncoder {
    /// The reference pipeline trims text to 640 tokens.
    int MAX_TOKENS = 640;

    /// The device the features are made on.
    Device device();

    int channels();

    /// F32 features [L, channels] on [#device()], L ≤ [#MAX_TOKENS]: only real tokens, no padding.
    Tensor encode(String prompt);
}
