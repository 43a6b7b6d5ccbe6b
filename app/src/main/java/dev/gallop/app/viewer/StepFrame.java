package dev.gallop.app.viewer;

import dev.gallop.engine.pipeline.LatentClip;

/// One denoising step kept for the filmstrip: its number (1-based) of `total`, the noise level and its x₀.
public record StepFrame(int index, int total, float sigma, LatentClip x0) {}
