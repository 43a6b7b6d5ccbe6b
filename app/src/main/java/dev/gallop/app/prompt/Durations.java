package dev.gallop.app.prompt;

import dev.gallop.engine.pipeline.GenerationRequest;

/// MagiHuman clip lengths: one latent frame covers 4 video frames at 25 fps, so valid lengths are multiples of
/// 4/25 s = 0.16 s (a clip of k·0.16 s has 4k + 1 frames, frame 0 included).
public final class Durations {
    /// Seconds per latent frame.
    public static final double STEP = 4.0 / GenerationRequest.FPS;
    /// The longest valid length within the engine's limit.
    public static final double MAX = Math.floor(GenerationRequest.MAX_SECONDS / STEP) * STEP;

    private Durations() {}

    /// The nearest valid length to `seconds`, at least one step and at most [#MAX].
    public static double snap(double seconds) {
        if (Double.isNaN(seconds)) throw new IllegalArgumentException("duration is not a number");
        long k = Math.round(seconds / STEP);
        k = Math.max(1, Math.min(k, Math.round(MAX / STEP)));
        return k * 4 / (double) GenerationRequest.FPS;
    }

    /// Video frames of a clip of `seconds` (already snapped): 1 + 25·s.
    public static int frames(double seconds) { return (int) Math.round(seconds * GenerationRequest.FPS) + 1; }
}
