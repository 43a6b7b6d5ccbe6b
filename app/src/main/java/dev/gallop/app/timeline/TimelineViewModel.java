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

    /// The clips an action on `clipId` acts on: the clip and the clips linked to it (a shot's picture and sound).
    public List<Clip> linkedGroup(String clipId) {
        List<Clip> g = new ArrayList<>();
        g.add(timeline.get().clip(clipId));
        g.addAll(timeline.get().partners(clipId));
        return g;
    }

    /// Refuses (saying why) when a clip of `clips` is on a locked track.
    private boolean unlocked(List<Clip> clips, String what) {
        for (Clip c : clips) {
            Track tr = timeline.get().trackOf(c.id());
            if (tr.locked()) {
                say("Cannot " + what + ": track " + tr.id() + " is locked (unlock it in its header" + (clips.size() > 1 ? ", or unlink the sound" : "") + ")");
                return false;
            }
        }
        return true;
    }

    /// Moves a clip so it starts at `start` on `trackId`, snapping its start or end to nearby edges; clips linked to it
    /// move by as much on their own tracks.
    public boolean move(String clipId, String trackId, int start) {
        Clip c = timeline.get().clip(clipId);
        List<Clip> group = linkedGroup(clipId);
        List<Integer> targets = targets(group);
        int s = Math.max(0, start);
        if (snapping.get() && s != c.start()) {    // a clip only moved to another track keeps its place
            int byStart = Snapping.snap(s, targets, tolerance());
            int byEnd = Snapping.snap(s + c.duration(), targets, tolerance()) - c.duration();
            boolean startSnaps = byStart != s, endSnaps = byEnd != s && byEnd >= 0;
            if (startSnaps && (!endSnaps || Math.abs(byStart - s) <= Math.abs(byEnd - s))) s = byStart;
            else if (endSnaps) s = byEnd;
        }
        if (s == c.start() && timeline.get().trackOf(clipId).id().equals(trackId)) return false;
        if (!unlocked(group, "move " + clipId)) return false;
        if (timeline.get().track(trackId).locked()) {
            say("Cannot move onto track " + trackId + ": it is locked");
            return false;
        }
        int delta = s - c.start();
        Timeline t = timeline.get();
        List<Edit> edits = new ArrayList<>(List.of(Edits.MoveClip.of(t, clipId, trackId, s)));
        for (Clip p : group.subList(1, group.size())) edits.add(Edits.MoveClip.of(t, p.id(), t.trackOf(p.id()).id(), p.start() + delta));
        return apply(edits.size() == 1 ? edits.getFirst() : new Edits.Group("Move clip", edits));
    }

    /// Drags a clip's left or right edge to timeline frame `frame` (snapped); the same edge of the clips linked to it
    /// moves by as much.
    public boolean trim(String clipId, boolean leftEdge, int frame) {
        List<Clip> group = linkedGroup(clipId);
        int f = snapping.get() ? Snapping.snap(frame, targets(group), tolerance()) : frame;
        Clip c = timeline.get().clip(clipId);
        int delta = f - (leftEdge ? c.start() : c.end());
        if (delta == 0 || !unlocked(group, "trim " + clipId)) return false;
        Timeline t = timeline.get();
        List<Edit> edits = new ArrayList<>();
        for (Clip x : group) edits.add(leftEdge ? Edits.TrimClip.left(t, x.id(), x.start() + delta) : Edits.TrimClip.right(t, x.id(), x.end() + delta));
        return apply(edits.size() == 1 ? edits.getFirst() : new Edits.Group("Trim clip", edits));
    }

    /// S: cuts the selected clip (and its linked sound) at the playhead; with no selected clip under the playhead,
    /// every clip under it. The right parts of a linked shot stay linked to each other.
    public boolean splitAtPlayhead() {
        int f = playhead.get();
        Timeline t = timeline.get();
        Optional<Clip> sel = selectedClip().filter(c -> c.start() < f && f < c.end());
        List<Clip> cut = sel.map(c -> linkedGroup(c.id()).stream().filter(x -> x.start() < f && f < x.end()).toList())
                .orElseGet(() -> t.tracks().stream().flatMap(tr -> tr.clipAt(f).stream()).filter(c -> c.start() < f).toList());
        if (cut.isEmpty()) {
            say("Nothing to split at " + Timecode.format(f, t.fps()));
            return false;
        }
        if (!unlocked(cut, "split")) return false;
        List<Edit> edits = new ArrayList<>();
        java.util.Map<String, String> newLinks = new java.util.HashMap<>(), pictures = new java.util.HashMap<>();
        java.util.Set<String> taken = new java.util.HashSet<>();
        // pictures first, so a shot's sound can be named after the picture's right part ("shot-1.2" and "shot-1.2.sound")
        List<Clip> ordered = new ArrayList<>(cut);
        ordered.sort(java.util.Comparator.comparing(c -> t.trackOf(c.id()).kind()));
        for (Clip c : ordered) {
            String partnerPicture = c.link() == null ? null : pictures.get(c.link());
            String id = partnerPicture != null && t.find(partnerPicture + ".sound").isEmpty() && taken.add(partnerPicture + ".sound")
                    ? partnerPicture + ".sound" : freshId(t, c.id(), taken);
            if (c.link() != null && t.trackOf(c.id()).kind() == Track.Kind.VIDEO) pictures.putIfAbsent(c.link(), id);
            String link = c.link() == null ? null : newLinks.computeIfAbsent(c.link(), l -> freshLink(t, id));
            edits.add(new Edits.SplitClip(c.id(), f, id, link));
        }
        return apply(edits.size() == 1 ? edits.getFirst() : new Edits.Group("Split at playhead", edits));
    }

    /// Removes the selected clip and its linked sound and closes the gap on their tracks (X, Shift+Delete).
    public boolean rippleDelete() { return removeSelected("ripple delete", Edits.RippleDelete::of); }

    /// Removes the selected clip and its linked sound and leaves a gap (Delete, Z).
    public boolean lift() { return removeSelected("lift", Edits.Lift::of); }

    private boolean removeSelected(String what, BiFunction<Timeline, String, Edit> removal) {
        Optional<Clip> c = selectedClip();
        if (c.isEmpty()) return nothingSelected(what);
        List<Clip> group = linkedGroup(c.get().id());
        if (!unlocked(group, what)) return false;
        Timeline t = timeline.get();
        List<Edit> edits = new ArrayList<>();
        for (Clip x : group) edits.add(removal.apply(t, x.id()));
        boolean ok = apply(edits.size() == 1 ? edits.getFirst() : new Edits.Group(edits.getFirst().label(), edits));
        if (ok) selected.set(null);
        return ok;
    }

    /// Shows take `index` of a shot and its linked sound (one undoable edit).
    public boolean showTake(String clipId, int index) {
        List<Clip> group = linkedGroup(clipId);
        if (!unlocked(group, "change the take of " + clipId)) return false;
        Timeline t = timeline.get();
        List<Edit> edits = new ArrayList<>();
        for (Clip x : group) if (index < x.takes().size()) edits.add(Edits.SelectTake.of(t, x.id(), index));
        return apply(edits.size() == 1 ? edits.getFirst() : new Edits.Group("Select take", edits));
    }

    /// Ctrl+L: unlinks the selected clip's picture and sound; an unlinked clip is linked again with the clip on a track
    /// of the other kind that starts and ends exactly where it does.
    public boolean toggleLink() {
        Optional<Clip> sel = selectedClip();
        if (sel.isEmpty()) return nothingSelected("link or unlink");
        Timeline t = timeline.get();
        Clip c = sel.get();
        if (c.linked()) return apply(Edits.SetLink.of(t, linkedGroup(c.id()).stream().map(Clip::id).toList(), null));
        Track.Kind other = t.trackOf(c.id()).kind() == Track.Kind.VIDEO ? Track.Kind.AUDIO : Track.Kind.VIDEO;
        List<String> ids = new ArrayList<>(List.of(c.id()));
        for (Track tr : t.tracks()) {
            if (tr.kind() != other) continue;
            for (Clip x : tr.clips()) if (x.start() == c.start() && x.end() == c.end() && !x.linked()) ids.add(x.id());
        }
        if (ids.size() == 1) {
            say("Nothing to link " + c.id() + " with: put its " + (other == Track.Kind.AUDIO ? "sound" : "picture") + " exactly under or above it first");
            return false;
        }
        return apply(Edits.SetLink.of(t, ids, freshLink(t, c.id())));
    }

    /// A: approves the selected shot for finishing, or takes the approval back.
    public boolean toggleApproved() {
        Optional<Clip> sel = selectedClip();
        if (sel.isEmpty()) return nothingSelected("approve");
        Clip shot = linkedGroup(sel.get().id()).stream().filter(x -> timeline.get().trackOf(x.id()).kind() == Track.Kind.VIDEO).findFirst().orElse(null);
        if (shot == null) {
            say(sel.get().id() + " is sound only: approve a shot (a clip with picture)");
            return false;
        }
        return apply(new Edits.SetApproved(shot.id(), !shot.approved()));
    }

    /// Adds an empty video track (above the others) or audio track.
    public boolean addTrack(Track.Kind kind) {
        return apply(new Edits.AddTrack(new Track(timeline.get().newTrackId(kind), kind, List.of())));
    }

    /// Mute (audio) or hide (video) a track, or undo that.
    public boolean toggleMute(String trackId) {
        Track tr = timeline.get().track(trackId);
        return apply(Edits.SetTrackFlags.of(timeline.get(), trackId, !tr.muted(), tr.solo(), tr.locked()));
    }

    /// Solo an audio track (only soloed audio tracks are heard), or undo that.
    public boolean toggleSolo(String trackId) {
        Track tr = timeline.get().track(trackId);
        if (tr.kind() != Track.Kind.AUDIO) {
            say("Only audio tracks can be soloed; hide the other video tracks instead");
            return false;
        }
        return apply(Edits.SetTrackFlags.of(timeline.get(), trackId, tr.muted(), !tr.solo(), tr.locked()));
    }

    /// Lock a track (its clips cannot be edited), or unlock it.
    public boolean toggleLock(String trackId) {
        Track tr = timeline.get().track(trackId);
        return apply(Edits.SetTrackFlags.of(timeline.get(), trackId, tr.muted(), tr.solo(), !tr.locked()));
    }

    /// M: a marker at the playhead ("Marker 1", "Marker 2", …), or removes the one that is there.
    public boolean toggleMarker() {
        int f = playhead.get();
        Timeline t = timeline.get();
        Optional<Marker> there = t.markerAt(f);
        if (there.isPresent()) return apply(new Edits.SetMarker(there.get(), false));
        int n = 1;
        while (true) {
            String name = "Marker " + n;
            if (t.markers().stream().noneMatch(m -> m.name().equals(name))) break;
            n++;
        }
        return apply(new Edits.SetMarker(new Marker(f, "Marker " + n), true));
    }

    /// Moves the playhead to the next (`+1`) or previous (`-1`) marker.
    public boolean toMarker(int direction) {
        return seekTo(timeline.get().markers().stream().map(Marker::frame).toList(), direction, "marker");
    }

    /// Moves the playhead to the next (`+1`) or previous (`-1`) clip edge (Up / Down).
    public boolean toEdit(int direction) { return seekTo(timeline.get().edges(), direction, "edit point"); }

    private boolean seekTo(List<Integer> frames, int direction, String what) {
        int p = playhead.get();
        Optional<Integer> to = direction > 0 ? frames.stream().filter(f -> f > p).min(Integer::compare)
                : frames.stream().filter(f -> f < p).max(Integer::compare);
        if (to.isEmpty()) {
            say("No " + what + (direction > 0 ? " after " : " before ") + Timecode.format(p, timeline.get().fps()));
            return false;
        }
        seek(to.get());
        return true;
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

    private List<Integer> targets(List<Clip> moving) {
        List<Integer> out = new ArrayList<>();
        java.util.Set<String> skip = new java.util.HashSet<>();
        for (Clip c : moving) skip.add(c.id());
        for (Marker m : timeline.get().markers()) out.add(m.frame());
        for (Track tr : timeline.get().tracks()) {
            for (Clip c : tr.clips()) {
                if (skip.contains(c.id())) continue;
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

    private static String freshLink(Timeline t, String base) {
        java.util.Set<String> used = new java.util.HashSet<>();
        for (Track tr : t.tracks()) for (Clip c : tr.clips()) if (c.link() != null) used.add(c.link());
        for (int n = 1; ; n++) if (!used.contains(base + "~" + n)) return base + "~" + n;
    }

    /// "shot-1.2", "shot-1.3", … — not on the timeline and not given out yet (`taken`, which it adds to).
    private static String freshId(Timeline t, String base, java.util.Set<String> taken) {
        for (int n = 2; ; n++) {
            String id = base + "." + n;
            if (t.find(id).isEmpty() && taken.add(id)) return id;
        }
    }

}
