package dev.gallop.engine.models.vae;

import dev.gallop.engine.backend.Tensor;

/// Receives named intermediate activations (for parity tests and debugging) as host copies. The models offer their
/// device tensors through [#tap(String, Tensor)], which copies to the host only when the taps are [#enabled()].
@FunctionalInterface
public interface VaeTaps {
    VaeTaps NONE = new VaeTaps() {
        @Override public void tap(String name, Volume value) {}

        @Override public boolean enabled() { return false; }
    };

    void tap(String name, Volume value);

    /// False for [#NONE]: nothing is copied to the host.
    default boolean enabled() { return true; }

    /// Records a device volume [C, T, H, W], copied to the host when enabled.
    default void tap(String name, Tensor value) {
        if (enabled()) tap(name, Volume.of(value));
    }

    /// These taps with every name prefixed (`window0.` + name).
    default VaeTaps prefixed(String prefix) {
        return enabled() ? (name, v) -> tap(prefix + name, v) : NONE;
    }
}
