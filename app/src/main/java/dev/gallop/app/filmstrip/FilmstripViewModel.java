package dev.gallop.app.filmstrip;

import dev.gallop.app.media.ArgbImage;
import dev.gallop.app.media.LatentPreview;
import dev.gallop.app.media.WaveformPeaks;
import dev.gallop.engine.pipeline.LatentClip;
import java.util.Locale;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/// The denoise filmstrip panel: shows one job's steps, each step's x₀ as a picture (latent frame by latent frame, so
/// the view can loop it) and its audio x₀ as a waveform. In live mode it jumps to every new step; scrubbing
/// ([#seekStep(int)], previous/next) leaves live mode. With follow on, a step of another job switches to that job.
/// UI thread only.
public final class FilmstripViewModel {
    private final Filmstrips strips;
    private final ObjectProperty<String> jobId = new SimpleObjectProperty<>();
    private final BooleanProperty live = new SimpleBooleanProperty(true);
    private final BooleanProperty follow = new SimpleBooleanProperty(true);
    private final IntegerProperty step = new SimpleIntegerProperty(0);
    private final IntegerProperty stepCount = new SimpleIntegerProperty(0);
    private final IntegerProperty totalSteps = new SimpleIntegerProperty(0);
    private final IntegerProperty latentFrame = new SimpleIntegerProperty(0);
    private final IntegerProperty latentFrames = new SimpleIntegerProperty(0);
    private final IntegerProperty waveformColumns = new SimpleIntegerProperty(400);
    private final ObjectProperty<ArgbImage> picture = new SimpleObjectProperty<>();
    private final ObjectProperty<WaveformPeaks> waveform = new SimpleObjectProperty<>();
    private final StringProperty label = new SimpleStringProperty("");

    public FilmstripViewModel(Filmstrips strips) {
        this.strips = strips;
        strips.addListener(this::stepAdded);
        waveformColumns.addListener((o, was, now) -> refresh());
    }

    /// The job whose filmstrip is shown, or null.
    public ReadOnlyObjectProperty<String> jobIdProperty() { return jobId; }

    /// Follow the newest step (on by default; scrubbing turns it off).
    public BooleanProperty liveProperty() { return live; }

    /// Switch to whichever job reports a step (on by default).
    public BooleanProperty followProperty() { return follow; }

    /// The shown step, 1-based; 0 when there is none.
    public ReadOnlyIntegerProperty stepProperty() { return step; }

    /// Steps recorded so far for the shown job (the scrubber's range is 1..stepCount).
    public ReadOnlyIntegerProperty stepCountProperty() { return stepCount; }

    /// Steps the job will run in all.
    public ReadOnlyIntegerProperty totalStepsProperty() { return totalSteps; }

    /// The shown latent frame of the step's x₀ (the loop position).
    public ReadOnlyIntegerProperty latentFrameProperty() { return latentFrame; }

    public ReadOnlyIntegerProperty latentFramesProperty() { return latentFrames; }

    /// Width of the waveform in pixel columns; the view sets it to its own width.
    public IntegerProperty waveformColumnsProperty() { return waveformColumns; }

    /// The shown step's x₀ at the shown latent frame, at latent resolution (the view scales it up).
    public ReadOnlyObjectProperty<ArgbImage> pictureProperty() { return picture; }

    /// The shown step's audio x₀ as a waveform (its latent envelope).
    public ReadOnlyObjectProperty<WaveformPeaks> waveformProperty() { return waveform; }

    /// "Step 3/8 · σ 0.625".
    public ReadOnlyStringProperty labelProperty() { return label; }

    /// Shows the filmstrip of `id` at its newest step.
    public void show(String id) {
        jobId.set(id);
        Optional<Filmstrip> f = strip();
        step.set(f.map(s -> s.latest().index()).orElse(0));
        latentFrame.set(0);
        refresh();
    }

    /// Shows step `k` (clamped to the recorded steps) and leaves live mode.
    public void seekStep(int k) {
        Optional<Filmstrip> f = strip();
        if (f.isEmpty() || f.get().isEmpty()) return;
        live.set(false);
        step.set(Math.clamp(k, f.get().frames().getFirst().index(), f.get().latest().index()));
        refresh();
    }

    public void nextStep() { seekStep(step.get() + 1); }

    public void previousStep() { seekStep(step.get() - 1); }

    /// Back to live mode at the newest step.
    public void goLive() {
        live.set(true);
        strip().ifPresent(f -> { if (!f.isEmpty()) step.set(f.latest().index()); });
        refresh();
    }

    /// Advances the loop by one latent frame (wrapping); the view calls this on a timer (about 6 per second matches
    /// MagiHuman's 25 fps over 4 frames per latent frame).
    public void nextFrame() {
        if (latentFrames.get() == 0) return;
        latentFrame.set((latentFrame.get() + 1) % latentFrames.get());
        refresh();
    }

    /// The shown step with its x₀, if any.
    public Optional<Filmstrip.Frame> selected() {
        return strip().filter(f -> !f.isEmpty() && step.get() > 0).map(f -> f.step(step.get()));
    }

    private Optional<Filmstrip> strip() { return jobId.get() == null ? Optional.empty() : strips.get(jobId.get()); }

    private void stepAdded(Filmstrip f) {
        if (!f.jobId().equals(jobId.get())) {
            if (!follow.get() && jobId.get() != null) return;
            jobId.set(f.jobId());
            live.set(true);
            latentFrame.set(0);
        }
        if (live.get()) step.set(f.latest().index());
        refresh();
    }

    private void refresh() {
        Optional<Filmstrip.Frame> s = selected();
        stepCount.set(strip().map(Filmstrip::size).orElse(0));
        totalSteps.set(strip().map(Filmstrip::total).orElse(0));
        if (s.isEmpty()) {
            picture.set(null);
            waveform.set(null);
            label.set("");
            latentFrames.set(0);
            return;
        }
        LatentClip x0 = s.get().x0();
        latentFrames.set(x0.frames());
        if (latentFrame.get() >= x0.frames()) latentFrame.set(0);
        picture.set(new ArgbImage(x0.width(), x0.height(), LatentPreview.frameArgb(x0, latentFrame.get())));
        waveform.set(x0.audioFrames() == 0 ? null : WaveformPeaks.of(LatentPreview.audioEnvelope(x0), Math.max(1, waveformColumns.get())));
        label.set(String.format(Locale.ROOT, "Step %d/%d · σ %.3f", s.get().index(), s.get().total(), s.get().sigma()));
    }
}
