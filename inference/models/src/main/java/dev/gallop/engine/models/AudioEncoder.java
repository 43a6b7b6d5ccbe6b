package dev.gallop.engine.models;

import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.runtime.NoiseSource;

/// A waveform → audio latent [L, A] (the Oobleck encoder, sampling its posterior with `noise`).
public interface AudioEncoder {
    /// The device the encoder computes on.
    Device device();

    /// samples: interleaved stereo at [#sampleRate()]. Returns the F32 latent [L, A] on [#device()].
    Tensor encode(float[] samples, NoiseSource noise);

    int sampleRate();

    /// Waveform samples per latent frame (2048 for the Oobleck encoder): shorter input gives no latent.
    default int samplesPerLatent() { return 2048; }
}
