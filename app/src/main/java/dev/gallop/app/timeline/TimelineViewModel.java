package dev.gallop.app.timeline;

import dev.gallop.app.playback.PlayerViewModel;
import dev.gallop.app.session.ProjectSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/// The timeline panel's state and every editing action on the open project's timeline. All changes go through one
/// [Edit] on the [ProjectSession] (its undo stack), so each action is one undo step; a refused action changes nothing
/// and says why in [#messageProperty()]. The playhead, marks and transport (Space, J/K/L, arrows) are the project's
/// [PlayerViewModel]'s: this panel forwards to it and mirrors its position.
public final class TimelineViewModel {
    /// Pixels within which a dragged edge snaps to another edge, the playhead or a mark.
    public static final double SNAP_PIXELS = 8;
    public static final double MIN_ZOOM = 0.25, MAX_ZOOM = 48;

    private ProjectSession session;
    private PlayerViewModel player;
    private final ReadOnlyObjectWrapper<Timeline> timeline = new ReadOnlyObjectWrapper<>();
    private final javafx.beans.property.ReadOnlyIntegerWrapper playhead = new javafx.beans.property.ReadOnlyIntegerWrapper(0);
    private final DoubleProperty zoom = new SimpleDoubleProperty(6);
    private final DoubleProperty scroll = new SimpleDoubleProperty(0);
    private final ObjectProperty<String> selected = new SimpleObjectProperty<>();
    private final javafx.beans.property.ReadOnlyIntegerWrapper markIn = new javafx.beans.property.ReadOnlyIntegerWrapper(-1),
            markOut = new javafx.beans.property.ReadOnlyIntegerWrapper(-1);
    private final BooleanProperty snapping = new SimpleBooleanProperty(true);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private java.util.function.Consumer<String> onMessage = m -> { };
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper(), canRedo = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper undoText = new ReadOnlyStringWrapper("Undo"), redoText = new ReadOnlyStringWrapper("Redo");
    private final ObservableList<String> history = FXCollections.observableArrayList();
    private final ObservableList<String> historyView = FXCollections.unmodifiableObservableList(history);

    public TimelineViewModel(ProjectSession session, PlayerViewModel player) {
        // a selected clip that is gone (deleted, undone) is no longer selected
        timeline.addListener((o, a, t) -> {
            if (t != null && selected.get() != null && t.find(selected.get()).isEmpty()) selected.set(null);
        });
        attach(session, player);
    }

    public ReadOnlyObjectProperty<Timeline> timelineProperty() { return timeline.getReadOnlyProperty(); }
    public Timeline timeline() { return timeline.get(); }
    /// The player's position (move it with [#seek(int)] and the transport methods).
    public javafx.beans.property.ReadOnlyIntegerProperty playheadProperty() { return playhead.getReadOnlyProperty(); }
    /// Pixels per frame.
    public DoubleProperty zoomProperty() { return zoom; }
    /// How far the view is scrolled: pixels from frame 0 to the left edge of the lanes (never negative).
    public DoubleProperty scrollProperty() { return scroll; }
    public ObjectProperty<String> selectedProperty() { return selected; }
    public javafx.beans.property.ReadOnlyIntegerProperty markInProperty() { return markIn.getReadOnlyProperty(); }
    public javafx.beans.property.ReadOnlyIntegerProperty markOutProperty() { return markOut.getReadOnlyProperty(); }
    public BooleanProperty snappingProperty() { return snapping; }
    public PlayerViewModel player() { return player; }
    public ReadOnlyStringProperty messageProperty() { return message.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty canUndoProperty() { return canUndo.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty canRedoProperty() { return canRedo.getReadOnlyProperty(); }
    public ReadOnlyStringProperty undoTextProperty() { return undoText.getReadOnlyProperty(); }
    public ReadOnlyStringProperty redoTextProperty() { return redoText.getReadOnlyProperty(); }
    /// Labels of the applied edits, oldest first (the session's history).
    public ObservableList<String> history() { return historyView; }

    /// Works on another project's session and player (a project was opened or created): every session and player
    /// state the panel shows is bound to them, not copied.
    public void attach(ProjectSession s, PlayerViewModel p) {
        if (session != null) Bindings.unbindContent(history, session.history());
        session = s;
        player = p;
        timeline.bind(s.timelineProperty());
        canUndo.bind(s.canUndoProperty());
        canRedo.bind(s.canRedoProperty());
        undoText.bind(Bindings.createStringBinding(() -> s.undoLabelProperty().get().isEmpty() ? "Undo" : "Undo " + s.undoLabelProperty().get(),
                s.undoLabelProperty()));
        redoText.bind(Bindings.createStringBinding(() -> s.redoLabelProperty().get().isEmpty() ? "Redo" : "Redo " + s.redoLabelProperty().get(),
                s.redoLabelProperty()));
        Bindings.bindContent(history, s.history());
        playhead.bind(p.positionProperty());
        markIn.bind(p.inPointProperty());
        markOut.bind(p.outPointProperty());
        selected.set(null);
    }

    public ProjectSession session() { return session; }

    /// Called with every message, also when it repeats the last one (the status bar shows them).
    public void setOnMessage(java.util.function.Consumer<String> c) { onMessage = c == null ? m -> { } : c; }

    private void say(String m) {
        message.set(m);
        onMessage.accept(m);
    }

    /// Applies one edit; false (with the reason in [#messageProperty()]) when it was refused.
    public boolean apply(Edit e) {
        try {
            session.apply(e);
        } catch (IllegalArgumentException ex) {
            say(e.label() + " refused: " + ex.getMessage());
            return false;
        }
        say(e.label());
        return true;
    }

    public void undo() {
        if (!session.canUndoProperty().get()) return;
        String l = session.undoLabelProperty().get();
        session.undo();
        say("Undid " + l);
    }

    public void redo() {
        if (!session.canRedoProperty().get()) return;
        String l = session.redoLabelProperty().get();
        session.redo();
        say("Redid " + l);
    }

    public void select(String clipId) { selected.set(clipId); }

    public Optional<Clip> selectedClip() { return selected.get() == null ? Optional.empty() : timeline.get().find(selected.get()); }

    /// Moves a clip so it starts at `start` on `trackId`, snapping its start or end to nearby edges.
    public boolean move(String clipId, String trackId, int start) {
        Clip c = timeline.get().clip(clipId);
        List<Integer> targets = targets(clipId);
        int s = Math.max(0, start);
        if (snapping.get()) {
            int byStart = Snapping.snap(s, targets, tolerance());
            int byEnd = Snapping.snap(s + c.duration(), targets, tolerance()) - c.duration();
            boolean startSnaps = byStart != s, endSnaps = byEnd != s && byEnd >= 0;
            if (startSnaps && (!endSnaps || Math.abs(byStart - s) <= Math.abs(byEnd - s))) s = byStart;
            else if (endSnaps) s = byEnd;
        }
        if (s == c.start() && timeline.get().trackOf(clipId).id().equals(trackId)) return false;
        return apply(Edits.MoveClip.of(timeline.get(), clipId, trackId, s));
    }

    /// Drags a clip's left or right edge to timeline frame `frame` (snapped).
    public boolean trim(String clipId, boolean leftEdge, int frame) {
        int f = snapping.get() ? Snapping.snap(frame, targets(clipId), tolerance()) : frame;
        Clip c = timeline.get().clip(clipId);
        if (f == (leftEdge ? c.start() : c.end())) return false;
        return apply(leftEdge ? Edits.TrimClip.left(timeline.get(), clipId, f) : Edits.TrimClip.right(timeline.get(), clipId, f));
    }

    /// S: cuts the selected clip at the playhead; with no selected clip under the playhead, every clip under it.
    public boolean splitAtPlayhead() {
        int f = playhead.get();
        Timeline t = timeline.get();
        List<Edit> edits = new ArrayList<>();
        Optional<Clip> sel = selectedClip().filter(c -> c.start() < f && f < c.end());
        List<Clip> cut = sel.map(List::of).orElseGet(() -> t.tracks().stream()
                .flatMap(tr -> tr.clipAt(f).stream()).filter(c -> c.start() < f).toList());
        for (Clip c : cut) edits.add(new Edits.SplitClip(c.id(), f, freshId(t, c.id(), edits.size())));
        if (edits.isEmpty()) {
            say("Nothing to split at " + Timecode.format(f, t.fps()));
            return false;
        }
        return apply(edits.size() == 1 ? edits.getFirst() : new Edits.Group("Split at playhead", edits));
    }

    /// Removes the selected clip and closes the gap (X, Shift+Delete).
    public boolean rippleDelete() { return removeSelected("ripple delete", Edits.RippleDelete::of); }

    /// Removes the selected clip and leaves a gap (Delete, Z).
    public boolean lift() { return removeSelected("lift", Edits.Lift::of); }

    private boolean removeSelected(String what, BiFunction<Timeline, String, Edit> removal) {
        Optional<Clip> c = selectedClip();
        if (c.isEmpty()) return nothingSelected(what);
        boolean ok = apply(removal.apply(timeline.get(), c.get().id()));
        if (ok) selected.set(null);
        return ok;
    }

    // ---- playhead, marks, zoom, transport (the player's)

    public void seek(int frame) { player.seek(frame); }
    public void step(int frames) { player.stepFrames(frames); }
    public void stepSeconds(int seconds) { player.jumpSeconds(seconds); }
    public void home() { player.home(); }
    public void toEnd() { player.end(); }
    public void markIn() { player.markIn(); }
    public void markOut() { player.markOut(); }
    public void clearMarks() { player.clearInOut(); }
    public void togglePlay() { player.togglePlay(); }
    public void shuttleForward() { player.shuttleForward(); }
    public void shuttleBack() { player.shuttleBack(); }
    public void stop() { player.pause(); }
    /// Zooms in around the playhead (it stays where it is on screen).
    public void zoomIn() { zoomAroundPlayhead(Math.min(MAX_ZOOM, zoom.get() * 1.5)); }

    public void zoomOut() { zoomAroundPlayhead(Math.max(MIN_ZOOM, zoom.get() / 1.5)); }

    private void zoomAroundPlayhead(double z) {
        double x = playhead.get() * zoom.get() - scroll.get();
        zoom.set(z);
        scroll.set(Math.max(0, playhead.get() * z - x));
    }

    /// Ctrl+0: zooms so the whole edit fits `width` pixels and scrolls back to its start, so all of it is in view.
    public void zoomToFit(double width) {
        int d = Math.max(end(), timeline.get().fps());
        zoom.set(Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, width / (d * 1.05))));
        scroll.set(0);
    }

    /// The widest the view may scroll for `width` pixels of lanes: to a little past the end of the edit.
    public double maxScroll(double width) {
        return Math.max(0, (end() + timeline.get().fps() * 2) * zoom.get() - width);
    }

    /// The last frame the playhead may reach: the end of the edit.
    public int end() { return timeline.get().duration(); }

    private boolean nothingSelected(String what) {
        say("Select a clip to " + what);
        return false;
    }

    private int tolerance() { return (int) Math.ceil(SNAP_PIXELS / zoom.get()); }

    private List<Integer> targets(String clipId) {
        List<Integer> out = new ArrayList<>();
        for (Track tr : timeline.get().tracks()) {
            for (Clip c : tr.clips()) {
                if (c.id().equals(clipId)) continue;
                out.add(c.start());
                out.add(c.end());
            }
        }
        out.add(0);
        out.add(playhead.get());
        if (markIn.get() >= 0) out.add(markIn.get());
        if (markOut.get() >= 0) out.add(markOut.get());
        return out;
    }

    private static String freshId(Timeline t, String base, int salt) {
        for (int n = 2 + salt; ; n++) if (t.find(base + "." + n).isEmpty()) return base + "." + n;
    }

}
