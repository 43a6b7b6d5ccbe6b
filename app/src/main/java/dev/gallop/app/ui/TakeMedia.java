package dev.gallop.app.ui;

import dev.gallop.app.media.AudioReader;
import dev.gallop.app.media.FrameReader;
import dev.gallop.app.media.RgbScaler;
import dev.gallop.app.timeline.Take;
import dev.gallop.engine.pipeline.DecodedAudio;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import javafx.scene.image.Image;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;

/// Thumbnails and sound peaks of takes for the timeline, read from the project's media files once, in the
/// background: one small picture every [#STRIDE] frames and one peak per video frame. The canvas is told to
/// redraw when a take's media has been read.
final class TakeMedia implements ClipMedia {
    static final int STRIDE = 5, THUMB_HEIGHT = 40;

    private record Loaded(Image[] thumbs, float[] peaks) {}

    private final Supplier<Path> project;
    private final Executor background, ui;
    private final Runnable changed;
    private final Map<String, Loaded> cache = new ConcurrentHashMap<>();
    private final Map<String, Boolean> pending = new ConcurrentHashMap<>();

    TakeMedia(Supplier<Path> project, Executor background, Executor ui, Runnable changed) {
        this.project = project;
        this.background = background;
        this.ui = ui;
        this.changed = changed;
    }

    @Override public Image thumbnail(Take take, int frame) {
        Loaded l = get(take);
        if (l == null || l.thumbs().length == 0) return null;
        return l.thumbs()[Math.min(l.thumbs().length - 1, Math.max(0, frame / STRIDE))];
    }

    @Override public float[] peaks(Take take) {
        Loaded l = get(take);
        return l == null ? null : l.peaks();
    }

    private Loaded get(Take take) {
        Path file = project.get().resolve(take.media());
        String key = file.toString();
        Loaded l = cache.get(key);
        if (l == null && pending.putIfAbsent(key, true) == null) {
            background.execute(() -> {
                Loaded r = read(file, take.frames());
                cache.put(key, r);
                ui.execute(changed);
            });
        }
        return l;
    }

    private static Loaded read(Path file, int frames) {
        Image[] thumbs = new Image[0];
        try (FrameReader r = new FrameReader(file)) {
            int w = Math.max(2, r.width() * THUMB_HEIGHT / r.height());
            thumbs = new Image[(frames + STRIDE - 1) / STRIDE];
            for (int i = 0; i < thumbs.length; i++) thumbs[i] = image(RgbScaler.fit(r.frame(i * STRIDE), r.width(), r.height(), w, THUMB_HEIGHT), w, THUMB_HEIGHT);
        } catch (Exception e) {
            // no pictures for this take: the clip is drawn plain
        }
        float[] peaks = null;
        try {
            DecodedAudio a = AudioReader.read(file);
            int per = a.sampleRate() / 25 * a.channels();
            peaks = new float[frames];
            for (int f = 0; f < frames; f++) {
                float m = 0;
                for (int i = f * per; i < Math.min(a.samples().length, (f + 1) * per); i++) m = Math.max(m, Math.abs(a.samples()[i]));
                peaks[f] = Math.min(1, m);
            }
        } catch (Exception e) {
            // a take without sound has no waveform
        }
        return new Loaded(thumbs, peaks);
    }

    private static Image image(byte[] rgb, int w, int h) {
        WritableImage img = new WritableImage(w, h);
        img.getPixelWriter().setPixels(0, 0, w, h, PixelFormat.getByteRgbInstance(), rgb, 0, w * 3);
        return img;
    }
}
