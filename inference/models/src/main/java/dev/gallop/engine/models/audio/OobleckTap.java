package dev.gallop.engine.models.audio;

import dev.gallop.engine.backend.Tensor;

/// Receives intermediate activations of the Oobleck networks, time-major `[steps, channels]`, named after the module
/// path upstream uses (`layers.0`, `layers.1`, …: the output of each top-level layer). A tap other than [#NONE]
/// costs a copy of each activation to the host.
@FunctionalInterface
public interface OobleckTap {
    OobleckTap NONE = (name, data, steps, channels) -> {};

    void tap(String name, float[] data, int steps, int channels);

    /// Hands `t` [steps, channels] to `tap` as host values, unless `tap` is [#NONE].
    static void send(OobleckTap tap, String name, Tensor t) {
        if (tap != NONE) tap.tap(name, t.toFloats(), t.shape().dim(0), t.shape().dim(1));
    }
}
