package dev.gallop.app.playback;

import dev.gallop.app.filmstrip.Filmstrip;
import dev.gallop.app.media.LatentDecoder;
import dev.gallop.engine.pipeline.DecodedAudio;
import java.util.concurrent.Executor;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/// Listening to a denoising step: decodes the step's audio x₀ with the model's audio decoder (background) and plays
/// it through its own [AudioOutput]. No device, or a model without an audio decoder, gives a notice instead of
/// sound. The view calls [#tick()] on its animation timer so [#playingProperty()] drops when the sound ends.
/// UI thread only.
public final class SoundPreview implements AutoCloseable {
    private final AudioOutput.Opener opener;
    private final LatentDecoder decoder;
    private final Executor background, ui;
    private final BooleanProperty playing = new SimpleBooleanProperty(false);
    private final StringProperty notice = new SimpleStringProperty("");
    private AudioOutput out;
    private int request;

    public SoundPreview(AudioOutput.Opener opener, LatentDecoder decoder, Executor background, Executor ui) {
        this.opener = opener;
        this.decoder = decoder;
        this.background = background;
        this.ui = ui;
    }

    public ReadOnlyBooleanProperty playingProperty() { return playing; }

    /// Why nothing can be heard; empty when the last request played.
    public ReadOnlyStringProperty noticeProperty() { return notice; }

    /// Decodes and plays the sound of `step` (a job's filmstrip frame).
    public void play(Filmstrip strip, Filmstrip.Frame step) {
        int id = ++request;
        stop();
        notice.set("Decoding the sound of step " + step.index() + "…");
        try {
            background.execute(() -> {
                try {
                    DecodedAudio a = decoder.decodeAudio(step.x0(), strip.request().model());
                    ui.execute(() -> { if (id == request) start(a, step.index()); });
                } catch (Exception e) {
                    ui.execute(() -> { if (id == request) notice.set("Cannot decode the sound: " + e.getMessage()); });
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            notice.set("");    // the project is closing
        }
    }

    private void start(DecodedAudio a, int step) {
        if (a == null) {
            notice.set("This model has no audio decoder: only the waveform of step " + step + " can be shown");
            return;
        }
        if (out == null) {
            try {
                out = opener.open();
            } catch (AudioOutput.Unavailable | RuntimeException | LinkageError e) {
                notice.set("No sound: " + e.getMessage());
                return;
            }
        }
        notice.set("");
        out.play(a, 0);
        playing.set(true);
    }

    public void stop() {
        if (out != null) out.stop();
        playing.set(false);
    }

    /// Updates [#playingProperty()] when the sound has ended.
    public void tick() {
        if (playing.get() && (out == null || !out.isPlaying())) playing.set(false);
    }

    @Override public void close() {
        if (out != null) out.close();
        out = null;
    }
}
