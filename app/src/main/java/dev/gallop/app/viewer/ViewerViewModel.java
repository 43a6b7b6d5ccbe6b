package dev.gallop.app.viewer;

import dev.gallop.app.filmstrip.Filmstrip;
import dev.gallop.app.media.ArgbImage;
import dev.gallop.app.queue.JobState;
import dev.gallop.app.queue.QueueJob;
import dev.gallop.app.session.StudioCore;
import java.util.Optional;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ChangeListener;

/// What the viewer shows, for one open project ([StudioCore]): the denoise preview (the filmstrip's shown step,
/// looping) while a job runs or after the user picks a step, otherwise the program (the edit at the playhead, from
/// the player). Also the watched job's status line and progress, the notice line (no sound device, a take that could
/// not be stored), and "stop & keep", which turns the shown step into a take. UI thread only.
public final class ViewerViewModel {
    private final StudioCore core;
    private final ReadOnlyBooleanWrapper preview = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyObjectWrapper<ArgbImage> picture = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper phase = new ReadOnlyStringWrapper("Idle");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyBooleanWrapper generating = new ReadOnlyBooleanWrapper(false);
    private final ReadOnlyStringWrapper notice = new ReadOnlyStringWrapper("");
    private QueueJob watched;
    private final ChangeListener<Object> jobChanged = (o, a, b) -> jobStatus();

    public ViewerViewModel(StudioCore core) {
        this.core = core;
        core.filmstrip().pictureProperty().addListener((o, a, b) -> {
            if (generating.get()) preview.set(true);
            refresh();
        });
        core.player().pictureProperty().addListener((o, a, b) -> refresh());
        core.player().positionProperty().addListener((o, a, b) -> showProgram());
        core.player().playingProperty().addListener((o, a, b) -> { if (b) showProgram(); });
        core.queue().currentProperty().addListener((o, a, b) -> { if (b != null) watch(b); });
        core.player().noticeProperty().addListener((o, a, b) -> notice.set(b));
        core.results().errorProperty().addListener((o, a, b) -> { if (!b.isEmpty()) notice.set(b); });
        core.results().placedClipProperty().addListener((o, a, b) -> { if (b != null) showProgram(); });
        notice.set(core.player().noticeProperty().get());
        if (core.queue().currentProperty().get() != null) watch(core.queue().currentProperty().get());
        refresh();
    }

    /// True while the denoise preview is on screen (false: the program).
    public ReadOnlyBooleanProperty previewProperty() { return preview.getReadOnlyProperty(); }
    /// The picture on screen.
    public ReadOnlyObjectProperty<ArgbImage> pictureProperty() { return picture.getReadOnlyProperty(); }
    /// "Denoising · step 3/8 · 0:12 left", "Done", "Failed: …", "Idle".
    public ReadOnlyStringProperty phaseProperty() { return phase.getReadOnlyProperty(); }
    public ReadOnlyDoubleProperty progressProperty() { return progress.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty generatingProperty() { return generating.getReadOnlyProperty(); }
    public ReadOnlyStringProperty noticeProperty() { return notice.getReadOnlyProperty(); }

    /// The user picked step `k` on the filmstrip: show it (and stay on it).
    public void showStep(int k) {
        core.filmstrip().seekStep(k);
        preview.set(true);
        refresh();
    }

    /// Back to the newest step, following the job.
    public void followLive() {
        core.filmstrip().goLive();
        preview.set(true);
        refresh();
    }

    /// The edit at the playhead.
    public void showProgram() {
        if (!preview.get()) return;
        preview.set(false);
        refresh();
    }

    /// Stop & keep: the shown step of the shown job becomes a take (the job is stopped if it still runs).
    public boolean keep() {
        Optional<Filmstrip.Frame> f = core.filmstrip().selected();
        String id = core.filmstrip().jobIdProperty().get();
        Optional<QueueJob> job = core.queue().jobs().stream().filter(j -> j.id().equals(id)).findFirst();
        if (f.isEmpty() || job.isEmpty()) {
            notice.set("No step to keep: generate something first");
            return false;
        }
        notice.set("Keeping step " + f.get().index() + "/" + f.get().total() + "…");
        core.results().keepStep(core.queue().queue(), job.get().job(), f.get().index());
        return true;
    }

    private void watch(QueueJob j) {
        if (watched != null) {
            watched.statusProperty().removeListener(jobChanged);
            watched.stateProperty().removeListener(jobChanged);
            watched.progressProperty().removeListener(jobChanged);
        }
        watched = j;
        j.statusProperty().addListener(jobChanged);
        j.stateProperty().addListener(jobChanged);
        j.progressProperty().addListener(jobChanged);
        preview.set(true);
        jobStatus();
    }

    private void jobStatus() {
        QueueJob j = watched;
        generating.set(j.state() == JobState.RUNNING);
        phase.set(j.statusProperty().get());
        progress.set(j.state() == JobState.DONE ? 1 : j.progressProperty().get());
        refresh();
    }

    private void refresh() {
        ArgbImage p = preview.get() ? core.filmstrip().pictureProperty().get() : core.player().pictureProperty().get();
        picture.set(p);
    }
}
