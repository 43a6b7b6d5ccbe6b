package dev.gallop.engine.models.magihuman;

import dev.gallop.engine.backend.Tensor;

/// The predicted flow velocity v = ε − x₀ of one forward, on the DiT's device: video [C, T, H, W], audio [L_a, 64].
/// The tensors belong to the DiT's workspace and are overwritten by its next forward.
public record DitOutput(Tensor video, Tensor audio) {}
