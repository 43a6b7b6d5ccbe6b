package dev.gallop.engine.models.demo;

/// The fixed timing of the demo model's clips: 25 fps video, sound at 16 kHz with one control frame (and one audio
/// latent) per video frame, i.e. 640 samples. The picture size is the request's: the demo's latents describe the
/// scene in coordinates relative to the frame ([SceneLatent]), so any size renders.
public final class DemoFormat {
    private DemoFormat() {}

    /// The model's own size (`video_size` of its manifest) and its 16:9 size.
    public static final int WIDTH = 128, HEIGHT = 128, WIDE_WIDTH = 448, WIDE_HEIGHT = 256;
    public static final int FPS = 25;
    public static final int SAMPLE_RATE = 16_000;
    public static final int HOP = SAMPLE_RATE / FPS;
    /// Pixels per latent row and column: 128 px → 4 latent rows and columns, one DiT token per latent frame.
    public static final int SPATIAL_DOWNSAMPLE = 32;
    /// The longest clip the model is trained on.
    public static final double MAX_SECONDS = 5.0;

    /// Audio frames n = round(25·s) + 1 (one per video frame at 25 fps, frame 0 included).
    public static int audioFrames(double seconds) { return (int) Math.round(seconds * FPS) + 1; }

    /// Video frames 1 + 4(T − 1) with T = (n − 1)/4 + 1 latent frames.
    public static int videoFrames(double seconds) { return 1 + 4 * ((audioFrames(seconds) - 1) / 4); }
}
