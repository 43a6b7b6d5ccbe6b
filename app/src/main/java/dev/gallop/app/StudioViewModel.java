package dev.gallop.app;

import dev.gallop.app.inspector.InspectorViewModel;
import dev.gallop.app.inspector.ShotRequests;
import dev.gallop.app.inspector.TakeInfo;
import dev.gallop.app.memory.BudgetViewModel;
import dev.gallop.app.memory.MemoryPlanViewModel;
import dev.gallop.app.models.ModelManagerViewModel;
import dev.gallop.app.prompt.PromptState;
import dev.gallop.app.settings.AppSettings;
import dev.gallop.app.keys.Keymap;
import dev.gallop.app.playback.AudioOutput;
import dev.gallop.app.project.AtomicFiles;
import dev.gallop.app.project.ProjectFile;
import dev.gallop.app.prompt.PromptViewModel;
import dev.gallop.app.session.ProjectSession;
import dev.gallop.app.session.StudioCore;
import dev.gallop.app.status.StatusLine;
import dev.gallop.app.timeline.Timeline;
import dev.gallop.app.timeline.TimelineViewModel;
import dev.gallop.app.viewer.ViewerViewModel;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.MemoryBudget;
import dev.gallop.engine.pipeline.Generator;
import dev.gallop.engine.pipeline.local.LocalGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/// The studio window's view model. App-wide: the prompt panel with its memory plan, the GPU memory budget, the model
/// manager and the timeline panel. Per open project: a [StudioCore] (session, queue, results, filmstrip, player,
/// previews, export, autosave) and the viewer's [ViewerViewModel]; opening another project replaces both
/// ([#coreProperty()], [#viewerProperty()]).
/// Project commands (new, open, save, save as) and crash recovery live here. UI thread only.
public final class StudioViewModel {
    /// How soon after a change the autosave is written.
    public static final Duration AUTOSAVE = Duration.ofSeconds(2);
    /// How long the prompt panel's inputs stay unchanged before their memory plan is made.
    public static final Duration PLAN_DELAY = Duration.ofMillis(300);

    private final Generator generator;
    private final AppSettings settings;
    private final javafx.beans.property.ReadOnlyObjectWrapper<Keymap> keymap = new javafx.beans.property.ReadOnlyObjectWrapper<>(Keymap.GALLOP);
    private final Device device;
    private final AudioOutput.Opener audio;
    private final Executor ui;
    private final PromptViewModel prompt;
    private final ModelManagerViewModel models;
    private final TimelineViewModel timeline;
    private final InspectorViewModel inspector;
    private final ShotRequests shots;
    private final MemoryPlanViewModel memory;
    private final BudgetViewModel budget;
    private boolean promptSavePending;
    private final java.util.Map<Path, String> manifestNames = new java.util.HashMap<>();
    /// One `prompt.json` write at a time (they run on the background threads).
    private final Object promptWrites = new Object();
    private final ReadOnlyObjectWrapper<StudioCore> core = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyObjectWrapper<ViewerViewModel> viewer = new ReadOnlyObjectWrapper<>();
    private final StatusLine status = new StatusLine(this::summary);
    private final ReadOnlyStringWrapper title = new ReadOnlyStringWrapper("Gallop studio");
    private final Optional<Timeline> startupRecovery;

    /// @param device     runs the decoders of "stop & keep" and step sound
    /// @param audio      opens the sound device (OpenAL in the app)
    /// @param project    the project folder to open at start (created when new)
    /// @param background runs model scans
    public StudioViewModel(Generator generator, Device device, AudioOutput.Opener audio, Path home, Path modelsRoot, Path project,
                           Executor ui, Executor background) throws IOException {
        this(generator, device, audio, home, modelsRoot, project, ui, background, AppSettings.inMemory());
    }

    /// @param settings the studio's settings (the models folder chosen in the model manager, the keymap, the GPU memory
    ///                 budget, which a [LocalGenerator] is held to and plans with)
    public StudioViewModel(Generator generator, Device device, AudioOutput.Opener audio, Path home, Path modelsRoot, Path project,
                           Executor ui, Executor background, AppSettings settings) throws IOException {
        this.settings = settings;
        this.generator = generator;
        this.device = device;
        this.audio = audio;
        this.ui = ui;
        ProjectFile.lock(project);
        startupRecovery = ProjectFile.recoverable(project);
        StudioCore first = new StudioCore(ProjectSession.open(project), generator, device, audio, ui);
        timeline = new TimelineViewModel(first.session(), first.player());
        timeline.setOnMessage(status::post);
        attach(first);
        prompt = new PromptViewModel((r, target, front) -> core.get().queue().add(r, target, front), RandomGenerator.getDefault());
        models = new ModelManagerViewModel(home, modelsRoot, background, ui);
        models.setOnModels(prompt::setModels);
        models.setOnRootChosen(p -> {
            try {
                settings.setModelsRoot(p);
            } catch (IOException e) {
                status.post("Could not keep the models folder in " + settings.file() + ": " + e.getMessage());
            }
        });
        if (!settings.problem().isEmpty()) status.post(settings.problem());
        keymap.set(Keymap.byId(settings.keymap().orElse(Keymap.GALLOP.id())));
        inspector = new InspectorViewModel(timeline);
        shots = new ShotRequests(this::modelByName);
        restorePrompt(first);
        prompt.addChangeListener(this::promptChanged);
        LocalGenerator local = generator instanceof LocalGenerator lg ? lg : null;
        memory = new MemoryPlanViewModel(local == null ? null : local::plan, local == null ? () -> MemoryBudget.UNLIMITED : local::budget, ui, PLAN_DELAY);
        Device planned = local == null ? device : local.device();
        budget = new BudgetViewModel(settings, planned.description() + " (" + planned.id() + ")", b -> {
            if (local != null) local.setBudget(b);
            memory.recheck();
        }, status::post);
        prompt.setGate(memory::refusal);
        memory.addListener(prompt::recheck);
        prompt.addChangeListener(() -> memory.request(prompt.planRequest()));
        memory.request(prompt.planRequest());
    }

    public PromptViewModel prompt() { return prompt; }
    public ModelManagerViewModel models() { return models; }
    public TimelineViewModel timeline() { return timeline; }
    public InspectorViewModel inspector() { return inspector; }
    public AppSettings settings() { return settings; }
    /// The memory plan of the prompt panel's request (beside Generate).
    public MemoryPlanViewModel memory() { return memory; }
    /// The GPU memory budget setting.
    public BudgetViewModel budget() { return budget; }

    /// The studio's version: the jar's `Implementation-Version`, or "development build" when run from classes.
    public static String version() {
        String v = StudioViewModel.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? "(development build)" : v;
    }

    /// Help ▸ About: what this studio is and what it runs on.
    public java.util.List<String> aboutLines() {
        return java.util.List.of(
                "A local AI video studio: write shots, generate them with sound on this machine, cut them on a timeline and export.",
                "Compute device: " + device.description(),
                "GPU memory budget: " + (budget.budgetProperty().get().isUnlimited() ? "automatic (all free memory)" : budget.budgetProperty().get())
                        + " (Models tab)",
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor", "") + ") · JavaFX "
                        + System.getProperty("javafx.runtime.version", System.getProperty("javafx.version", "?")),
                "Project: " + projectFolder().toAbsolutePath(),
                "Models folder: " + models.rootProperty().get(),
                "Settings: " + (settings.file() == null ? "not kept (no settings file)" : settings.file().toString()),
                "Keys: " + keymap.get().name() + " (Help ▸ Keyboard shortcuts)",
                "User guide: Help ▸ User guide (Shift+F1)");
    }

    /// The keys in use: one of the [Keymap#PRESETS].
    public ReadOnlyObjectProperty<Keymap> keymapProperty() { return keymap.getReadOnlyProperty(); }

    public Keymap keymap() { return keymap.get(); }

    /// Switches to another keymap preset and keeps the choice in the settings.
    public void setKeymap(Keymap k) {
        keymap.set(k);
        try {
            settings.setKeymap(k.id());
        } catch (IOException e) {
            status.post("Could not keep the keymap in " + settings.file() + ": " + e.getMessage());
        }
        status.post("Keys: " + k.name());
    }
    public StudioCore core() { return core.get(); }
    public ReadOnlyObjectProperty<StudioCore> coreProperty() { return core.getReadOnlyProperty(); }
    public ViewerViewModel viewer() { return viewer.get(); }
    public ReadOnlyObjectProperty<ViewerViewModel> viewerProperty() { return viewer.getReadOnlyProperty(); }
    /// The status bar: the last message for a few seconds, then a summary of the project and the queue.
    public ReadOnlyStringProperty statusProperty() { return status.textProperty(); }

    /// Advances the status bar's clock (the window calls it on every animation frame).
    public void tick(long nanos) { status.tick(nanos); }

    /// "3 shots · 00:00:06:05 · queue: 1 running, 2 waiting".
    String summary() {
        var t = core.get().session().timeline();
        long shots = t.tracks().stream().filter(tr -> tr.kind() == dev.gallop.app.timeline.Track.Kind.VIDEO).mapToLong(tr -> tr.clips().size()).sum();
        var jobs = core.get().queue().jobs();
        long running = jobs.stream().filter(j -> j.state() == dev.gallop.app.queue.JobState.RUNNING).count();
        long waiting = jobs.stream().filter(j -> j.state() == dev.gallop.app.queue.JobState.PENDING).count();
        String queue = running + waiting == 0 ? "nothing queued"
                : "queue: " + (running > 0 ? running + " running" + (waiting > 0 ? ", " : "") : "") + (waiting > 0 ? waiting + " waiting" : "")
                  + (core.get().queue().pausedProperty().get() && waiting > 0 ? " (paused)" : "");
        return shots + (shots == 1 ? " shot · " : " shots · ") + dev.gallop.app.timeline.Timecode.format(t.duration(), t.fps()) + " · " + queue
                + (hasUnsavedChanges() ? " · unsaved changes" : "");
    }
    public Path projectFolder() { return core.get().session().folder(); }

    /// The autosave to offer at start: the project's autosave when it is newer than `project.json` and holds another
    /// edit, however the last session ended.
    public Optional<Timeline> startupRecovery() { return startupRecovery; }

    /// "Untitled — Gallop studio", with a leading `*` while there are unsaved changes.
    public ReadOnlyStringProperty titleProperty() { return title.getReadOnlyProperty(); }

    /// The open project's name (its folder's name).
    public String projectName() {
        Path f = projectFolder().toAbsolutePath().normalize().getFileName();
        return f == null ? projectFolder().toString() : f.toString();
    }

    /// True while the open project has changes that are not saved.
    public boolean hasUnsavedChanges() { return core.get().session().isDirty(); }

    /// Takes being written into the project right now (quitting waits for them).
    public int takesBeingWritten() { return core.get().results().writingProperty().get(); }

    /// Runs `then` once no take is being written into the project (at once when none is).
    public void whenTakesWritten(Runnable then) {
        var writing = core.get().results().writingProperty();
        if (writing.get() == 0) {
            then.run();
            return;
        }
        status.post("Waiting for " + writing.get() + (writing.get() == 1 ? " take" : " takes") + " to be written…");
        writing.addListener(new javafx.beans.value.ChangeListener<>() {
            @Override public void changed(javafx.beans.value.ObservableValue<? extends Number> o, Number a, Number b) {
                if (b.intValue() > 0) return;
                writing.removeListener(this);
                then.run();
            }
        });
    }

    /// The user chose to lose the unsaved changes (quit or open another project without saving): the autosave
    /// holding them is removed, so they are not offered at the next start.
    public void discardChanges() throws IOException {
        core.get().session().discardChanges();
    }

    /// The user declined the offered autosave: it is set aside (renamed, not deleted) and not offered again.
    public void declineRecovery() throws IOException {
        Path aside = ProjectFile.setAsideAutosave(projectFolder());
        if (aside != null) status.post("The autosave was set aside as " + aside.getFileName());
    }

    /// Ctrl+Enter. When nothing is queued (something is missing, or the memory plan says the clip cannot fit) the
    /// status line says why, as the prompt panel does.
    public boolean generate() { return queued(prompt.generate()); }

    /// Ctrl+Shift+Enter: the job goes first in the queue.
    public boolean generateFirst() { return queued(prompt.generate(true)); }

    private boolean queued(Optional<dev.gallop.engine.pipeline.GenerationRequest> r) {
        if (r.isEmpty()) status.post("Not queued: " + prompt.problemProperty().get());
        return r.isPresent();
    }

    /// Ctrl+R: a new take of the selected shot from the shot's own request (not the prompt panel's) with the next
    /// seed; it lands on top of the shot's take stack (undo brings the previous take back). False, with the reason in
    /// the status line, when no shot is selected or its request cannot be made again.
    public boolean regenerateSelected() {
        var clip = timeline.selectedClip();
        if (clip.isEmpty()) {
            status.post("Select a shot on the timeline to make a new take of it");
            return false;
        }
        try {
            var r = shots.retake(clip.get(), prompt.seedControlProperty().get(), prompt.random());
            core.get().queue().add(r, clip.get().id(), false);
            status.post("New take of " + clip.get().id() + " queued (seed " + r.seed() + ")");
            return true;
        } catch (IllegalArgumentException e) {
            status.post("Cannot make a new take of " + clip.get().id() + ": " + e.getMessage());
            return false;
        }
    }

    /// The shots approved for finishing (video clips marked approved), in timeline order.
    public java.util.List<dev.gallop.app.timeline.Clip> approvedShots() {
        java.util.List<dev.gallop.app.timeline.Clip> out = new java.util.ArrayList<>();
        for (var tr : timeline.timeline().tracks()) {
            if (tr.kind() == dev.gallop.app.timeline.Track.Kind.VIDEO) for (var c : tr.clips()) if (c.approved()) out.add(c);
        }
        out.sort(java.util.Comparator.comparingInt(dev.gallop.app.timeline.Clip::start));
        return out;
    }

    /// Finalize: queues every approved shot's own request again with the model's super-resolution stage (same seed, so
    /// the approved draft is what gets enlarged); each becomes a new take of its shot. Shots that are already final, or
    /// whose model has no such stage, are skipped and named in the status line. Returns how many were queued.
    public int finalizeApproved(dev.gallop.engine.pipeline.SrStage.Model stage) {
        var approved = approvedShots();
        if (approved.isEmpty()) {
            status.post("No shot is approved: select a shot and press A (Timeline ▸ Approve selected shot) first");
            return 0;
        }
        int queued = 0;
        java.util.List<String> skipped = new java.util.ArrayList<>();
        for (var c : approved) {
            try {
                core.get().queue().add(shots.finalize(c, stage), c.id(), false);
                queued++;
            } catch (IllegalArgumentException e) {
                skipped.add(e.getMessage());
            }
        }
        status.post((queued == 0 ? "Nothing to finalize" : "Finalizing " + queued + (queued == 1 ? " approved shot" : " approved shots") + " at " + stage.label()
                + " (queued as new takes)") + (skipped.isEmpty() ? "" : "; skipped: " + String.join("; ", skipped)));
        return queued;
    }

    /// The clip inspector's "load into the prompt panel": the selected shot's prompt sections, inputs, length, seed
    /// and model, to change and generate as a new shot.
    public boolean loadSelectedIntoPrompt() {
        var clip = inspector.shotProperty().get();
        if (clip == null) {
            status.post("Select a shot to load its prompt");
            return false;
        }
        TakeInfo info = TakeInfo.of(clip.take());
        try {
            var r = shots.own(clip);
            prompt.load(r.prompt(), r.image(), r.audio(), r.seconds(), r.size(), r.seed(), r.model());
        } catch (IllegalArgumentException e) {
            if (info.body().isBlank()) {
                status.post("Cannot load " + clip.id() + ": " + e.getMessage());
                return false;
            }
            prompt.load(new dev.gallop.engine.pipeline.StructuredPrompt(info.body(), info.dialogue(), info.backgroundSound()), Optional.empty(),
                    Optional.empty(), info.seconds() > 0 ? info.seconds() : prompt.secondsProperty().get(), null, info.seed(), null);
            status.post("Loaded the prompt of " + clip.id() + " (" + e.getMessage() + "; choose a model)");
            return true;
        }
        status.post("Loaded the prompt, seed and model of " + clip.id() + " into the prompt panel");
        return true;
    }

    /// The folder of an offered model whose `model.json` gives `name`.
    Optional<Path> modelByName(String name) {
        for (var m : prompt.models()) {
            String n = manifestNames.computeIfAbsent(m.folder(), f -> {
                try {
                    return dev.gallop.engine.pipeline.discovery.ModelManifest.read(f).name();
                } catch (IOException | RuntimeException e) {
                    return "";
                }
            });
            if (n.equals(name)) return Optional.of(m.folder());
        }
        return Optional.empty();
    }

    /// The prompt panel is saved with the open project (`prompt.json`) a second after it changes.
    private void promptChanged() {
        if (promptSavePending) return;
        promptSavePending = true;
        StudioCore c = core.get();
        c.later(Duration.ofSeconds(1), () -> savePrompt(c));
    }

    private void savePrompt(StudioCore c) {
        promptSavePending = false;
        var state = prompt.state();
        Path folder = c.session().folder();
        c.inBackground(() -> {
            synchronized (promptWrites) {
                try {
                    state.write(folder);
                } catch (IOException e) {
                    ui.execute(() -> status.post("Could not save the prompt panel: " + e.getMessage()));
                }
            }
        });
    }

    /// The project's saved prompt panel, if it has one; the seed then moves past every seed its takes used.
    private void restorePrompt(StudioCore c) {
        try {
            PromptState s = PromptState.read(c.session().folder());
            if (s != null) prompt.restore(s);
        } catch (IOException e) {
            status.post(e.getMessage());
        }
        long max = Long.MIN_VALUE;
        for (var tr : c.session().timeline().tracks()) for (var clip : tr.clips()) for (var t : clip.takes()) max = Math.max(max, TakeInfo.of(t).seed());
        for (var j : c.queue().jobs()) max = Math.max(max, j.request().seed());
        if (max != Long.MIN_VALUE) prompt.ensureSeedAbove(max);
    }

    /// Shows the previous (-1) or next (+1) take of the selected shot, as an undoable edit.
    public boolean switchTake(int delta) {
        var clip = timeline.selectedClip();
        if (clip.isEmpty()) {
            status.post("Select a shot to switch its take");
            return false;
        }
        int to = clip.get().active() + delta;
        if (to < 0 || to >= clip.get().takes().size()) {
            status.post("Shot " + clip.get().id() + " has takes 1.." + clip.get().takes().size() + "; showing " + (clip.get().active() + 1));
            return false;
        }
        return timeline.showTake(clip.get().id(), to);
    }

    /// Ctrl+Alt+Enter.
    public void cancel() { core.get().queue().cancelCurrent(); }

    /// Opens (or creates) the project in `folder`. When the last session there did not close cleanly and a newer
    /// autosave exists, returns it so the window can offer recovery ([#recover(Timeline)]).
    public Optional<Timeline> open(Path folder) throws IOException {
        Path old = projectFolder();
        if (folder.toAbsolutePath().normalize().equals(old.toAbsolutePath().normalize())) return Optional.empty();
        ProjectFile.lock(folder);
        ProjectSession s;
        try {
            s = ProjectSession.open(folder);
        } catch (IOException | RuntimeException e) {
            ProjectFile.unlock(folder);
            throw e;
        }
        replace(new StudioCore(s, generator, device, audio, ui), old);
        status.post("Opened " + folder);
        return ProjectFile.recoverable(folder);
    }

    /// Takes the recovered autosave as the project: it is saved at once (the previous `project.json` stays as the
    /// backup `project.json.bak`), so a second crash cannot lose it.
    public void recover(Timeline t) throws IOException {
        Path folder = projectFolder();
        ProjectSession s = new ProjectSession(folder, t);
        s.save();
        core.get().close();
        attach(new StudioCore(s, generator, device, audio, ui));
        status.post("Recovered the autosave of " + folder + " (the previous save is kept as project.json.bak)");
    }

    /// A new, empty project in `folder` (which must not hold a project yet).
    public void newProject(Path folder) throws IOException {
        if (Files.exists(folder.resolve(ProjectFile.FILE))) throw new IOException(folder + " already holds a project; open it instead");
        open(folder);
        save();
    }

    public void save() throws IOException {
        core.get().session().save();
        status.post("Saved " + projectFolder().resolve(ProjectFile.FILE));
    }

    /// Saves the project into another folder with its media, and continues there.
    public void saveAs(Path folder) throws IOException {
        ProjectSession s = core.get().session();
        if (folder.toAbsolutePath().normalize().equals(s.folder().toAbsolutePath().normalize())) {
            save();
            return;
        }
        if (Files.exists(folder.resolve(ProjectFile.FILE))) throw new IOException(folder + " already holds a project; choose an empty folder");
        Path media = ProjectFile.mediaDir(s.folder());
        if (Files.isDirectory(media)) {
            Files.createDirectories(ProjectFile.mediaDir(folder));
            try (var files = Files.list(media)) {
                for (Path f : files.toList()) {
                    Path to = ProjectFile.mediaDir(folder).resolve(f.getFileName());
                    if (!Files.exists(to) && Files.isRegularFile(f) && !f.getFileName().toString().startsWith(".")) AtomicFiles.copy(f, to);
                }
            }
        }
        ProjectFile.save(folder, s.timeline());
        open(folder);
        status.post("Saved as " + folder);
    }

    /// App exit: the running job stops so the queue offers it again (paused) next time; the lock is released.
    public void close() {
        memory.close();
        writePromptNow(projectFolder());
        core.get().close();
        try {
            ProjectFile.unlock(projectFolder());
        } catch (IOException ignored) {
            // the lock only makes the next start offer recovery
        }
    }

    private void retitle() { title.set((hasUnsavedChanges() ? "*" : "") + projectName() + " — Gallop studio"); }

    private void replace(StudioCore next, Path old) throws IOException {
        StudioCore was = core.get();
        if (promptSavePending) {
            promptSavePending = false;
            writePromptNow(was.session().folder());
        }
        was.close();
        attach(next);
        restorePrompt(next);
        ProjectFile.unlock(old);
    }

    private void writePromptNow(Path folder) {
        synchronized (promptWrites) {
            try {
                prompt.state().write(folder);
            } catch (IOException e) {
                status.post("Could not save the prompt panel: " + e.getMessage());
            }
        }
    }

    private void attach(StudioCore c) {
        // the viewer first: views rebuild when the core changes and must find the new core's viewer then
        viewer.set(new ViewerViewModel(c));
        core.set(c);
        c.startAutosave(AUTOSAVE);
        // a job that ended gave back (or left) device memory: the memory line plans the prompt's request again
        c.queue().currentProperty().addListener((o, was, now) -> {
            if (was != null && memory != null) memory.recheck();
        });
        c.session().dirtyProperty().addListener((o, a, b) -> retitle());
        retitle();
        timeline.attach(c.session(), c.player());
        c.results().placedClipProperty().addListener((o, a, b) -> {
            if (b == null) return;
            timeline.select(b);
            timeline.timeline().find(b).ifPresent(clip -> timeline.seek(clip.start()));
        });
        c.results().statusProperty().addListener((o, a, b) -> status.post(b));
        c.results().errorProperty().addListener((o, a, b) -> { if (!b.isEmpty()) status.post(b); });
        c.export().statusProperty().addListener((o, a, b) -> { if (!b.isEmpty()) status.post(b); });
        c.autosaveErrorProperty().addListener((o, a, b) -> { if (!b.isEmpty()) status.post(b); });
        c.queue().errorProperty().addListener((o, a, b) -> { if (!b.isEmpty()) status.post(b); });
    }
}
