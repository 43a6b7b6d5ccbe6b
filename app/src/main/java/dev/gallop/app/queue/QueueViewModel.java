package dev.gallop.app.queue;

import dev.gallop.engine.pipeline.GenerationRequest;
import dev.gallop.engine.pipeline.Generator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/// The queue panel's view model: observes a [GenerationQueue] (scheduling, engine and persistence live there) and
/// shows it as an observable list of [QueueJob] rows with the queue's paused state, running job and error; the
/// commands go straight to the queue. UI thread only (the queue reports on the same thread).
public final class QueueViewModel {
    private final GenerationQueue queue;
    private final ObservableList<QueueJob> jobs = FXCollections.observableArrayList();
    private final ObservableList<QueueJob> jobsView = FXCollections.unmodifiableObservableList(jobs);
    private final Map<QueuedJob, QueueJob> rows = new HashMap<>();
    private final ReadOnlyBooleanWrapper paused = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyObjectWrapper<QueueJob> current = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");

    public QueueViewModel(Generator generator, Path file, Executor ui, JobSink sink) { this(generator, file, ui, sink, System::nanoTime); }

    /// `nanos` is the clock used for step timing (the ETA).
    public QueueViewModel(Generator generator, Path file, Executor ui, JobSink sink, LongSupplier nanos) {
        this(new GenerationQueue(generator, file, ui, sink, nanos));
    }

    /// A view of `queue`.
    public QueueViewModel(GenerationQueue queue) {
        this.queue = queue;
        for (QueuedJob j : queue.jobs()) jobs.add(row(j));
        paused.set(queue.paused());
        error.set(queue.error());
        current.set(queue.current() == null ? null : row(queue.current()));
        queue.addListener(this::changed);
    }

    /// The service behind the panel.
    public GenerationQueue queue() { return queue; }

    /// The jobs in queue order (read-only; use the methods to change it).
    public ObservableList<QueueJob> jobs() { return jobsView; }

    public ReadOnlyBooleanProperty pausedProperty() { return paused.getReadOnlyProperty(); }

    /// The running job, or null.
    public ReadOnlyObjectProperty<QueueJob> currentProperty() { return current.getReadOnlyProperty(); }

    /// A problem with the queue file (unreadable, or a save failed); empty when all is well.
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }

    public Path file() { return queue.file(); }

    /// Queues a job at the end (or at the front); a new shot when `targetClip` is null, else a new take of that clip.
    public QueueJob add(GenerationRequest request, String targetClip, boolean first) { return row(queue.add(request, targetClip, first)); }

    public QueueJob add(GenerationRequest request) { return add(request, null, false); }

    public void cancel(QueueJob j) { queue.cancel(j.job()); }

    /// Cancels the running job, if any (Ctrl+Alt+Enter).
    public void cancelCurrent() { queue.cancelCurrent(); }

    public void remove(QueueJob j) { queue.remove(j.job()); }

    public void move(QueueJob j, int index) { queue.move(j.job(), index); }

    public void moveUp(QueueJob j) { move(j, jobs.indexOf(j) - 1); }

    public void moveDown(QueueJob j) { move(j, jobs.indexOf(j) + 1); }

    public void retry(QueueJob j) { queue.retry(j.job()); }

    public void pause() { queue.pause(); }

    public void resume() { queue.resume(); }

    public Path discardBrokenFile() throws IOException { return queue.discardBrokenFile(); }

    public void shutdown() { queue.shutdown(); }

    /// The row of a queue job (made on first sight).
    public QueueJob row(QueuedJob j) { return rows.computeIfAbsent(j, QueueJob::new); }

    private void changed(GenerationQueue.Change c) {
        switch (c) {
            case GenerationQueue.Change.Added a -> jobs.add(a.index(), row(a.job()));
            case GenerationQueue.Change.Removed r -> {
                jobs.remove(row(r.job()));
                rows.remove(r.job());
            }
            case GenerationQueue.Change.Moved m -> {
                QueueJob row = row(m.job());
                jobs.remove(row);
                jobs.add(m.index(), row);
            }
            case GenerationQueue.Change.Updated u -> row(u.job()).refresh();
            case GenerationQueue.Change.Running r -> current.set(r.job() == null ? null : row(r.job()));
            case GenerationQueue.Change.Paused p -> paused.set(p.paused());
            case GenerationQueue.Change.Error e -> error.set(e.message());
        }
    }
}
