package dev.gallop.app.queue;

import dev.gallop.engine.pipeline.GenerationRequest;
import java.util.Optional;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/// One row of the queue: what to generate (fixed) and how it is going (observable, updated on the UI executor).
/// A job either makes a new shot or, with a target clip, a new take of that shot.
public final class QueueJob {
    private final String id;
    private final GenerationRequest request;
    private final String targetClip;
    private final ObjectProperty<JobState> state = new SimpleObjectProperty<>(JobState.PENDING);
    private final StringProperty phase = new SimpleStringProperty("");
    private final IntegerProperty step = new SimpleIntegerProperty(0);
    private final IntegerProperty totalSteps = new SimpleIntegerProperty(0);
    private final DoubleProperty progress = new SimpleDoubleProperty(0);
    private final DoubleProperty etaSeconds = new SimpleDoubleProperty(Double.NaN);
    private final StringProperty message = new SimpleStringProperty("");
    private final StringProperty status = new SimpleStringProperty("Waiting");

    public QueueJob(String id, GenerationRequest request, String targetClip) {
        if (id == null || id.isBlank()) throw new IllegalArgumentException("a queued job needs an id");
        if (request == null) throw new IllegalArgumentException("job " + id + " has no request");
        this.id = id;
        this.request = request;
        this.targetClip = targetClip;
    }

    public String id() { return id; }

    public GenerationRequest request() { return request; }

    /// The shot this job makes a new take for; empty for a new shot.
    public Optional<String> targetClip() { return Optional.ofNullable(targetClip); }

    /// The first line of the prompt, shortened: the row's title.
    public String title() {
        String b = request.prompt().body().lines().findFirst().orElse("");
        return b.length() > 60 ? b.substring(0, 59) + "…" : b;
    }

    public ReadOnlyObjectProperty<JobState> stateProperty() { return state; }

    public JobState state() { return state.get(); }

    /// The engine phase ("loading model", "denoising", "decoding video", …); empty when not running.
    public ReadOnlyStringProperty phaseProperty() { return phase; }

    /// Denoising steps done (1-based count) of [#totalStepsProperty()].
    public ReadOnlyIntegerProperty stepProperty() { return step; }

    public ReadOnlyIntegerProperty totalStepsProperty() { return totalSteps; }

    /// 0..1 over the denoising steps.
    public ReadOnlyDoubleProperty progressProperty() { return progress; }

    /// Seconds of denoising left, extrapolated from the measured steps; NaN when unknown.
    public ReadOnlyDoubleProperty etaSecondsProperty() { return etaSeconds; }

    /// The failure message of a failed job, empty otherwise.
    public ReadOnlyStringProperty messageProperty() { return message; }

    /// One line for the queue row: "Denoising · step 3/8 · 0:12 left", "Waiting", "Failed: …".
    public ReadOnlyStringProperty statusProperty() { return status; }

    void setState(JobState s, String msg) {
        state.set(s);
        message.set(msg == null ? "" : msg);
        status.set(switch (s) {
            case PENDING -> "Waiting";
            case RUNNING -> "Starting";
            case DONE -> "Done";
            case FAILED -> "Failed: " + message.get();
            case CANCELLED -> "Cancelled";
        });
        if (s != JobState.RUNNING) {
            phase.set("");
            etaSeconds.set(Double.NaN);
        }
        if (s == JobState.PENDING) {
            step.set(0);
            progress.set(0);
        }
    }

    void setPhase(String name) {
        phase.set(name);
        status.set(capitalized(name) + (totalSteps.get() > 0 && step.get() > 0 ? " · step " + step.get() + "/" + totalSteps.get() : ""));
    }

    void setStep(int index, int total, double eta) {
        step.set(index);
        totalSteps.set(total);
        progress.set(total == 0 ? 0 : index / (double) total);
        etaSeconds.set(eta);
        String left = Double.isNaN(eta) ? "" : " · " + StepTimer.clock(eta) + " left";
        status.set(capitalized(phase.get().isEmpty() ? "denoising" : phase.get()) + " · step " + index + "/" + total + left);
    }

    private static String capitalized(String s) { return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1); }

    @Override public String toString() { return "job " + id + " (" + state.get() + ")"; }
}
