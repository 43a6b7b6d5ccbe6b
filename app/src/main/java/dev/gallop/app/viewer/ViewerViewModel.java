package dev.gallop.app.viewer;

import dev.gallop.engine.pipeline.GenerationEvent;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/// The viewer's denoise preview: every step's x₀ of the running (or last) job goes on the filmstrip; the viewer
/// loops the latent frames of the step being shown — the newest one while following live, or the one the user
/// scrubbed to. "Stop & keep" hands the shown step to the keeper, which stops the job and turns that x₀ into a take.
public final class ViewerViewModel {
    /// Latent frames per second of the preview loop: 25 fps video, 4 frames per latent frame.
    public static final double LOOP_RATE = 25 / 4.0;

    private final ObservableList<StepFrame> steps = FXCollections.observableArrayList();
    private final IntegerProperty shownStep = new SimpleIntegerProperty(-1);
    private final BooleanProperty following = new SimpleBooleanProperty(true);
    private final IntegerProperty loopFrame = new SimpleIntegerProperty(0);
    private final ReadOnlyStringWrapper phase = new ReadOnlyStringWrapper("Idle");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyBooleanWrapper generating = new ReadOnlyBooleanWrapper(false);
    private final StringProperty notice = new SimpleStringProperty("");
    private Consumer<StepFrame> keeper = s -> { };
    private double loopClock;

    public ObservableList<StepFrame> steps() { return steps; }
    /// Index into [#steps()] of the step on screen (-1 when there is none).
    public IntegerProperty shownStepProperty() { return shownStep; }
    /// True while the viewer jumps to each new step as it arrives.
    public BooleanProperty followingProperty() { return following; }
    /// Latent frame of the shown step being drawn (the loop position).
    public IntegerProperty loopFrameProperty() { return loopFrame; }
    public ReadOnlyStringProperty phaseProperty() { return phase.getReadOnlyProperty(); }
    public ReadOnlyDoubleProperty progressProperty() { return progress.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty generatingProperty() { return generating.getReadOnlyProperty(); }
    /// A line shown over the viewer (no audio device, a kept step being decoded, …); empty for none.
    public StringProperty noticeProperty() { return notice; }

    public void setKeeper(Consumer<StepFrame> keeper) { this.keeper = keeper; }

    /// A job started: the filmstrip starts over.
    public void begin(String label) {
        steps.clear();
        shownStep.set(-1);
        following.set(true);
        loopFrame.set(0);
        progress.set(0);
        phase.set(label);
        generating.set(true);
    }

    /// An engine event of the job being watched (on the UI thread).
    public void accept(GenerationEvent e) {
        switch (e) {
            case GenerationEvent.Phase p -> phase.set(capitalize(p.name()));
            case GenerationEvent.Step s -> {
                steps.add(new StepFrame(s.index(), s.total(), s.sigma(), s.preview()));
                progress.set(s.index() / (double) s.total());
                phase.set("Denoising step " + s.index() + "/" + s.total());
                if (following.get()) shownStep.set(steps.size() - 1);
            }
            case GenerationEvent.Done d -> end("Done");
            case GenerationEvent.Failed f -> end("Failed: " + f.message());
            case GenerationEvent.Cancelled c -> end("Cancelled");
        }
    }

    /// The user picked a step on the filmstrip: stop following until [#followLive()].
    public void show(int index) {
        if (index < 0 || index >= steps.size()) return;
        following.set(false);
        shownStep.set(index);
    }

    public void followLive() {
        following.set(true);
        shownStep.set(steps.size() - 1);
    }

    public Optional<StepFrame> shown() {
        int i = shownStep.get();
        return i < 0 || i >= steps.size() ? Optional.empty() : Optional.of(steps.get(i));
    }

    /// Stop & keep: the shown step becomes a take. False when there is no step to keep.
    public boolean keep() {
        Optional<StepFrame> s = shown();
        if (s.isEmpty()) return false;
        notice.set("Keeping step " + s.get().index() + "/" + s.get().total() + "…");
        keeper.accept(s.get());
        return true;
    }

    /// Advances the preview loop by `seconds` of wall time.
    public void tick(double seconds) {
        Optional<StepFrame> s = shown();
        if (s.isEmpty()) return;
        int frames = s.get().x0().frames();
        loopClock = (loopClock + seconds * LOOP_RATE) % Math.max(1, frames);
        loopFrame.set(Math.min(frames - 1, (int) loopClock));
    }

    /// The watched job entered an engine phase ("loading model", "denoising", "decoding video", …).
    public void phase(String name) { if (!name.isBlank()) phase.set(capitalize(name)); }

    /// The watched job ended; `message` says how ("Done", "Failed: …", "Cancelled").
    public void finish(String message) { end(message); }

    private void end(String message) {
        phase.set(message);
        generating.set(false);
        if (message.equals("Done")) progress.set(1);
    }

    private static String capitalize(String s) { return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1); }
}
