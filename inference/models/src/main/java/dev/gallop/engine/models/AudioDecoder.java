package dev.gallop.engine.models;

import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.pipeline.DecodedAudio;
import dev.gallop.engine.tensor.Shape;

/// Audio latent [L, A] → waveform (the Oobleck decoder plus the 51.2 → 44.1 kHz resample for MagiHuman).
public interface AudioDecoder {
    /// The device the decoder computes on.
    Device device();

    /// Decodes an F32 latent [L, A] on [#device()]; the waveform comes back to the host.
    DecodedAudio decode(Tensor latent);

    /// Decodes host latents [frames, A]: uploaded to the decoder's device first.
    default DecodedAudio decode(float[] latent, int frames) {
        if (frames <= 0 || latent.length % frames != 0) {
            throw new IllegalArgumentException("audio latent of " + latent.length + " values is not " + frames + " frames");
        }
        return decode(Tensor.fromFloats(device(), Shape.of(frames, latent.length / frames), latent));
    }
}
