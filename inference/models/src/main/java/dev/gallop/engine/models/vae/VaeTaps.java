package dev.gallop.engine.models.vae;

import dev.gallop.engine.models.vae.ops.Volume;

/// Receives named intermediate activations (for parity tests and debugging).
@FunctionalInterface
public interface VaeTaps {
    VaeTaps NONE = (name, v) -> {};

    void tap(String name, Volume value);
}
