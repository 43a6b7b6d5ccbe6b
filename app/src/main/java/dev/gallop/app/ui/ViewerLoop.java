package dev.gallop.app.ui;

/// The denoise preview loop's speed: a step's x₀ loops at MagiHuman's 25 video frames per second, real time (the
/// latent picture changes every fourth frame, one latent frame per 4 video frames).
final class ViewerLoop {
    static final double RATE = 25;

    private ViewerLoop() {}
}
