package dev.gallop.app.ui;

import dev.gallop.app.media.LatentPreview;
import dev.gallop.engine.pipeline.LatentClip;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/// Pixels into JavaFX images.
final class FrameImages {
    private FrameImages() {}

    /// Latent frame `t` of an x₀ through the quick latent → RGB projection, at latent resolution.
    static WritableImage latent(LatentClip c, int t) {
        WritableImage img = new WritableImage(c.width(), c.height());
        img.getPixelWriter().setPixels(0, 0, c.width(), c.height(), PixelFormat.getIntArgbInstance(),
                LatentPreview.frameArgb(c, Math.min(t, c.frames() - 1)), 0, c.width());
        return img;
    }
}
