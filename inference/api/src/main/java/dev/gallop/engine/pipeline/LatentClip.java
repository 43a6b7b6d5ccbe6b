package dev.gallop.engine.pipeline;

import java.util.function.Supplier;

/// Latents of a clip as host f32 arrays: video [C, T, H, W] and audio [L_a, A].
///
/// A step's x₀ preview is lazy ([#lazy]): the engine keeps the latents on its device and copies them to the host
/// only when a listener reads [#video()] or [#audio()] (once; later reads return the same arrays), on the listener's
/// thread. A listener that only counts steps never pays for the copy.
public final class LatentClip {
    private final int channels, frames, height, width, audioFrames, audioChannels;
    private Supplier<float[]> videoSource, audioSource;
    private float[] video, audio;

    /// Latents already on the host.
    public LatentClip(float[] video, int channels, int frames, int height, int width, float[] audio, int audioChannels) {
        this(channels, frames, height, width, audioChannels == 0 ? 0 : audio.length / audioChannels, audioChannels, null, null);
        if (video.length != (long) channels * frames * height * width) {
            throw new IllegalArgumentException("video latent of " + video.length + " values is not [" + channels + ", " + frames + ", "
                    + height + ", " + width + "]");
        }
        this.video = video;
        this.audio = audio;
    }

    private LatentClip(int channels, int frames, int height, int width, int audioFrames, int audioChannels,
                       Supplier<float[]> videoSource, Supplier<float[]> audioSource) {
        this.channels = channels;
        this.frames = frames;
        this.height = height;
        this.width = width;
        this.audioFrames = audioFrames;
        this.audioChannels = audioChannels;
        this.videoSource = videoSource;
        this.audioSource = audioSource;
    }

    /// Latents fetched on first read (each supplier is called at most once).
    public static LatentClip lazy(Supplier<float[]> video, int channels, int frames, int height, int width,
                                  Supplier<float[]> audio, int audioFrames, int audioChannels) {
        return new LatentClip(channels, frames, height, width, audioFrames, audioChannels, video, audio);
    }

    /// [C, T, H, W], f32.
    public synchronized float[] video() {
        if (video == null) {
            video = videoSource.get();
            videoSource = null;
        }
        return video;
    }

    /// [L_a, A], f32.
    public synchronized float[] audio() {
        if (audio == null) {
            audio = audioSource.get();
            audioSource = null;
        }
        return audio;
    }

    public int channels() { return channels; }

    public int frames() { return frames; }

    public int height() { return height; }

    public int width() { return width; }

    public int audioChannels() { return audioChannels; }

    public int audioFrames() { return audioFrames; }

    @Override public String toString() {
        return "LatentClip[video " + channels + "×" + frames + "×" + height + "×" + width + ", audio " + audioFrames + "×" + audioChannels + "]";
    }
}
