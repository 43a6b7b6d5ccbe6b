package dev.gallop.app.timeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/// Unlimited undo/redo over a timeline: one [Edit] per user action. A failing edit changes nothing.
///
/// The stack remembers where the last save was (its clean index): undoing or redoing back to exactly that point
/// makes the timeline clean again. A new edit made after undoing past the save drops the saved state's branch, so
/// nothing but another save can make the stack clean then.
public final class UndoStack {
    private final List<Edit> done = new ArrayList<>();
    private int index;            // edits [0, index) are applied
    private int clean;            // the index of the saved state; -1 when it can no longer be reached
    private Timeline timeline;

    /// A stack starting at `initial`, which counts as saved.
    public UndoStack(Timeline initial) { this.timeline = initial; }

    public Timeline timeline() { return timeline; }

    public Timeline apply(Edit e) {
        Timeline next = e.apply(timeline);
        if (clean > index) clean = -1;    // the saved state was in the redo branch this edit drops
        done.subList(index, done.size()).clear();
        done.add(e);
        index++;
        timeline = next;
        return timeline;
    }

    /// True when the timeline is exactly the saved one (no edits since the save, or undone/redone back to it).
    public boolean isClean() { return index == clean; }

    /// Records the present state as the saved one.
    public void markSaved() { clean = index; }

    public boolean canUndo() { return index > 0; }

    public boolean canRedo() { return index < done.size(); }

    public Optional<String> undoLabel() { return canUndo() ? Optional.of(done.get(index - 1).label()) : Optional.empty(); }

    public Optional<String> redoLabel() { return canRedo() ? Optional.of(done.get(index).label()) : Optional.empty(); }

    public Timeline undo() {
        if (!canUndo()) throw new IllegalStateException("nothing to undo");
        timeline = done.get(--index).revert(timeline);
        return timeline;
    }

    public Timeline redo() {
        if (!canRedo()) throw new IllegalStateException("nothing to redo");
        timeline = done.get(index++).apply(timeline);
        return timeline;
    }

    /// Labels of the applied edits, oldest first (the history panel).
    public List<String> history() { return done.subList(0, index).stream().map(Edit::label).toList(); }
}
