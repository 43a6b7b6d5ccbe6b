package dev.gallop.engine.pipeline;

/// Latents of a clip: video [C, T, H, W] and audio [L_a, A], host f32.
public record LatentClip(float[] video, int channels, int frames, int height, int width, float[] audio, int audioChannels) {
    public int audioFrames() { return audioChannels == 0 ? 0 : audio.length / audioChannels; }
}
