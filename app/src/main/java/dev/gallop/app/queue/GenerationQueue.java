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
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;

/// The generation queue as a service, without any UI: runs its pending jobs one at a time, in list order, through
/// the [Generator]; tracks phase, step i/N and ETA per job; cancel, reorder, retry and remove. Every change is saved
/// to the queue file at once (ADR 0016) and told to the [Listener]s, which views models observe.
///
/// A queue read back from disk starts **paused** (a job that was running is pending again), so a job that crashed
/// the app is never restarted in a loop; [#resume()] starts it. A queue file that cannot be read (broken, another
/// format, a newer version) is never written over: the queue starts empty and paused, [#error()] says what is wrong,
/// and nothing is saved until [#discardBrokenFile()] moves the bad file aside.
///
/// Threading: call every method on one owner thread (the UI thread in the app); engine events are handed to the
/// `owner` executor, so listeners are called on that thread too.
public final class GenerationQueue {
    /// What changed. `Updated` covers state, phase, step and ETA of one job.
    public sealed interface Change {
        record Added(QueuedJob job, int index) implements Change {}
        record Removed(QueuedJob job) implements Change {}
        record Moved(QueuedJob job, int index) implements Change {}
        record Updated(QueuedJob job) implements Change {}
        record Running(QueuedJob job) implements Change {}
        record Paused(boolean paused) implements Change {}
        record Error(String message) implements Change {}
    }

    @FunctionalInterface
    public interface Listener {
        void changed(Change c);
    }

    private final Generator generator;
    private final Path file;
    private final Executor owner;
    private final JobSink sink;
    private final LongSupplier nanos;
    private final List<QueuedJob> jobs = new ArrayList<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private boolean paused;
    private QueuedJob current;
    private String error = "";
    private boolean fileBroken;
    private GenerationJob engineJob;
    private boolean stopping;

    /// `nanos` is the clock used for step timing (the ETA).
    public GenerationQueue(Generator generator, Path file, Executor owner, JobSink sink, LongSupplier nanos) {
        this.generator = generator;
        this.file = file;
        this.owner = owner;
        this.sink = sink;
        this.nanos = nanos;
        try {
            for (QueueFile.Entry e : QueueFile.read(file)) {
                QueuedJob j = new QueuedJob(e.id(), e.request(), e.target());
                j.setState(e.state() == JobState.RUNNING ? JobState.PENDING : e.state(), e.message());
                jobs.add(j);
            }
            paused = jobs.stream().anyMatch(j -> j.state() == JobState.PENDING);
        } catch (QueueFile.QueueFileException e) {
            fileBroken = true;
            paused = true;
            error = e.getMessage() + ". The queue starts empty and is not saved until the file is moved aside.";
        }
    }

    public void addListener(Listener l) { listeners.add(l); }

    public void removeListener(Listener l) { listeners.remove(l); }

    /// The jobs in queue order (a copy).
    public List<QueuedJob> jobs() { return List.copyOf(jobs); }

    public boolean paused() { return paused; }

    /// The running job, or null.
    public QueuedJob current() { return current; }

    /// A problem with the queue file (unreadable, or a save failed); empty when all is well.
    public String error() { return error; }

    public Path file() { return file; }

    /// Queues a job at the end (or at the front of the waiting jobs); a new shot when `targetClip` is null, else a
    /// new take of that clip.
    public QueuedJob add(GenerationRequest request, String targetClip, boolean first) {
        QueuedJob j = new QueuedJob(newId(), request, targetClip);
        int at = first ? indexOfFirstPending() : jobs.size();
        jobs.add(at, j);
        fire(new Change.Added(j, at));
        save();
        startNext();
        return j;
    }

    /// Cancels a pending job at once, or asks the running one to stop (it ends as cancelled at the next step).
    public void cancel(QueuedJob j) {
        require(j);
        if (j.state() == JobState.PENDING) {
            j.setState(JobState.CANCELLED, "");
            fire(new Change.Updated(j));
            save();
        } else if (j == current && engineJob != null) {
            engineJob.cancel();
        }
    }

    /// Cancels the running job, if any.
    public void cancelCurrent() {
        if (current != null) cancel(current);
    }

    /// Removes a job that is not running.
    public void remove(QueuedJob j) {
        require(j);
        if (j == current) throw new IllegalStateException(j.title() + " is running: cancel it before removing it");
        jobs.remove(j);
        fire(new Change.Removed(j));
        save();
    }

    /// Moves a job to `index` in the list (clamped); the running job may move too, it keeps running.
    public void move(QueuedJob j, int index) {
        require(j);
        jobs.remove(j);
        int at = Math.clamp(index, 0, jobs.size());
        jobs.add(at, j);
        fire(new Change.Moved(j, at));
        save();
    }

    /// Puts a finished, failed or cancelled job back to pending (in its place in the list).
    public void retry(QueuedJob j) {
        require(j);
        if (!j.state().ended()) throw new IllegalStateException(j.title() + " is " + j.state().name().toLowerCase(Locale.ROOT) + ", there is nothing to retry");
        j.setState(JobState.PENDING, "");
        fire(new Change.Updated(j));
        save();
        startNext();
    }

    /// No new job starts; the running one goes on.
    public void pause() { setPaused(true); }

    /// Starts the next pending job if none is running.
    public void resume() {
        setPaused(false);
        startNext();
    }

    /// Moves the unreadable queue file aside (`queue.json.broken-<time>`), so the queue can be saved again.
    public Path discardBrokenFile() throws IOException {
        if (!fileBroken) throw new IllegalStateException("the queue file " + file + " is fine");
        Path aside = file.resolveSibling(file.getFileName() + ".broken-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.move(file, aside);
        fileBroken = false;
        setError("");
        save();
        return aside;
    }

    /// For app exit: stops the running generation without recording it as cancelled, so the next start offers it
    /// again (paused).
    public void shutdown() {
        stopping = true;
        setPaused(true);
        if (engineJob != null) engineJob.cancel();
    }

    private void setPaused(boolean p) {
        if (paused == p) return;
        paused = p;
        fire(new Change.Paused(p));
    }

    private void setError(String e) {
        if (error.equals(e)) return;
        error = e;
        fire(new Change.Error(e));
    }

    private void setCurrent(QueuedJob j) {
        current = j;
        fire(new Change.Running(j));
    }

    private void startNext() {
        if (paused || current != null || stopping) return;
        QueuedJob next = jobs.stream().filter(j -> j.state() == JobState.PENDING).findFirst().orElse(null);
        if (next == null) return;
        next.setState(JobState.RUNNING, "");
        fire(new Change.Updated(next));
        setCurrent(next);
        save();
        StepTimer timer = new StepTimer(nanos);
        try {
            engineJob = generator.submit(next.request(), e -> owner.execute(() -> onEvent(next, timer, e)));
        } catch (RuntimeException e) {
            ended(next, JobState.FAILED, e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private void onEvent(QueuedJob j, StepTimer timer, GenerationEvent e) {
        switch (e) {
            case GenerationEvent.Phase p -> {
                if (p.name().equals("denoising") || p.name().startsWith("super-resolution")) timer.started();
                j.setPhase(p.name());
                fire(new Change.Updated(j));
            }
            case GenerationEvent.Step s -> {
                timer.step(s.index());
                try {
                    sink.step(j, s);    // before the job changes, so listeners find the step stored
                } catch (RuntimeException ex) {
                    setError(j.title() + ": step preview failed: " + ex.getMessage());
                }
                j.setStep(s.index(), s.total(), s.stage(), timer.secondsLeft(s.total()));
                fire(new Change.Updated(j));
            }
            case GenerationEvent.Done d -> {
                try {
                    sink.done(j, d.clip());
                } catch (RuntimeException ex) {
                    setError(j.title() + ": the clip was generated but could not be stored: " + ex.getMessage());
                }
                ended(j, JobState.DONE, "");
            }
            case GenerationEvent.Failed f -> ended(j, JobState.FAILED, f.message());
            case GenerationEvent.Cancelled c -> {
                if (stopping) {
                    engineJob = null;
                    setCurrent(null);
                } else {
                    ended(j, JobState.CANCELLED, "");
                }
            }
        }
    }

    private void ended(QueuedJob j, JobState s, String msg) {
        j.setState(s, msg);
        engineJob = null;
        fire(new Change.Updated(j));
        setCurrent(null);
        save();
        startNext();
    }

    private void save() {
        if (fileBroken || stopping) return;
        List<QueueFile.Entry> entries = new ArrayList<>();
        for (QueuedJob j : jobs) entries.add(new QueueFile.Entry(j.id(), j.request(), j.targetClip().orElse(null), j.state(), j.message()));
        try {
            QueueFile.write(file, entries);
            if (error.startsWith("could not save")) setError("");
        } catch (IOException e) {
            setError("could not save the queue to " + file + ": " + e.getMessage());
        }
    }

    private void fire(Change c) {
        for (Listener l : listeners) l.changed(c);
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

    private void require(QueuedJob j) {
        if (!jobs.contains(j)) throw new IllegalArgumentException(j + " is not in this queue");
    }
}
