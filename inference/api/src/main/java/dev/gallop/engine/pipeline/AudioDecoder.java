package dev.gallop.engine.pipeline;

/// Audio latent [L, A] → waveform (the Oobleck decoder plus the 51.2 → 44.1 kHz resample for MagiHuman).
public interface AudioDecoder {
    DecodedAudio decode(float[] latent, int frames);
}
