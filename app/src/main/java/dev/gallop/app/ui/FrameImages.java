package dev.gallop.app.ui;

import dev.gallop.app.media.ArgbImage;
import dev.gallop.app.media.LatentPreview;
import dev.gallop.engine.pipeline.LatentClip;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/// Pixels into JavaFX images.
final class FrameImages {
    private FrameImages() {}

    static WritableImage of(ArgbImage a) {
        if (a == null) return null;
        WritableImage img = new WritableImage(a.width(), a.height());
        img.getPixelWriter().setPixels(0, 0, a.width(), a.height(), PixelFormat.getIntArgbInstance(), a.argb(), 0, a.width());
        return img;
    }

    /// Latent frame `t` of an x₀ through the quick latent → RGB projection, at latent resolution.
    static WritableImage latent(LatentClip c, int t) {
        return of(new ArgbImage(c.width(), c.height(), LatentPreview.frameArgb(c, Math.min(t, c.frames() - 1))));
    }
}
