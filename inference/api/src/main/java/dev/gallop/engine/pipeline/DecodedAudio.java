package dev.gallop.engine.pipeline;

/// Decoded sound: interleaved float samples in [-1, 1] (nominally), `channels` per frame, at `sampleRate`.
public record DecodedAudio(float[] samples, int channels, int sampleRate) {
    public DecodedAudio {
        if (channels < 1 || samples.length % channels != 0) {
            throw new IllegalArgumentException(samples.length + " samples do not split into " + channels + " channels");
        }
    }

    public int frames() { return samples.length / channels; }

    public double seconds() { return frames() / (double) sampleRate; }
}
