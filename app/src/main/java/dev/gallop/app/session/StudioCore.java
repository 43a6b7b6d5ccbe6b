package dev.gallop.app.session;

import dev.gallop.app.export.ExportViewModel;
import dev.gallop.app.filmstrip.FilmstripViewModel;
import dev.gallop.app.filmstrip.Filmstrips;
import dev.gallop.app.filmstrip.StepPictures;
import dev.gallop.app.media.ClipPreviews;
import dev.gallop.app.media.LatentDecoder;
import dev.gallop.app.media.LatentRgbMaps;
import dev.gallop.app.playback.AudioOutput;
import dev.gallop.app.playback.OpenAlOutput;
import dev.gallop.app.playback.PlayerViewModel;
import dev.gallop.app.playback.SoundPreview;
import dev.gallop.app.queue.QueueViewModel;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.pipeline.Generator;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/// Everything non-visual the studio window binds to for one open project, wired together: the project session
/// (timeline, undo, save), the generation queue (saved as `queue.json` in the project), the results that turn jobs
/// into shots, the denoise filmstrip, the player, clip thumbnails and waveforms, step sound preview and export.
/// Background work runs on two daemon threads owned here. Create and use it on the UI thread.
public final class StudioCore implements AutoCloseable {
    public static final String QUEUE_FILE = "queue.json";
    private final ScheduledExecutorService background;
    private final Executor ui;
    private final ProjectSession session;
    private final QueueViewModel queue;
    private final ShotResults results;
    private final FilmstripViewModel filmstrip;
    private final PlayerViewModel player;
    private final ExportViewModel export;
    private final ClipPreviews previews;
    private final SoundPreview sound;
    private final StringProperty autosaveError = new SimpleStringProperty("");
    private boolean autosavePending;

    /// `decodeDevice` runs the decoders for "stop & keep", step pictures and step sound; `audio` opens the sound device.
    public StudioCore(ProjectSession session, Generator generator, Device decodeDevice, AudioOutput.Opener audio, Executor ui) {
        AtomicInteger n = new AtomicInteger();
        this.background = Executors.newScheduledThreadPool(2, r -> Thread.ofPlatform().daemon().name("gallop-studio-" + n.incrementAndGet()).unstarted(r));
        this.ui = ui;
        this.session = session;
        LatentDecoder decoder = new LatentDecoder(decodeDevice);
        Filmstrips strips = new Filmstrips(8);
        LatentRgbMaps maps = new LatentRgbMaps();
        this.results = new ShotResults(session, strips, decoder, maps, background, ui);
        this.queue = new QueueViewModel(generator, session.folder().resolve(QUEUE_FILE), ui, results);
        this.filmstrip = new FilmstripViewModel(strips, new StepPictures(strips, decoder, maps, background, ui));
        this.player = new PlayerViewModel(session, audio, background, ui, System::nanoTime);
        this.export = new ExportViewModel(session, background, ui);
        export.setMarks(() -> player.inPointProperty().get(), () -> player.outPointProperty().get());
        this.previews = new ClipPreviews(session.folder(), background, ui);
        this.sound = new SoundPreview(audio, decoder, background, ui);
    }

    /// Opens the project in `folder` (or starts an empty one there), with OpenAL sound.
    public static StudioCore open(Path folder, Generator generator, Device decodeDevice, Executor ui) throws IOException {
        return new StudioCore(ProjectSession.open(folder), generator, decodeDevice, OpenAlOutput::openDefault, ui);
    }

    public ProjectSession session() { return session; }

    public QueueViewModel queue() { return queue; }

    /// Job results → shots; also "stop & keep" ([ShotResults#keepStep]).
    public ShotResults results() { return results; }

    public FilmstripViewModel filmstrip() { return filmstrip; }

    public PlayerViewModel player() { return player; }

    public ExportViewModel export() { return export; }

    public ClipPreviews previews() { return previews; }

    public SoundPreview sound() { return sound; }

    /// Writes the autosave `delay` after the timeline changes (a burst of changes gives one write, holding the last
    /// of them); with nothing unsaved left (undone back to the save) the autosave is removed instead.
    public void startAutosave(Duration delay) {
        session.timelineProperty().addListener((o, a, b) -> {
            if (autosavePending) return;
            autosavePending = true;
            try {
                background.schedule(() -> ui.execute(this::autosaveNow), delay.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                autosavePending = false;    // closing
            }
        });
    }

    private void autosaveNow() {
        autosavePending = false;
        try {
            session.autosave();
            autosaveError.set("");
        } catch (IOException e) {
            autosaveError.set("Autosave failed: " + e.getMessage());
        }
    }

    /// Runs `uiTask` on the UI thread after `delay` (nothing once the core is closed).
    public void later(Duration delay, Runnable uiTask) {
        try {
            background.schedule(() -> ui.execute(uiTask), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    /// Runs `work` on the core's background threads (nothing once the core is closed).
    public void inBackground(Runnable work) {
        try {
            background.execute(work);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    /// Why the last autosave failed; empty when it worked.
    public ReadOnlyStringProperty autosaveErrorProperty() { return autosaveError; }

    /// Stops the running job so the saved queue offers it again next time, releases the sound device and files.
    @Override public void close() {
        queue.shutdown();
        player.close();
        sound.close();
        previews.close();
        background.shutdownNow();
    }
}
