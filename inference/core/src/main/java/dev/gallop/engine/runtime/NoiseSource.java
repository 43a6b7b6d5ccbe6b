package dev.gallop.engine.runtime;

/// Where the samplers take their standard-normal draws from, in the pipeline's draw order (see [GaussianNoise]).
@FunctionalInterface
public interface NoiseSource {
    /// The next `n` standard-normal float32 values.
    float[] next(int n);
}
