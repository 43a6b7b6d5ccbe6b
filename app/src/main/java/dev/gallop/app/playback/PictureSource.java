package dev.gallop.app.playback;

import dev.gallop.app.media.ArgbImage;
import dev.gallop.app.media.TimelineFrames;
import dev.gallop.app.timeline.Timeline;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/// Renders timeline frames for the player on the background executor, one at a time: while one renders, newer
/// requests replace older ones, so a fast scrub never queues up work. Results (and failures, as messages) arrive
/// on the UI executor. Call [#request] on the UI thread.
final class PictureSource implements AutoCloseable {
    private final Path project;
    private final Executor background, ui;
    private final Consumer<ArgbImage> picture;
    private final Consumer<String> failure;
    private Timeline wantedTimeline;
    private int wantedFrame = -1;
    private boolean busy;
    // background side (touched by one task at a time)
    private TimelineFrames frames;
    private Timeline framesFor;

    PictureSource(Path project, Executor background, Executor ui, Consumer<ArgbImage> picture, Consumer<String> failure) {
        this.project = project;
        this.background = background;
        this.ui = ui;
        this.picture = picture;
        this.failure = failure;
    }

    void request(Timeline t, int frame) {
        wantedTimeline = t;
        wantedFrame = frame;
        if (!busy) startNext();
    }

    private void startNext() {
        Timeline t = wantedTimeline;
        int f = wantedFrame;
        busy = true;
        try {
            background.execute(() -> work(t, f));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            busy = false;    // the app is shutting down its executors
        }
    }

    private void work(Timeline t, int f) {
        ArgbImage img = null;
        String error = null;
        try {
            img = render(t, f);
        } catch (Exception e) {
            error = e.getMessage() == null ? e.toString() : e.getMessage();
        }
        ArgbImage result = img;
        String problem = error;
        ui.execute(() -> {
            busy = false;
            if (problem != null) failure.accept(problem);
            else picture.accept(result);
            if (wantedTimeline != t || wantedFrame != f) startNext();
        });
    }

    /// The picture at `frame`, or null when the timeline has no video at all.
    private synchronized ArgbImage render(Timeline t, int frame) throws Exception {
        if (t != framesFor) {
            if (frames != null) frames.close();
            frames = null;
            framesFor = t;
            Optional<int[]> size = TimelineFrames.naturalSize(project, t);
            if (size.isPresent()) frames = new TimelineFrames(project, t, size.get()[0], size.get()[1]);
        }
        if (frames == null) return null;
        return ArgbImage.fromRgb(frames.rgb(frame), frames.width(), frames.height(), frames.height());
    }

    @Override public synchronized void close() {
        if (frames != null) frames.close();
        frames = null;
        framesFor = null;
    }
}
