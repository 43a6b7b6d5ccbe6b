package dev.gallop.engine.pipeline;

import dev.gallop.engine.runtime.NoiseSource;

/// A waveform → audio latent [L, A] (the Oobleck encoder, sampling its posterior with `noise`).
public interface AudioEncoder {
    /// samples: interleaved stereo at [#sampleRate()].
    float[] encode(float[] samples, NoiseSource noise);

    int sampleRate();

    /// Waveform samples per latent frame (2048 for the Oobleck encoder): shorter input gives no latent.
    default int samplesPerLatent() { return 2048; }
}
