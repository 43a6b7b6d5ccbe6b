package dev.gallop.app.ui;

import dev.gallop.app.timeline.Take;
import javafx.scene.image.Image;

/// What the timeline draws inside clips: thumbnails of a take's frames and its sound's peaks. Either may be
/// missing (media still being read, a take without sound): the canvas then draws the clip plain.
public interface ClipMedia {
    /// A small picture of source frame `frame` of the take, or null.
    Image thumbnail(Take take, int frame);

    /// Peak amplitudes in [0, 1] over the take's whole length, one per video frame, or null.
    float[] peaks(Take take);

    ClipMedia NONE = new ClipMedia() {
        @Override public Image thumbnail(Take take, int frame) { return null; }

        @Override public float[] peaks(Take take) { return null; }
    };
}
