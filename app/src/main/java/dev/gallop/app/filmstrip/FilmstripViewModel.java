package dev.gallop.app.filmstrip;

import dev.gallop.app.media.ArgbImage;
import dev.gallop.app.media.LatentPreview;
import dev.gallop.app.media.WaveformPeaks;
import dev.gallop.engine.pipeline.DecodedVideo;
import dev.gallop.engine.pipeline.LatentClip;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
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

/// The denoise filmstrip panel: shows one job's steps, each step's x₀ as a picture (video frame by video frame, so
/// the view can loop it: the decoded frames when [StepPictures] has them, else the latent picture of the latent frame
/// that holds the video frame; while a step's clip decodes, its decoded first frame, or else the newest decoded step
/// before it, and the label says so) and its audio x₀ as a waveform. In live mode it jumps to every new step; scrubbing
/// ([#seekStep(int)], previous/next) leaves live mode. With follow on, a step of another job switches to that job.
/// UI thread only.
public final class FilmstripViewModel {
    private final Filmstrips strips;
    private final StepPictures pictures;
    private final IntegerProperty decoded = new SimpleIntegerProperty(0);
    private int videoFrame;
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

    /// A filmstrip of latent pictures only.
    public FilmstripViewModel(Filmstrips strips) { this(strips, null); }

    /// A filmstrip that shows the decoded pictures of `pictures` where it has them (null: latent pictures only).
    public FilmstripViewModel(Filmstrips strips, StepPictures pictures) {
        this.strips = strips;
        this.pictures = pictures;
        strips.addListener(this::stepAdded);
        if (pictures != null) pictures.addListener(() -> {
            decoded.set(decoded.get() + 1);
            refresh();
        });
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

    /// The latent frame of the step's x₀ that holds the loop's video frame.
    public ReadOnlyIntegerProperty latentFrameProperty() { return latentFrame; }

    public ReadOnlyIntegerProperty latentFramesProperty() { return latentFrames; }

    /// Width of the waveform in pixel columns; the view sets it to its own width.
    public IntegerProperty waveformColumnsProperty() { return waveformColumns; }

    /// The shown step's x₀ at the loop's video frame: decoded, or the latent picture at latent resolution (the view
    /// scales it up).
    public ReadOnlyObjectProperty<ArgbImage> pictureProperty() { return picture; }

    /// The shown step's audio x₀ as a waveform (its latent envelope).
    public ReadOnlyObjectProperty<WaveformPeaks> waveformProperty() { return waveform; }

    /// Counts the step pictures decoded so far (the filmstrip redraws its cells when it changes).
    public ReadOnlyIntegerProperty decodedProperty() { return decoded; }

    /// The small picture of a step for its filmstrip cell: its first decoded frame, else its first latent frame.
    public ArgbImage cellPicture(Filmstrip.Frame f) {
        String id = jobId.get();
        Optional<ArgbImage> t = pictures == null || id == null ? Optional.empty() : pictures.thumbnail(id, f.index());
        return t.orElseGet(() -> latentPicture(f, 0));
    }

    /// "Step 3/8 · σ 0.625".
    public ReadOnlyStringProperty labelProperty() { return label; }

    /// Shows the filmstrip of `id` at its newest step.
    public void show(String id) {
        jobId.set(id);
        Optional<Filmstrip> f = strip();
        step.set(f.map(s -> s.latest().index()).orElse(0));
        loopStart();
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

    /// Advances the loop by one video frame (wrapping); the view calls this 25 times a second, MagiHuman's frame
    /// rate. A clip of T latent frames has 1 + 4(T − 1) video frames: frame 0 from latent frame 0, then four per
    /// latent frame.
    public void nextFrame() {
        if (latentFrames.get() == 0) return;
        videoFrame = (videoFrame + 1) % (1 + 4 * (latentFrames.get() - 1));
        int t = videoFrame == 0 ? 0 : (videoFrame - 1) / 4 + 1;
        boolean moved = t != latentFrame.get();
        latentFrame.set(t);
        Optional<Filmstrip.Frame> s = selected();
        if (s.isPresent() && (moved || decodes())) showPicture(s.get());
    }

    private void loopStart() {
        videoFrame = 0;
        latentFrame.set(0);
    }

    private boolean decodes() { return pictures != null && strip().filter(f -> pictures.decodes(f.request())).isPresent(); }

    /// A decoded picture and the step it comes from.
    private record Shown(ArgbImage image, int step) {}

    /// The decoded picture of step `s` at the loop's video frame: its whole clip, else its first frame (while the
    /// clip decodes), else the same of the newest earlier step that has one; empty when there is none (the latent
    /// picture then).
    private Optional<Shown> decoded(Filmstrip.Frame s) {
        if (!decodes()) return Optional.empty();
        String id = jobId.get();
        Optional<DecodedVideo> own = pictures.video(id, s.index());
        for (int k = s.index(); k >= 1; k--) {
            Optional<Shown> clip = (k == s.index() ? own : pictures.held(id, k)).flatMap(frameOf(k));
            if (clip.isPresent()) return clip;
            Optional<ArgbImage> still = pictures.still(id, k);
            if (still.isPresent()) return Optional.of(new Shown(still.get(), k));
        }
        return Optional.empty();
    }

    private Function<DecodedVideo, Optional<Shown>> frameOf(int step) {
        return d -> {
            if (videoFrame >= d.frames()) return Optional.empty();
            int n = d.height() * d.width() * 3;
            byte[] rgb = Arrays.copyOfRange(d.rgb(), videoFrame * n, (videoFrame + 1) * n);
            return Optional.of(new Shown(ArgbImage.fromRgb(rgb, d.width(), d.height(), d.height()), step));
        };
    }

    private void showPicture(Filmstrip.Frame s) {
        Optional<Shown> d = decoded(s);
        picture.set(d.map(Shown::image).orElseGet(() -> latentPicture(s, latentFrame.get())));
        label.set(String.format(Locale.ROOT, "Step %d/%d · σ %.3f", s.index(), s.total(), s.sigma())
                + (d.isPresent() && d.get().step() != s.index() ? " (picture: step " + d.get().step() + ", decoding)" : ""));
    }

    /// A step's latent frame `t` without a decoder picture: smooth, in the model's learnt colours once known.
    private ArgbImage latentPicture(Filmstrip.Frame f, int t) {
        Optional<Filmstrip> s = strip();
        if (pictures == null || s.isEmpty()) return LatentPreview.picture(f.x0(), t, null, StepPictures.LATENT_PICTURE_SIDE);
        return pictures.latentPicture(s.get().request(), f.x0(), t);
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
            loopStart();
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
        if (latentFrame.get() >= x0.frames()) loopStart();
        showPicture(s.get());
        waveform.set(x0.audioFrames() == 0 ? null : WaveformPeaks.of(LatentPreview.audioEnvelope(x0), Math.max(1, waveformColumns.get())));
    }
}
