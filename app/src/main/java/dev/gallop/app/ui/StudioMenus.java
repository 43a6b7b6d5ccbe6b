package dev.gallop.app.ui;

import dev.gallop.app.StudioViewModel;
import dev.gallop.app.timeline.TimelineViewModel;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.input.KeyCombination;

/// The menu bar. Items show their keys; the plain-key ones are handled by [StudioKeys].
final class StudioMenus {
    /// What the File menu's project items do (dialogs live in the window).
    interface ProjectActions {
        void newProject();
        void open();
        void save();
        void saveAs();
        void export();
        void quit();
    }

    private StudioMenus() {}

    static MenuBar build(StudioViewModel vm, ProjectActions p, Runnable shortcuts) {
        TimelineViewModel t = vm.timeline();
        Menu file = new Menu("_File", null,
                item("_New project…", "Shortcut+N", p::newProject),
                item("_Open project…", "Shortcut+O", p::open),
                item("_Save", "Shortcut+S", p::save),
                item("Save _as…", "Shortcut+Shift+S", p::saveAs),
                new SeparatorMenuItem(),
                item("_Export…", "Shortcut+E", p::export),
                new SeparatorMenuItem(),
                item("_Quit", "Shortcut+Q", p::quit));
        MenuItem undo = item("Undo", "Shortcut+Z", t::undo);
        undo.textProperty().bind(t.undoTextProperty());
        undo.disableProperty().bind(t.canUndoProperty().not());
        MenuItem redo = item("Redo", "Shortcut+Shift+Z", t::redo);
        redo.textProperty().bind(t.redoTextProperty());
        redo.disableProperty().bind(t.canRedoProperty().not());
        Menu edit = new Menu("_Edit", null, undo, redo, new SeparatorMenuItem(),
                item("_Split at playhead", "S", t::splitAtPlayhead),
                item("_Ripple delete", "X", t::rippleDelete),
                item("_Lift", "Delete", t::lift),
                new SeparatorMenuItem(),
                item("Mark _in", "I", t::markIn),
                item("Mark _out", "O", t::markOut),
                item("_Clear marks", "Alt+X", t::clearMarks));
        MenuItem pause = item("Pause / resume queue", null, () -> {
            var q = vm.core().queue();
            if (q.pausedProperty().get()) q.resume(); else q.pause();
        });
        Menu gen = new Menu("_Generate", null,
                item("_Generate", "Shortcut+Enter", vm::generate),
                item("Generate _first in queue", "Shortcut+Shift+Enter", vm::generateFirst),
                item("New _take of selected shot (its own prompt, next seed)", "Shortcut+R", vm::regenerateSelected),
                item("_Load selected shot into prompt panel", null, vm::loadSelectedIntoPrompt),
                item("Previous take of selected shot", "Shortcut+Shift+Left", () -> vm.switchTake(-1)),
                item("Next take of selected shot", "Shortcut+Shift+Right", () -> vm.switchTake(1)),
                item("_Cancel running job", "Shortcut+Alt+Enter", vm::cancel),
                pause,
                new SeparatorMenuItem(),
                item("Stop & _keep shown step", null, () -> vm.viewer().keep()),
                item("Rescan _models", null, vm.models()::rescan));
        Menu play = new Menu("_Playback", null,
                item("Play / pause", "Space", t::togglePlay),
                item("Play backwards", "J", t::shuttleBack),
                item("Stop", "K", t::stop),
                item("Play forwards (again: faster)", "L", t::shuttleForward),
                item("Go to start", "Home", t::home),
                item("Go to end", "End", t::toEnd),
                new SeparatorMenuItem(),
                item("Zoom in", "+", t::zoomIn),
                item("Zoom out", "-", t::zoomOut));
        Menu help = new Menu("_Help", null, item("_Keyboard shortcuts", "F1", shortcuts));
        MenuBar bar = new MenuBar(file, edit, gen, play, help);
        bar.setId("menu-bar");
        return bar;
    }

    /// Keys with Ctrl (other than Z/Y, which text fields use for their own undo) and function keys are registered as accelerators;
    /// the others are only shown, and [StudioKeys] handles them when no text field is being typed in.
    private static MenuItem item(String text, String keys, Runnable action) {
        MenuItem m = new MenuItem(text);
        boolean chord = keys != null && (keys.startsWith("Shortcut+") && !keys.endsWith("Z") || keys.matches("F\\d+"));
        if (chord) m.setAccelerator(KeyCombination.keyCombination(keys));
        else if (keys != null) m.setText(text + "    " + keys.replace("Shortcut", "Ctrl"));
        m.setOnAction(e -> action.run());
        return m;
    }
}
