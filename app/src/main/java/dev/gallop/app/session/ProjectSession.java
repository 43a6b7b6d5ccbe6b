package dev.gallop.app.session;

import dev.gallop.app.project.ProjectFile;
import dev.gallop.app.timeline.Clip;
import dev.gallop.app.timeline.Edit;
import dev.gallop.app.timeline.Edits;
import dev.gallop.app.timeline.Take;
import dev.gallop.app.timeline.Timeline;
import dev.gallop.app.timeline.Track;
import dev.gallop.app.timeline.UndoStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/// An open project: its folder, the timeline with unlimited undo/redo (one [Edit] per user action), and saving.
/// Views bind to [#timelineProperty()] and the undo/redo properties and change the timeline only through
/// [#apply(Edit)], [#undo()] and [#redo()]. UI thread only.
public final class ProjectSession {
    private final Path folder;
    private final UndoStack stack;
    private final ObjectProperty<Timeline> timeline = new SimpleObjectProperty<>();
    private final BooleanProperty dirty = new SimpleBooleanProperty(false);
    private final BooleanProperty canUndo = new SimpleBooleanProperty(false), canRedo = new SimpleBooleanProperty(false);
    private final StringProperty undoLabel = new SimpleStringProperty(""), redoLabel = new SimpleStringProperty("");
    private final ObservableList<String> history = FXCollections.observableArrayList();
    private final ObservableList<String> historyView = FXCollections.unmodifiableObservableList(history);
    private int shotCounter;

    /// A session on `folder` starting from `initial` (a loaded, recovered or empty timeline).
    public ProjectSession(Path folder, Timeline initial) {
        this.folder = folder;
        this.stack = new UndoStack(initial);
        refresh();
    }

    /// Opens the project in `folder`: its `project.json`, or an empty timeline when the folder has none yet.
    public static ProjectSession open(Path folder) throws IOException {
        return new ProjectSession(folder, Files.exists(folder.resolve(ProjectFile.FILE)) ? ProjectFile.load(folder) : Timeline.empty());
    }

    public Path folder() { return folder; }

    public ReadOnlyObjectProperty<Timeline> timelineProperty() { return timeline; }

    public Timeline timeline() { return stack.timeline(); }

    /// True while the timeline differs from the saved one: an edit since the last save, unless undone (or redone)
    /// back to exactly the saved state.
    public ReadOnlyBooleanProperty dirtyProperty() { return dirty; }

    public boolean isDirty() { return dirty.get(); }

    public ReadOnlyBooleanProperty canUndoProperty() { return canUndo; }

    public ReadOnlyBooleanProperty canRedoProperty() { return canRedo; }

    /// "Undo Trim clip"-style menu text parts: the label of the edit undo would revert, or "".
    public ReadOnlyStringProperty undoLabelProperty() { return undoLabel; }

    public ReadOnlyStringProperty redoLabelProperty() { return redoLabel; }

    /// Labels of the applied edits, oldest first (the history panel); kept up to date.
    public ObservableList<String> history() { return historyView; }

    /// Applies an edit; an edit that does not fit throws [IllegalArgumentException] and changes nothing.
    public void apply(Edit e) {
        stack.apply(e);
        refresh();
    }

    public void undo() {
        stack.undo();
        refresh();
    }

    public void redo() {
        stack.redo();
        refresh();
    }

    /// Puts a generated take on the timeline as one undoable edit: a new take on `targetClip` (and its linked sound)
    /// when that shot still exists (regenerate), else a new shot at the end of the first video track with its sound
    /// on the first audio track free there (a new audio track when none is), linked to it. Returns the shot's id.
    public String placeTake(Take take, String targetClip) {
        Timeline t = timeline();
        if (targetClip != null && t.find(targetClip).isPresent()) {
            List<Edit> e = new ArrayList<>();
            e.add(Edits.AddTake.of(t, targetClip, take));
            for (Clip p : t.partners(targetClip)) e.add(Edits.AddTake.of(t, p.id(), take));
            apply(e.size() == 1 ? e.getFirst() : new Edits.Group("New take", e));
            return targetClip;
        }
        Track v = t.tracks().stream().filter(x -> x.kind() == Track.Kind.VIDEO).findFirst()
                .orElseThrow(() -> new IllegalStateException("the timeline has no video track"));
        String id = newClipId();
        int start = v.end(), end = start + take.frames();
        List<Edit> e = new ArrayList<>();
        e.add(new Edits.AddClip(v.id(), new Clip(id, start, 0, take.frames(), List.of(take), 0, id, false)));
        Track a = t.tracks().stream().filter(x -> x.kind() == Track.Kind.AUDIO && !x.locked() && x.free(start, end)).findFirst().orElse(null);
        if (a == null) {
            a = new Track(t.newTrackId(Track.Kind.AUDIO), Track.Kind.AUDIO, List.of());
            e.add(new Edits.AddTrack(a));
        }
        String sound = id + ".sound";
        e.add(new Edits.AddClip(a.id(), new Clip(sound, start, 0, take.frames(), List.of(take), 0, id, false)));
        apply(new Edits.Group("Add shot", e));
        return id;
    }

    /// A clip id not used on the timeline ("shot-1", "shot-2", …), nor as a link.
    public String newClipId() {
        String id;
        do id = "shot-" + ++shotCounter; while (timeline().find(id).isPresent() || timeline().find(id + ".sound").isPresent() || linkUsed(id));
        return id;
    }

    private boolean linkUsed(String link) {
        for (Track t : timeline().tracks()) for (Clip c : t.clips()) if (link.equals(c.link())) return true;
        return false;
    }

    /// Saves `project.json` atomically, keeping the previous one as a backup; clears the autosave. The present state
    /// becomes the clean one.
    public void save() throws IOException {
        ProjectFile.save(folder, timeline());
        stack.markSaved();
        refresh();
    }

    /// Writes the autosave (offered at the next start while it is newer than `project.json`) when there are unsaved
    /// changes; with none (everything undone back to the save) an old autosave is removed, so it is not offered.
    public void autosave() throws IOException {
        if (dirty.get()) ProjectFile.autosave(folder, timeline());
        else ProjectFile.discardAutosave(folder);
    }

    /// The user chose not to keep the unsaved changes (quit or open another project without saving): the autosave
    /// that holds them is removed.
    public void discardChanges() throws IOException { ProjectFile.discardAutosave(folder); }

    private void refresh() {
        timeline.set(stack.timeline());
        canUndo.set(stack.canUndo());
        canRedo.set(stack.canRedo());
        undoLabel.set(stack.undoLabel().orElse(""));
        redoLabel.set(stack.redoLabel().orElse(""));
        dirty.set(!stack.isClean());
        List<String> h = stack.history();
        if (!h.equals(history)) history.setAll(h);
    }
}
