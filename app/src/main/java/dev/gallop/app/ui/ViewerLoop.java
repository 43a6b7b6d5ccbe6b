package dev.gallop.app.ui;

/// The denoise preview loop's speed: MagiHuman's 25 fps video has 4 frames per latent frame, so a step's x₀ loops
/// at 6.25 latent frames per second, real time.
final class ViewerLoop {
    static final double RATE = 25 / 4.0;

    private ViewerLoop() {}
}
