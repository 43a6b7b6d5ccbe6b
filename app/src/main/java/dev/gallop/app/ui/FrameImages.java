package dev.gallop.app.ui;

import dev.gallop.app.media.ArgbImage;
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
}
