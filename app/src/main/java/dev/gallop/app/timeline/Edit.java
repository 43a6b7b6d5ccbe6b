package dev.gallop.app.timeline;

/// One undoable timeline edit (Shotcut's command objects, as values). `apply` and `revert` are exact inverses;
/// an edit that cannot be applied throws [IllegalArgumentException] naming the clip and the reason, and leaves
/// the timeline unchanged.
public sealed interface Edit permits Edits.AddClip, Edits.MoveClip, Edits.TrimClip, Edits.SplitClip, Edits.RippleDelete,
        Edits.Lift, Edits.AddTake, Edits.SelectTake, Edits.SetLink, Edits.SetApproved, Edits.SetTrackFlags, Edits.AddTrack, Edits.SetMarker,
        Edits.Group {
    Timeline apply(Timeline t);

    Timeline revert(Timeline t);

    /// Shown in Edit ▸ Undo / Redo and in the history.
    String label();
}
