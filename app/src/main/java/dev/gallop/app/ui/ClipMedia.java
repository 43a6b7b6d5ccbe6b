package dev.gallop.app.ui;

import dev.gallop.app.media.WaveformPeaks;
import dev.gallop.app.timeline.Take;
import javafx.scene.image.Image;

/// What the timeline draws inside clips: thumbnails of a take's frames and its sound's waveform. Either may be
/// missing (media still being read, a take without sound): the canvas then draws the clip plain.
public interface ClipMedia {
    /// Columns of the waveform per video frame.
    int WAVE_COLUMNS_PER_FRAME = 8;

    /// A small picture of source frame `frame` of the take, or null.
    Image thumbnail(Take take, int frame);

    /// The lowest and highest sample of each [#WAVE_COLUMNS_PER_FRAME]th of a frame over the take's whole length, or
    /// null.
    WaveformPeaks waveform(Take take);

    ClipMedia NONE = new ClipMedia() {
        @Override public Image thumbnail(Take take, int frame) { return null; }

        @Override public WaveformPeaks waveform(Take take) { return null; }
    };
}
