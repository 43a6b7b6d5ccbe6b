package dev.gallop.app.viewer;

import dev.gallop.app.media.TimelineFrames;
import dev.gallop.app.timeline.Timeline;
import java.nio.file.Path;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/// The program monitor's pictures: the edit at the playhead, decoded on a background thread. Requests coalesce —
/// while one frame is being decoded only the newest request waits — so scrubbing and playback never queue up work.
/// Results (RGB bytes with their size) are handed to `ui`.
public final class ProgramFrames {
    /// One decoded picture of the edit.
    public record Picture(int frame, byte[] rgb, int width, int height) {}

    private record Request(Path project, Timeline timeline, int frame) {}

    private final Executor worker, ui;
    private final Consumer<Picture> sink;
    private final int maxWidth, maxHeight;
    private final AtomicReference<Request> next = new AtomicReference<>();
    private boolean busy;               // guarded by this
    private TimelineFrames frames;      // worker thread only
    private Request open;               // what `frames` was made for

    /// @param worker a single-thread executor (the decoders are not thread-safe)
    public ProgramFrames(Executor worker, Executor ui, int maxWidth, int maxHeight, Consumer<Picture> sink) {
        this.worker = worker;
        this.ui = ui;
        this.maxWidth = maxWidth;
        this.maxHeight = maxHeight;
        this.sink = sink;
    }

    /// Asks for the picture of `timeline` (in `project`) at `frame`.
    public void request(Path project, Timeline timeline, int frame) {
        next.set(new Request(project, timeline, frame));
        synchronized (this) {
            if (busy) return;
            busy = true;
        }
        worker.execute(this::drain);
    }

    private void drain() {
        while (true) {
            Request r = next.getAndSet(null);
            if (r == null) {
                synchronized (this) {
                    if (next.get() == null) {
                        busy = false;
                        return;
                    }
                }
                continue;
            }
            try {
                if (r.timeline().duration() == 0) {
                    ui.execute(() -> sink.accept(null));
                    continue;
                }
                if (frames == null || open == null || !open.project().equals(r.project()) || open.timeline() != r.timeline()) {
                    if (frames != null) frames.close();
                    int[] size = TimelineFrames.naturalSize(r.project(), r.timeline()).orElse(new int[] {maxWidth, maxHeight});
                    double s = Math.min(1, Math.min(maxWidth / (double) size[0], maxHeight / (double) size[1]));
                    frames = new TimelineFrames(r.project(), r.timeline(), even(size[0] * s), even(size[1] * s));
                    open = r;
                }
                byte[] rgb = frames.rgb(Math.min(r.frame(), r.timeline().duration() - 1)).clone();
                Picture p = new Picture(r.frame(), rgb, frames.width(), frames.height());
                ui.execute(() -> sink.accept(p));
            } catch (Exception e) {
                ui.execute(() -> sink.accept(null));
            }
        }
    }

    private static int even(double v) { return Math.max(2, (int) Math.round(v / 2) * 2); }

    /// Closes the open media files (on the worker thread).
    public void close() {
        worker.execute(() -> {
            if (frames != null) frames.close();
            frames = null;
        });
    }
}
