package dev.gallop.app.playback;

import dev.gallop.app.media.ArgbImage;
import dev.gallop.app.media.TimelineAudio;
import dev.gallop.app.session.ProjectSession;
import dev.gallop.app.timeline.Timecode;
import dev.gallop.app.timeline.Timeline;
import dev.gallop.engine.pipeline.DecodedAudio;
import dev.gallop.engine.runtime.CancelToken;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/// The viewer's transport: play/pause (Space), J/K/L shuttle (−8×…8×), frame steps, one-second jumps, seek,
/// Home/End, in/out points. At 1× forward the sound plays through the [AudioOutput] and its clock moves the
/// picture; at other speeds, or when no sound device opens, a wall clock does, silently, and [#noticeProperty()]
/// says why there is no sound. The view calls [#tick()] on every animation frame and binds the picture, the
/// position and the timecode. UI thread only.
public final class PlayerViewModel implements AutoCloseable {
    private static final int MAX_SHUTTLE = 8;
    private final ProjectSession session;
    private final AudioOutput.Opener opener;
    private final Executor background, ui;
    private final LongSupplier nanos;
    private final PictureSource pictures;
    private final IntegerProperty position = new SimpleIntegerProperty(0);
    private final IntegerProperty duration = new SimpleIntegerProperty(0);
    private final DoubleProperty speed = new SimpleDoubleProperty(0);
    private final BooleanProperty playing = new SimpleBooleanProperty(false);
    private final BooleanProperty audible = new SimpleBooleanProperty(false);
    private final IntegerProperty inPoint = new SimpleIntegerProperty(-1), outPoint = new SimpleIntegerProperty(-1);
    private final StringProperty notice = new SimpleStringProperty("");
    private final StringProperty timecode = new SimpleStringProperty("00:00:00:00");
    private final ObjectProperty<ArgbImage> picture = new SimpleObjectProperty<>();
    private AudioOutput audio;
    private boolean audioFailed;
    private DecodedAudio mix;
    private Timeline mixFor, mixWanted;
    private double anchorFrame;
    private long anchorNanos;
    private int stopAt = -1;

    public PlayerViewModel(ProjectSession session, AudioOutput.Opener opener, Executor background, Executor ui, LongSupplier nanos) {
        this.session = session;
        this.opener = opener;
        this.background = background;
        this.ui = ui;
        this.nanos = nanos;
        this.pictures = new PictureSource(session.folder(), background, ui, picture::set, m -> notice.set("Cannot show the picture: " + m));
        session.timelineProperty().addListener((o, was, now) -> timelineChanged());
        duration.set(session.timeline().duration());
        show(0);
    }

    /// The default sound device through OpenAL and the system clock.
    public static PlayerViewModel withOpenAl(ProjectSession session, Executor background, Executor ui) {
        return new PlayerViewModel(session, OpenAlOutput::openDefault, background, ui, System::nanoTime);
    }

    /// The playhead, a timeline frame in 0..duration−1 (0 on an empty timeline).
    public ReadOnlyIntegerProperty positionProperty() { return position; }

    public ReadOnlyIntegerProperty durationProperty() { return duration; }

    /// Playback speed in × real time: negative plays backwards, 0 is paused.
    public ReadOnlyDoubleProperty speedProperty() { return speed; }

    public ReadOnlyBooleanProperty playingProperty() { return playing; }

    /// True while the sound is being heard (1× forward with a working device).
    public ReadOnlyBooleanProperty audibleProperty() { return audible; }

    /// Mark in / out, −1 when not set.
    public ReadOnlyIntegerProperty inPointProperty() { return inPoint; }

    public ReadOnlyIntegerProperty outPointProperty() { return outPoint; }

    /// Why there is no sound or picture ("No sound device: …"), empty when all is well.
    public ReadOnlyStringProperty noticeProperty() { return notice; }

    /// The playhead as HH:MM:SS:FF.
    public ReadOnlyStringProperty timecodeProperty() { return timecode; }

    /// The picture at the playhead (natural size of the timeline's first video clip); null when there is no video.
    public ReadOnlyObjectProperty<ArgbImage> pictureProperty() { return picture; }

    /// Space.
    public void togglePlay() {
        if (playing.get()) pause();
        else play();
    }

    /// Plays forward at 1× (from the start when the playhead is at the end).
    public void play() {
        if (position.get() >= lastFrame()) show(0);
        setSpeed(1);
    }

    /// K.
    public void pause() { setSpeed(0); }

    /// L: forward, each press doubles the speed up to 8×.
    public void shuttleForward() { setSpeed(speed.get() <= 0 ? 1 : Math.min(MAX_SHUTTLE, speed.get() * 2)); }

    /// J: backward, each press doubles the speed up to 8×.
    public void shuttleBack() { setSpeed(speed.get() >= 0 ? -1 : Math.max(-MAX_SHUTTLE, speed.get() * 2)); }

    /// Left/Right: pauses and moves by `frames`.
    public void stepFrames(int frames) {
        pause();
        seek(position.get() + frames);
    }

    /// Shift+Left/Right: moves by whole seconds, playing on if playing.
    public void jumpSeconds(int seconds) { seek(position.get() + seconds * session.timeline().fps()); }

    /// Moves the playhead (clamped to the timeline); playing continues from there.
    public void seek(int frame) {
        show(frame);
        if (playing.get()) anchor();
    }

    public void home() { seek(0); }

    public void end() { seek(lastFrame()); }

    /// I / O at the playhead; Alt+I / Alt+O / Alt+X clear.
    public void markIn() {
        inPoint.set(position.get());
        if (outPoint.get() >= 0 && outPoint.get() < inPoint.get()) outPoint.set(-1);
    }

    public void markOut() {
        outPoint.set(position.get());
        if (inPoint.get() > outPoint.get()) inPoint.set(-1);
    }

    public void clearIn() { inPoint.set(-1); }

    public void clearOut() { outPoint.set(-1); }

    public void clearInOut() {
        clearIn();
        clearOut();
    }

    public void goToIn() { if (inPoint.get() >= 0) seek(inPoint.get()); }

    public void goToOut() { if (outPoint.get() >= 0) seek(outPoint.get()); }

    /// Advances the playhead by the clock; stops at the end, at the start when going back, and at the out (or in)
    /// point when playback started before it.
    public void tick() {
        if (!playing.get()) return;
        double fps = session.timeline().fps();
        double pos = audible.get() ? anchorFrame + audio.playedFrames() * fps / mix.sampleRate()
                : anchorFrame + (nanos.getAsLong() - anchorNanos) / 1e9 * fps * speed.get();
        int frame = (int) Math.floor(pos + 1e-9);
        int limit = speed.get() > 0 ? (stopAt >= 0 ? stopAt : lastFrame()) : (stopAt >= 0 ? stopAt : 0);
        boolean done = speed.get() > 0 ? frame >= limit : frame <= limit;
        if (audible.get() && !audio.isPlaying()) done = true;
        if (done) {
            show(limit);
            pause();
        } else {
            show(frame);
        }
    }

    private void setSpeed(double s) {
        if (duration.get() == 0) s = 0;
        speed.set(s);
        playing.set(s != 0);
        int p = position.get();
        stopAt = s > 0 && outPoint.get() > p ? outPoint.get() : s < 0 && inPoint.get() >= 0 && inPoint.get() < p ? inPoint.get() : -1;
        anchor();
    }

    /// Restarts the clock at the playhead: the sound when it can be heard, else the wall clock.
    private void anchor() {
        anchorFrame = position.get();
        anchorNanos = nanos.getAsLong();
        boolean wantSound = speed.get() == 1;
        if (wantSound && audio == null && !audioFailed) openAudio();
        if (wantSound && audio != null && mix != null && mixFor == session.timeline()) {
            audio.play(mix, TimelineAudio.samplesAt(position.get(), session.timeline().fps(), mix.sampleRate()));
            audible.set(true);
            return;
        }
        if (audio != null) audio.stop();
        audible.set(false);
        if (wantSound && audio != null) requestMix();
    }

    private void openAudio() {
        try {
            audio = opener.open();
        } catch (AudioOutput.Unavailable e) {
            audioFailed = true;
            notice.set("No sound: " + e.getMessage() + ". Playing without sound.");
        } catch (RuntimeException | LinkageError e) {
            audioFailed = true;
            notice.set("No sound: the sound system failed (" + e + "). Playing without sound.");
        }
    }

    private void requestMix() {
        Timeline t = session.timeline();
        if (mixWanted == t) return;
        mixWanted = t;
        try {
            background.execute(() -> {
                try {
                    DecodedAudio m = TimelineAudio.mix(session.folder(), t, CancelToken.NEVER);
                    ui.execute(() -> mixReady(t, m));
                } catch (Exception e) {
                    ui.execute(() -> notice.set("Cannot mix the sound: " + e.getMessage()));
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            mixWanted = null;    // the project is closing
        }
    }

    private void mixReady(Timeline t, DecodedAudio m) {
        if (t != session.timeline()) return;
        mix = m;
        mixFor = t;
        if (playing.get() && speed.get() == 1 && !audible.get()) {
            tick();
            if (playing.get()) anchor();
        }
    }

    private void timelineChanged() {
        duration.set(session.timeline().duration());
        mix = null;
        mixFor = null;
        mixWanted = null;
        if (position.get() > lastFrame()) show(lastFrame());
        else pictures.request(session.timeline(), position.get());
        if (playing.get()) {
            tick();
            if (playing.get()) anchor();
        }
    }

    private int lastFrame() { return Math.max(0, duration.get() - 1); }

    private void show(int frame) {
        int f = Math.clamp(frame, 0, lastFrame());
        boolean moved = f != position.get();
        position.set(f);
        timecode.set(Timecode.format(f, session.timeline().fps()));
        if (moved || picture.get() == null) pictures.request(session.timeline(), f);
    }

    @Override public void close() {
        if (audio != null) audio.close();
        audio = null;
        pictures.close();
    }
}
