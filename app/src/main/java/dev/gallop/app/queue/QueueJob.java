package dev.gallop.app.queue;

import dev.gallop.engine.pipeline.GenerationRequest;
import java.util.Optional;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/// One row of the queue for the views: a [QueuedJob] of the [GenerationQueue] as observable properties, refreshed by
/// the [QueueViewModel] whenever the queue reports the job changed, plus the row's one-line status text.
public final class QueueJob {
    private final QueuedJob job;
    private final ReadOnlyObjectWrapper<JobState> state = new ReadOnlyObjectWrapper<>(JobState.PENDING);
    private final ReadOnlyStringWrapper phase = new ReadOnlyStringWrapper("");
    private final ReadOnlyIntegerWrapper step = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyIntegerWrapper totalSteps = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyDoubleWrapper etaSeconds = new ReadOnlyDoubleWrapper(Double.NaN);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("Waiting");

    QueueJob(QueuedJob job) {
        this.job = job;
        refresh();
    }

    /// The queue's job behind this row.
    public QueuedJob job() { return job; }

    public String id() { return job.id(); }

    public GenerationRequest request() { return job.request(); }

    /// The shot this job makes a new take for; empty for a new shot.
    public Optional<String> targetClip() { return job.targetClip(); }

    /// The first line of the prompt, shortened: the row's title.
    public String title() { return job.title(); }

    public ReadOnlyObjectProperty<JobState> stateProperty() { return state.getReadOnlyProperty(); }

    public JobState state() { return state.get(); }

    /// The engine phase ("loading model", "denoising", "decoding video", …); empty when not running.
    public ReadOnlyStringProperty phaseProperty() { return phase.getReadOnlyProperty(); }

    /// Denoising steps done (1-based count) of [#totalStepsProperty()].
    public ReadOnlyIntegerProperty stepProperty() { return step.getReadOnlyProperty(); }

    public ReadOnlyIntegerProperty totalStepsProperty() { return totalSteps.getReadOnlyProperty(); }

    /// 0..1 over the denoising steps.
    public ReadOnlyDoubleProperty progressProperty() { return progress.getReadOnlyProperty(); }

    /// Seconds of denoising left, extrapolated from the measured steps; NaN when unknown.
    public ReadOnlyDoubleProperty etaSecondsProperty() { return etaSeconds.getReadOnlyProperty(); }

    /// The failure message of a failed job, empty otherwise.
    public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }

    /// One line for the queue row: "Denoising · step 3/8 · 0:12 left", "Waiting", "Failed: …".
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }

    /// Copies the job's state into the properties (step, totals and ETA before the state, so a listener on the state
    /// sees the final step).
    void refresh() {
        step.set(job.step());
        totalSteps.set(job.totalSteps());
        progress.set(job.state() == JobState.DONE ? 1 : job.totalSteps() == 0 ? 0 : job.step() / (double) job.totalSteps());
        etaSeconds.set(job.etaSeconds());
        phase.set(job.phase());
        message.set(job.message());
        status.set(statusText());
        state.set(job.state());
    }

    private String statusText() {
        return switch (job.state()) {
            case PENDING -> "Waiting";
            case DONE -> "Done";
            case FAILED -> "Failed: " + job.message();
            case CANCELLED -> "Cancelled";
            case RUNNING -> {
                String ph = capitalized(job.phase().isEmpty() ? (job.step() > 0 ? "denoising" : "starting") : job.phase());
                String left = Double.isNaN(job.etaSeconds()) ? "" : " · " + StepTimer.clock(job.etaSeconds()) + " left";
                boolean sr = job.stage().startsWith("sr-");
                yield job.step() > 0 ? ph + " · " + (sr ? "SR " : "") + "step " + job.step() + "/" + job.totalSteps() + left : ph;
            }
        };
    }

    private static String capitalized(String s) { return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1); }

    @Override public String toString() { return job.toString(); }
}
