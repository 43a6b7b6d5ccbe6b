package dev.gallop.app.keys;

/// Everything the studio's keys can do, with the words the menus, the F1 sheet and the user guide use for it, grouped
/// as they are listed.
public enum Action {
    GENERATE(Group.GENERATE, "Generate (queue a job)"),
    GENERATE_FIRST(Group.GENERATE, "Generate first in the queue (runs next)"),
    RETAKE(Group.GENERATE, "New take of the selected shot (its own prompt, next seed)"),
    PREVIOUS_TAKE(Group.GENERATE, "Previous take of the selected shot"),
    NEXT_TAKE(Group.GENERATE, "Next take of the selected shot"),
    APPROVE(Group.GENERATE, "Approve / unapprove the selected shot for finishing"),
    CANCEL(Group.GENERATE, "Cancel the running job"),

    PLAY_PAUSE(Group.PLAYBACK, "Play / pause"),
    SHUTTLE_BACK(Group.PLAYBACK, "Play backwards (again: faster)"),
    STOP(Group.PLAYBACK, "Stop"),
    SHUTTLE_FORWARD(Group.PLAYBACK, "Play forwards (again: faster)"),
    FRAME_BACK(Group.PLAYBACK, "One frame back"),
    FRAME_FORWARD(Group.PLAYBACK, "One frame forward"),
    SECOND_BACK(Group.PLAYBACK, "One second back"),
    SECOND_FORWARD(Group.PLAYBACK, "One second forward"),
    PREVIOUS_EDIT(Group.PLAYBACK, "Previous edit point"),
    NEXT_EDIT(Group.PLAYBACK, "Next edit point"),
    HOME(Group.PLAYBACK, "Start of the edit"),
    END(Group.PLAYBACK, "End of the edit"),
    MARK_IN(Group.PLAYBACK, "Mark in"),
    MARK_OUT(Group.PLAYBACK, "Mark out"),
    GO_TO_IN(Group.PLAYBACK, "Go to the in mark"),
    GO_TO_OUT(Group.PLAYBACK, "Go to the out mark"),
    CLEAR_MARKS(Group.PLAYBACK, "Clear the in and out marks"),

    UNDO(Group.EDIT, "Undo"),
    REDO(Group.EDIT, "Redo"),
    SPLIT(Group.EDIT, "Split at the playhead"),
    RIPPLE_DELETE(Group.EDIT, "Ripple delete (close the gap)"),
    LIFT(Group.EDIT, "Lift (leave a gap)"),
    LINK(Group.EDIT, "Link / unlink a shot's picture and sound"),
    ADD_MARKER(Group.EDIT, "Add a marker at the playhead (or remove the one there)"),
    PREVIOUS_MARKER(Group.EDIT, "Previous marker"),
    NEXT_MARKER(Group.EDIT, "Next marker"),
    ZOOM_IN(Group.EDIT, "Zoom in"),
    ZOOM_OUT(Group.EDIT, "Zoom out"),
    ZOOM_FIT(Group.EDIT, "Fit the whole edit"),

    NEW_PROJECT(Group.FILE, "New project"),
    OPEN(Group.FILE, "Open project"),
    SAVE(Group.FILE, "Save"),
    SAVE_AS(Group.FILE, "Save as"),
    EXPORT(Group.FILE, "Export"),
    QUIT(Group.FILE, "Quit"),

    SHORTCUTS(Group.HELP, "Keyboard shortcuts (this list)"),
    GUIDE(Group.HELP, "User guide");

    /// How the list is grouped.
    public enum Group {
        GENERATE("Generate"), PLAYBACK("Playback and marks"), EDIT("Editing"), FILE("Projects"), HELP("Help");

        private final String title;

        Group(String title) { this.title = title; }

        public String title() { return title; }
    }

    private final Group group;
    private final String description;

    Action(Group group, String description) {
        this.group = group;
        this.description = description;
    }

    public Group group() { return group; }

    public String description() { return description; }

    /// Actions that run even while a text field is being typed in (the queue keys, as in ComfyUI).
    public boolean whileTyping() { return this == GENERATE || this == GENERATE_FIRST || this == CANCEL; }
}
