package dev.gallop.engine.models.audio;

/// Receives intermediate activations of the Oobleck networks, time-major `[steps, channels]`, named after the module
/// path upstream uses (`layers.0`, `layers.1`, …: the output of each top-level layer).
@FunctionalInterface
public interface OobleckTap {
    OobleckTap NONE = (name, data, steps, channels) -> {};

    void tap(String name, float[] data, int steps, int channels);
}
