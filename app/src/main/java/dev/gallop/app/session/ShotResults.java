package dev.gallop.app.session;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gallop.app.filmstrip.Filmstrip;
import dev.gallop.app.filmstrip.Filmstrips;
import dev.gallop.app.media.LatentDecoder;
import dev.gallop.app.media.LatentRgbMaps;
import dev.gallop.app.media.TakeRecord;
import dev.gallop.app.media.TakeWriter;
import dev.gallop.app.queue.JobSink;
import dev.gallop.app.queue.JobState;
import dev.gallop.app.queue.GenerationQueue;
import dev.gallop.app.queue.QueuedJob;
import dev.gallop.app.timeline.Take;
import dev.gallop.engine.pipeline.GeneratedClip;
import dev.gallop.engine.pipeline.GenerationEvent;
import dev.gallop.engine.pipeline.GenerationRequest;
import dev.gallop.engine.runtime.CancelToken;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executor;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/// Where the queue's results go: each step's x₀ into the [Filmstrips]; each finished clip written into the project's
/// `media/` folder (MP4 + JSON sidecar, on the background executor) and then placed on the timeline as a new shot,
/// or as a new take of the shot it regenerates, as one undoable edit. "Stop & keep" turns one step's x₀ into a take
/// the same way, stopping the job first if it is still running.
public final class ShotResults implements JobSink {
    private final ProjectSession session;
    private final Filmstrips filmstrips;
    private final LatentRgbMaps maps;
    private final LatentDecoder decoder;
    private final Executor background, ui;
    private final Set<String> kept = new HashSet<>();
    private final IntegerProperty writing = new SimpleIntegerProperty(0);
    private final StringProperty status = new SimpleStringProperty("");
    private final StringProperty error = new SimpleStringProperty("");
    private final ObjectProperty<String> placedClip = new SimpleObjectProperty<>();

    public ShotResults(ProjectSession session, Filmstrips filmstrips, LatentDecoder decoder, Executor background, Executor ui) {
        this(session, filmstrips, decoder, new LatentRgbMaps(), background, ui);
    }

    /// `maps` learns each model's latent colour map from the finished clips (their latents and decoded frames).
    public ShotResults(ProjectSession session, Filmstrips filmstrips, LatentDecoder decoder, LatentRgbMaps maps, Executor background, Executor ui) {
        this.maps = maps;
        this.session = session;
        this.filmstrips = filmstrips;
        this.decoder = decoder;
        this.background = background;
        this.ui = ui;
    }

    /// Takes being decoded or written right now.
    public ReadOnlyIntegerProperty writingProperty() { return writing; }

    /// The last thing done ("Shot shot-3: new take", …).
    public ReadOnlyStringProperty statusProperty() { return status; }

    /// Why the last take could not be stored; empty when all went well.
    public ReadOnlyStringProperty errorProperty() { return error; }

    /// The id of the clip that last received a take (views select it and scroll to it). Changes on every placement,
    /// passing through null, so two takes in a row on the same shot are both seen.
    public ReadOnlyObjectProperty<String> placedClipProperty() { return placedClip; }

    public Filmstrips filmstrips() { return filmstrips; }

    @Override public void step(QueuedJob job, GenerationEvent.Step step) { filmstrips.add(job.id(), job.request(), step); }

    @Override public void done(QueuedJob job, GeneratedClip clip) {
        if (kept.remove(job.id())) return;    // the user already kept a step of this job as its take
        if (clip.video() != null && clip.latents() != null && clip.latents().frames() > 0) {
            try {
                maps.add(clip.request().model(), clip.latents(), clip.video());    // free pairs for the latent colour map
            } catch (RuntimeException e) {
                // a preview aid only
            }
        }
        int steps = filmstrips.get(job.id()).map(Filmstrip::total).orElse(job.totalSteps());
        store(job, "final", token -> {
            LatentDecoder.Decoded d = LatentDecoder.of(clip);
            return new Media(d, TakeRecord.of(clip.request(), 0, steps, d.preview()));
        });
    }

    /// Stop & keep: turns step `step`'s x₀ of `job` into a take (decoded with the model's decoders). A running job is
    /// cancelled first; its finished clip, should it still arrive, is not placed.
    public void keepStep(GenerationQueue queue, QueuedJob job, int step) {
        Filmstrip strip = filmstrips.get(job.id()).orElseThrow(() -> new IllegalArgumentException("job " + job.title() + " has no filmstrip in memory"));
        Filmstrip.Frame f = strip.step(step);
        if (job.state() == JobState.RUNNING) {
            kept.add(job.id());
            queue.cancel(job);
        }
        GenerationRequest r = job.request();
        store(job, "step " + step, token -> {
            LatentDecoder.Decoded d = decoder.decode(f.x0(), r.model(), r.size().width(), r.size().height(), token);
            return new Media(d, TakeRecord.of(r, step, f.total(), d.preview()));
        });
    }

    private record Media(LatentDecoder.Decoded decoded, ObjectNode record) {}

    private interface MediaMaker {
        Media make(CancelToken token) throws Exception;
    }

    private void store(QueuedJob job, String what, MediaMaker maker) {
        writing.set(writing.get() + 1);
        String takeId = "take-" + UUID.randomUUID().toString().substring(0, 12);
        String target = job.targetClip().orElse(null);
        Runnable work = () -> {
            try {
                Media m = maker.make(CancelToken.NEVER);
                Take take = TakeWriter.write(session.folder(), takeId, m.decoded(), m.record(), p -> { }, CancelToken.NEVER);
                ui.execute(() -> {
                    writing.set(writing.get() - 1);
                    try {
                        String clip = session.placeTake(take, target);
                        status.set((target != null && target.equals(clip) ? "New take on " : "New shot ") + clip + " (" + what + ")");
                        placedClip.set(null);
                        placedClip.set(clip);
                    } catch (RuntimeException e) {
                        error.set(job.title() + ": could not place the take on the timeline: " + e.getMessage());
                    }
                });
            } catch (Exception | OutOfMemoryError e) {
                ui.execute(() -> {
                    writing.set(writing.get() - 1);
                    error.set(job.title() + ": could not store the " + what + " take: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
                });
            }
        };
        try {
            background.execute(work);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // the project closed as the job ended; its queue was saved with the job still to run, so it runs again
            writing.set(writing.get() - 1);
        }
    }
}
