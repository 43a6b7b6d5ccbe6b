package dev.gallop.engine.models.magihuman;

/// The DiT's flow-matching velocity prediction (v = ε − x₀): video [C, T, H, W] and audio [L_a, 64].
public record DitOutput(float[] video, float[] audio) {}
