package dev.gallop.engine.models.demo;

/// The fixed geometry of the demo model's clips: 64×64 pixels at 25 fps, sound at 16 kHz with one control frame
/// (and one audio latent) per video frame, i.e. 640 samples.
public final class DemoFormat {
    private DemoFormat() {}

    public static final int WIDTH = 64, HEIGHT = 64;
    public static final int FPS = 25;
    public static final int SAMPLE_RATE = 16_000;
    public static final int HOP = SAMPLE_RATE / FPS;
    /// Spatial factor of the video latent: 64 px → 4 latent rows and columns.
    public static final int SPATIAL_DOWNSAMPLE = 16;
    /// The clip length the model is trained on.
    public static final double SECONDS = 2.0;

    /// Audio frames n = round(25·s) + 1 (one per video frame at 25 fps, frame 0 included).
    public static int audioFrames(double seconds) { return (int) Math.round(seconds * FPS) + 1; }

    /// Video frames 1 + 4(T − 1) with T = (n − 1)/4 + 1 latent frames.
    public static int videoFrames(double seconds) { return 1 + 4 * ((audioFrames(seconds) - 1) / 4); }
}
