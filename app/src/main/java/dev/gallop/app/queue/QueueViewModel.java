package dev.gallop.app.queue;

import dev.gallop.engine.pipeline.GenerationEvent;
import dev.gallop.engine.pipeline.GenerationJob;
import dev.gallop.engine.pipeline.GenerationRequest;
import dev.gallop.engine.pipeline.Generator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/// The generation queue: runs its pending jobs one at a time, in list order, through the [Generator]; tracks phase,
/// step i/N and ETA per job; cancel, reorder, retry and remove. Every change is saved to the queue file at once.
///
/// A queue read back from disk starts **paused** (a job that was running is pending again), so a job that crashed
/// the app is never restarted in a loop; [#resume()] starts it. A queue file that cannot be read (broken, another
/// format, a newer version) is never written over: the queue starts empty and paused, [#errorProperty()] says what is
/// wrong, and nothing is saved until [#discardBrokenFile()] moves the bad file aside.
///
/// Threading: call every method on the UI thread; engine events are passed to the `ui` executor (the FX thread in
/// the app, a direct or single-thread executor in tests).
public final class QueueViewModel {
    private final Generator generator;
    private final Path file;
    private final Executor ui;
    private final JobSink sink;
    private final LongSupplier nanos;
    private final ObservableList<QueueJob> jobs = FXCollections.observableArrayList();
    private final ObservableList<QueueJob> jobsView = FXCollections.unmodifiableObservableList(jobs);
    private final BooleanProperty paused = new SimpleBooleanProperty(false);
    private final ObjectProperty<QueueJob> current = new SimpleObjectProperty<>();
    private final StringProperty error = new SimpleStringProperty("");
    private boolean fileBroken;
    private GenerationJob engineJob;
    private boolean stopping;

    public QueueViewModel(Generator generator, Path file, Executor ui, JobSink sink) { this(generator, file, ui, sink, System::nanoTime); }

    /// `nanos` is the clock used for step timing (the ETA).
    public QueueViewModel(Generator generator, Path file, Executor ui, JobSink sink, LongSupplier nanos) {
        this.generator = generator;
        this.file = file;
        this.ui = ui;
        this.sink = sink;
        this.nanos = nanos;
        try {
            for (QueueFile.Entry e : QueueFile.read(file)) {
                QueueJob j = new QueueJob(e.id(), e.request(), e.target());
                j.setState(e.state() == JobState.RUNNING ? JobState.PENDING : e.state(), e.message());
                jobs.add(j);
            }
            paused.set(jobs.stream().anyMatch(j -> j.state() == JobState.PENDING));
        } catch (QueueFile.QueueFileException e) {
            fileBroken = true;
            paused.set(true);
            error.set(e.getMessage() + ". The queue starts empty and is not saved until the file is moved aside.");
        }
    }

    /// The jobs in queue order (read-only; use the methods to change it).
    public ObservableList<QueueJob> jobs() { return jobsView; }

    public ReadOnlyBooleanProperty pausedProperty() { return paused; }

    /// The running job, or null.
    public ReadOnlyObjectProperty<QueueJob> currentProperty() { return current; }

    /// A problem with the queue file (unreadable, or a save failed); empty when all is well.
    public ReadOnlyStringProperty errorProperty() { return error; }

    public Path file() { return file; }

    /// Queues a job at the end (or at the front); a new shot when `targetClip` is null, else a new take of that clip.
    public QueueJob add(GenerationRequest request, String targetClip, boolean first) {
        QueueJob j = new QueueJob(newId(), request, targetClip);
        if (first) jobs.add(indexOfFirstPending(), j);
        else jobs.add(j);
        save();
        startNext();
        return j;
    }

    public QueueJob add(GenerationRequest request) { return add(request, null, false); }

    /// Cancels a pending job at once, or asks the running one to stop (it ends as cancelled at the next step).
    public void cancel(QueueJob j) {
        require(j);
        if (j.state() == JobState.PENDING) {
            j.setState(JobState.CANCELLED, "");
            save();
        } else if (j == current.get() && engineJob != null) {
            engineJob.cancel();
        }
    }

    /// Cancels the running job, if any (Ctrl+Alt+Enter).
    public void cancelCurrent() {
        if (current.get() != null) cancel(current.get());
    }

    /// Removes a job that is not running.
    public void remove(QueueJob j) {
        require(j);
        if (j == current.get()) throw new IllegalStateException(j.title() + " is running: cancel it before removing it");
        jobs.remove(j);
        save();
    }

    /// Moves a job to `index` in the list (clamped); the running job may move too, it keeps running.
    public void move(QueueJob j, int index) {
        require(j);
        jobs.remove(j);
        jobs.add(Math.clamp(index, 0, jobs.size()), j);
        save();
    }

    public void moveUp(QueueJob j) { move(j, jobs.indexOf(j) - 1); }

    public void moveDown(QueueJob j) { move(j, jobs.indexOf(j) + 1); }

    /// Puts a finished, failed or cancelled job back to pending (in its place in the list).
    public void retry(QueueJob j) {
        require(j);
        if (!j.state().ended()) throw new IllegalStateException(j.title() + " is " + j.state().name().toLowerCase(java.util.Locale.ROOT) + ", there is nothing to retry");
        j.setState(JobState.PENDING, "");
        save();
        startNext();
    }

    /// No new job starts; the running one goes on.
    public void pause() { paused.set(true); }

    /// Starts the next pending job if none is running.
    public void resume() {
        paused.set(false);
        startNext();
    }

    /// Moves the unreadable queue file aside (`queue.json.broken-<time>`), so the queue can be saved again.
    public Path discardBrokenFile() throws IOException {
        if (!fileBroken) throw new IllegalStateException("the queue file " + file + " is fine");
        Path aside = file.resolveSibling(file.getFileName() + ".broken-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.move(file, aside);
        fileBroken = false;
        error.set("");
        save();
        return aside;
    }

    /// For app exit: stops the running generation without recording it as cancelled, so the next start offers it
    /// again (paused).
    public void shutdown() {
        stopping = true;
        paused.set(true);
        if (engineJob != null) engineJob.cancel();
    }

    private void startNext() {
        if (paused.get() || current.get() != null || stopping) return;
        QueueJob next = jobs.stream().filter(j -> j.state() == JobState.PENDING).findFirst().orElse(null);
        if (next == null) return;
        next.setState(JobState.RUNNING, "");
        current.set(next);
        save();
        StepTimer timer = new StepTimer(nanos);
        try {
            engineJob = generator.submit(next.request(), e -> ui.execute(() -> onEvent(next, timer, e)));
        } catch (RuntimeException e) {
            ended(next, JobState.FAILED, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private void onEvent(QueueJob j, StepTimer timer, GenerationEvent e) {
        switch (e) {
            case GenerationEvent.Phase p -> {
                if (p.name().equals("denoising")) timer.started();
                j.setPhase(p.name());
            }
            case GenerationEvent.Step s -> {
                timer.step(s.index());
                try {
                    sink.step(j, s);    // before the job's properties change, so their listeners find the step stored
                } catch (RuntimeException ex) {
                    error.set(j.title() + ": step preview failed: " + ex.getMessage());
                }
                j.setStep(s.index(), s.total(), timer.secondsLeft(s.total()));
            }
            case GenerationEvent.Done d -> {
                try {
                    sink.done(j, d.clip());
                } catch (RuntimeException ex) {
                    error.set(j.title() + ": the clip was generated but could not be stored: " + ex.getMessage());
                }
                ended(j, JobState.DONE, "");
            }
            case GenerationEvent.Failed f -> ended(j, JobState.FAILED, f.message());
            case GenerationEvent.Cancelled c -> {
                if (stopping) {
                    current.set(null);
                    engineJob = null;
                } else {
                    ended(j, JobState.CANCELLED, "");
                }
            }
        }
    }

    private void ended(QueueJob j, JobState s, String msg) {
        j.setState(s, msg);
        current.set(null);
        engineJob = null;
        save();
        startNext();
    }

    private void save() {
        if (fileBroken || stopping) return;
        List<QueueFile.Entry> entries = new ArrayList<>();
        for (QueueJob j : jobs) entries.add(new QueueFile.Entry(j.id(), j.request(), j.targetClip().orElse(null), j.state(), j.messageProperty().get()));
        try {
            QueueFile.write(file, entries);
            if (error.get().startsWith("could not save")) error.set("");
        } catch (IOException e) {
            error.set("could not save the queue to " + file + ": " + e.getMessage());
        }
    }

    private int indexOfFirstPending() {
        for (int i = 0; i < jobs.size(); i++) if (jobs.get(i).state() == JobState.PENDING) return i;
        return jobs.size();
    }

    private String newId() {
        while (true) {
            String id = "job-" + UUID.randomUUID().toString().substring(0, 8);
            if (jobs.stream().noneMatch(j -> j.id().equals(id))) return id;
        }
    }

    private void require(QueueJob j) {
        if (!jobs.contains(j)) throw new IllegalArgumentException(j + " is not in this queue");
    }
}
