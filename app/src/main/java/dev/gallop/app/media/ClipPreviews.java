package dev.gallop.app.media;

import dev.gallop.app.timeline.Take;
import dev.gallop.engine.pipeline.DecodedAudio;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/// Thumbnails and waveforms of timeline clips, made on the background executor from the takes' media files and
/// handed to the UI executor; both are cached (most recently used kept). A file that cannot be read is reported in
/// [#errorProperty()] and its request gets nothing. Request methods may be called from the UI thread.
public final class ClipPreviews implements AutoCloseable {
    private static final int THUMBS = 1024, SOUNDS = 16;
    private final Path project;
    private final Executor background, ui;
    private final Map<String, ArgbImage> thumbs = lru(THUMBS);
    private final Map<Path, Optional<DecodedAudio>> sounds = lru(SOUNDS);
    private final Map<Path, FrameReader> readers = lru(8);
    private final StringProperty error = new SimpleStringProperty("");

    public ClipPreviews(Path project, Executor background, Executor ui) {
        this.project = project;
        this.background = background;
        this.ui = ui;
    }

    /// The last media file that could not be read, and why; empty when all went well.
    public ReadOnlyStringProperty errorProperty() { return error; }

    /// Source frame `frame` of the take's media, scaled to `height` pixels tall.
    public void thumbnail(Take take, int frame, int height, Consumer<ArgbImage> done) {
        Path media = project.resolve(take.media());
        String key = media + "|" + frame + "|" + height;
        run(() -> {
            try {
                ArgbImage img = thumbnail(media, key, frame, height);
                ui.execute(() -> done.accept(img));
            } catch (IOException | RuntimeException e) {
                report(e);
            }
        });
    }

    /// The waveform of source frames [in, out) of the take's sound (at `fps`) over `columns` columns; silence
    /// when the take has no sound.
    public void waveform(Take take, int in, int out, int fps, int columns, Consumer<WaveformPeaks> done) {
        Path media = project.resolve(take.media());
        run(() -> {
            try {
                Optional<DecodedAudio> a = sound(media);
                WaveformPeaks p = a.isEmpty() ? new WaveformPeaks(new float[columns], new float[columns])
                        : WaveformPeaks.of(a.get().samples(), a.get().channels(), TimelineAudio.samplesAt(in, fps, a.get().sampleRate()),
                                TimelineAudio.samplesAt(out, fps, a.get().sampleRate()), columns);
                ui.execute(() -> done.accept(p));
            } catch (IOException | RuntimeException e) {
                report(e);
            }
        });
    }

    /// Runs `work` in the background; once the project is closed, nothing is made.
    private void run(Runnable work) {
        try {
            background.execute(work);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the project was closed: its previews are no longer wanted
        }
    }

    private ArgbImage thumbnail(Path media, String key, int frame, int height) throws IOException {
        synchronized (thumbs) {
            ArgbImage hit = thumbs.get(key);
            if (hit != null) return hit;
        }
        ArgbImage img;
        synchronized (readers) {    // one decoder per file, used by one thread at a time
            FrameReader r = readers.get(media);
            if (r == null) {
                r = new FrameReader(media);
                readers.put(media, r);
            }
            img = ArgbImage.fromRgb(r.frame(frame), r.width(), r.height(), height);
        }
        synchronized (thumbs) {
            thumbs.put(key, img);
        }
        return img;
    }

    private Optional<DecodedAudio> sound(Path media) throws IOException {
        synchronized (sounds) {
            Optional<DecodedAudio> hit = sounds.get(media);
            if (hit != null) return hit;
        }
        Optional<DecodedAudio> a = Optional.ofNullable(AudioReader.read(media));
        synchronized (sounds) {
            sounds.put(media, a);
        }
        return a;
    }

    private void report(Exception e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        ui.execute(() -> error.set(m));
    }

    @Override public void close() {
        synchronized (readers) {
            readers.values().forEach(FrameReader::close);
            readers.clear();
        }
    }

    private static <K, V> Map<K, V> lru(int capacity) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                if (size() <= capacity) return false;
                if (eldest.getValue() instanceof FrameReader r) r.close();
                return true;
            }
        };
    }
}
