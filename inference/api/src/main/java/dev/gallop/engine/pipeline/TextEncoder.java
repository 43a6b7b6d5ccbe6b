package dev.gallop.engine.pipeline;

/// Prompt text → token features [L, channels] for the DiT's text embedder (T5Gemma for the real model).
public interface TextEncoder {
    /// Rows L ≤ [#MAX_TOKENS]; only real tokens, no padding.
    float[] encode(String prompt);

    int channels();

    /// The reference pipeline trims text to 640 tokens (spec §4).
    int MAX_TOKENS = 640;
}
