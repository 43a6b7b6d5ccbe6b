package dev.gallop.app;

import dev.gallop.app.export.ExportViewModel;
import dev.gallop.app.filmstrip.Filmstrips;
import dev.gallop.app.media.LatentDecoder;
import dev.gallop.app.models.ModelManagerViewModel;
import dev.gallop.app.project.ProjectFile;
import dev.gallop.app.prompt.PromptViewModel;
import dev.gallop.app.queue.JobSink;
import dev.gallop.app.queue.JobState;
import dev.gallop.app.queue.QueueJob;
import dev.gallop.app.queue.QueueViewModel;
import dev.gallop.app.session.ProjectSession;
import dev.gallop.app.session.ShotResults;
import dev.gallop.app.timeline.Timeline;
import dev.gallop.app.timeline.TimelineViewModel;
import dev.gallop.app.viewer.ViewerViewModel;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.pipeline.GeneratedClip;
import dev.gallop.engine.pipeline.GenerationEvent;
import dev.gallop.engine.pipeline.Generator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ChangeListener;

/// The studio window's view model: the panels' view models wired together. The prompt queues jobs; the queue runs
/// them through the engine; steps go to the viewer's filmstrip; finished clips (and kept steps) are written into
/// the open project and placed on the timeline by [ShotResults]. Project commands (new, open, save, save as) and
/// crash recovery live here. UI thread only; `ui` runs engine callbacks there, `background` runs slow work.
public final class StudioViewModel {
    private final Executor ui, background;
    private final Filmstrips filmstrips = new Filmstrips(4);
    private final LatentDecoder decoder;
    private final PromptViewModel prompt;
    private final ViewerViewModel viewer = new ViewerViewModel();
    private final ModelManagerViewModel models;
    private final QueueViewModel queue;
    private final TimelineViewModel timeline;
    private final ReadOnlyObjectWrapper<ProjectSession> session = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ExportViewModel> export = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Ready");
    private ShotResults results;
    private final Optional<Timeline> startupRecovery;
    private QueueJob watched;
    private final ChangeListener<String> phaseListener = (o, a, b) -> viewer.phase(b);
    private final ChangeListener<JobState> stateListener = (o, a, b) -> ended(b);

    /// @param dataDir  where the queue file lives (the app's data folder)
    /// @param project  the project folder to open at start (created when new)
    public StudioViewModel(Generator generator, Device device, Path home, Path modelsRoot, Path dataDir, Path project,
                           Executor ui, Executor background) throws IOException {
        this.ui = ui;
        this.background = background;
        this.decoder = new LatentDecoder(device);
        boolean stale = ProjectFile.lock(project);
        ProjectSession first = ProjectSession.open(project);
        startupRecovery = stale ? ProjectFile.recoverable(project) : Optional.empty();
        session.set(first);
        results = results(first);
        export.set(export(first));
        timeline = new TimelineViewModel(first);
        queue = new QueueViewModel(generator, dataDir.resolve("queue.json"), ui, new JobSink() {
            @Override public void step(QueueJob job, GenerationEvent.Step step) {
                results.step(job, step);
                if (job == watched) viewer.accept(step);
            }

            @Override public void done(QueueJob job, GeneratedClip clip) { results.done(job, clip); }
        });
        prompt = new PromptViewModel(r -> queue.add(r), RandomGenerator.getDefault());
        models = new ModelManagerViewModel(home, modelsRoot, background, ui);
        models.setOnModels(prompt::setModels);
        queue.currentProperty().addListener((o, a, b) -> { if (b != null) watch(b); });
        viewer.setKeeper(step -> {
            if (watched != null) results.keepStep(queue, watched, step.index());
        });
    }

    public PromptViewModel prompt() { return prompt; }
    public ViewerViewModel viewer() { return viewer; }
    public ModelManagerViewModel models() { return models; }
    public QueueViewModel queue() { return queue; }
    public TimelineViewModel timeline() { return timeline; }
    public ShotResults results() { return results; }
    public LatentDecoder decoder() { return decoder; }
    public ReadOnlyObjectProperty<ProjectSession> sessionProperty() { return session.getReadOnlyProperty(); }
    /// File ▸ Export for the open project.
    public ReadOnlyObjectProperty<ExportViewModel> exportProperty() { return export.getReadOnlyProperty(); }
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }

    /// The autosave to offer when the project opened at start did not close cleanly last time.
    public Optional<Timeline> startupRecovery() { return startupRecovery; }

    /// Ctrl+Enter.
    public void generate() { prompt.generate(); }

    /// Ctrl+Alt+Enter.
    public void cancel() { queue.cancelCurrent(); }

    /// Opens (or creates) the project in `folder`. When the last session there did not close cleanly and a newer
    /// autosave exists, returns it so the window can offer recovery ([#recover(Timeline)]).
    public Optional<Timeline> open(Path folder) throws IOException {
        Path old = session.get() == null ? null : session.get().folder();
        boolean stale = ProjectFile.lock(folder);
        ProjectSession s = ProjectSession.open(folder);
        if (old != null && !old.equals(folder)) ProjectFile.unlock(old);
        attach(s);
        status.set("Opened " + folder);
        return stale ? ProjectFile.recoverable(folder) : Optional.empty();
    }

    /// Takes the recovered autosave as the project: it is saved at once (the previous `project.json` stays as the
    /// backup `project.json.bak`), so a second crash cannot lose it.
    public void recover(Timeline t) throws IOException {
        ProjectSession s = new ProjectSession(session.get().folder(), t);
        attach(s);
        s.save();
        status.set("Recovered the autosave of " + s.folder() + " (the previous save is kept as project.json.bak)");
    }

    /// A new, empty project in `folder` (which must not hold a project yet).
    public void newProject(Path folder) throws IOException {
        if (Files.exists(folder.resolve(ProjectFile.FILE))) throw new IOException(folder + " already holds a project; open it instead");
        open(folder);
        save();
    }

    public void save() throws IOException {
        session.get().save();
        status.set("Saved " + session.get().folder().resolve(ProjectFile.FILE));
    }

    /// Saves the project into another folder with its media, and continues there.
    public void saveAs(Path folder) throws IOException {
        ProjectSession s = session.get();
        if (folder.toAbsolutePath().normalize().equals(s.folder().toAbsolutePath().normalize())) {
            save();
            return;
        }
        Path media = ProjectFile.mediaDir(s.folder());
        if (Files.isDirectory(media)) {
            Files.createDirectories(ProjectFile.mediaDir(folder));
            try (var files = Files.list(media)) {
                for (Path f : files.toList()) {
                    Path to = ProjectFile.mediaDir(folder).resolve(f.getFileName());
                    if (!Files.exists(to)) Files.copy(f, to);
                }
            }
        }
        ProjectFile.save(folder, s.timeline());
        open(folder);
        status.set("Saved as " + folder);
    }

    /// Writes the autosave when there are unsaved changes; a failure is shown, never thrown.
    public void autosave() {
        try {
            session.get().autosave();
        } catch (IOException e) {
            status.set("Autosave failed: " + e.getMessage());
        }
    }

    /// App exit: stop the engine cleanly (the queue comes back paused next time) and release the project lock.
    public void close() {
        queue.shutdown();
        try {
            ProjectFile.unlock(session.get().folder());
        } catch (IOException ignored) {
            // the lock only makes the next start offer recovery
        }
    }

    private void attach(ProjectSession s) {
        session.set(s);
        results = results(s);
        export.set(export(s));
        timeline.attach(s);
    }

    private ShotResults results(ProjectSession s) {
        ShotResults r = new ShotResults(s, filmstrips, decoder, background, ui);
        r.placedClipProperty().addListener((o, a, b) -> {
            if (b == null) return;
            timeline.select(b);
            timeline.timeline().find(b).ifPresent(c -> timeline.seek(c.start()));
            viewer.noticeProperty().set("");
        });
        r.statusProperty().addListener((o, a, b) -> status.set(b));
        r.errorProperty().addListener((o, a, b) -> { if (!b.isEmpty()) { status.set(b); viewer.noticeProperty().set(b); } });
        return r;
    }

    private ExportViewModel export(ProjectSession s) {
        ExportViewModel e = new ExportViewModel(s, background, ui);
        e.statusProperty().addListener((o, a, b) -> { if (!b.isEmpty()) status.set(b); });
        return e;
    }

    private void watch(QueueJob j) {
        if (watched != null) {
            watched.phaseProperty().removeListener(phaseListener);
            watched.stateProperty().removeListener(stateListener);
        }
        watched = j;
        viewer.begin(j.title());
        j.phaseProperty().addListener(phaseListener);
        j.stateProperty().addListener(stateListener);
    }

    private void ended(JobState s) {
        switch (s) {
            case DONE -> viewer.finish("Done");
            case FAILED -> viewer.finish("Failed: " + watched.messageProperty().get());
            case CANCELLED -> viewer.finish("Cancelled");
            default -> { }
        }
    }
}
