package dev.gallop.app.ui;

import dev.gallop.app.media.ClipPreviews;
import dev.gallop.app.media.WaveformPeaks;
import dev.gallop.app.timeline.Take;
import java.util.HashMap;
import java.util.Map;
import javafx.scene.image.Image;

/// The timeline's [ClipMedia] on the project's [ClipPreviews]: thumbnails every [#STRIDE] frames and the waveform of
/// each take ([ClipMedia#WAVE_COLUMNS_PER_FRAME] columns a frame), asked for once and kept here so the canvas can draw synchronously; the canvas is
/// redrawn as they arrive. UI thread only.
final class PreviewMedia implements ClipMedia {
    static final int STRIDE = 5, HEIGHT = 40;

    private final ClipPreviews previews;
    private final int fps;
    private final Runnable changed;
    private final Map<String, Image> thumbs = new HashMap<>();
    private final Map<String, WaveformPeaks> peaks = new HashMap<>();

    PreviewMedia(ClipPreviews previews, int fps, Runnable changed) {
        this.previews = previews;
        this.fps = fps;
        this.changed = changed;
    }

    @Override public Image thumbnail(Take take, int frame) {
        int f = Math.min(take.frames() - 1, frame / STRIDE * STRIDE);
        String key = take.media() + "#" + f;
        if (!thumbs.containsKey(key)) {
            thumbs.put(key, null);
            previews.thumbnail(take, f, HEIGHT, img -> {
                thumbs.put(key, FrameImages.of(img));
                changed.run();
            });
        }
        return thumbs.get(key);
    }

    @Override public WaveformPeaks waveform(Take take) {
        String key = take.media();
        if (!peaks.containsKey(key)) {
            peaks.put(key, null);
            previews.waveform(take, 0, take.frames(), fps, take.frames() * WAVE_COLUMNS_PER_FRAME, w -> {
                peaks.put(key, w);
                changed.run();
            });
        }
        return peaks.get(key);
    }
}
