package dev.gallop.app.ui;

import dev.gallop.app.StudioViewModel;
import dev.gallop.app.keys.Action;
import dev.gallop.app.keys.Keymap;
import dev.gallop.app.timeline.TimelineViewModel;
import dev.gallop.app.timeline.Track;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.ToggleGroup;

/// The menu bar. Every item that has a key shows it from the present keymap (and follows a preset change); the keys
/// themselves are handled by the keymap's scene filter, so an accelerator that fires for a key a text field kept is
/// ignored (`swallowing`).
final class StudioMenus {
    /// What the menus do that is not a keymap action.
    interface Extra {
        void finalizeApproved();
        void about();
    }

    private final Map<Action, MenuItem> items = new EnumMap<>(Action.class);
    private final Consumer<Action> run;
    private final BooleanSupplier swallowing;
    private final MenuBar bar;

    StudioMenus(StudioViewModel vm, Consumer<Action> run, BooleanSupplier swallowing, Extra extra) {
        this.run = run;
        this.swallowing = swallowing;
        TimelineViewModel t = vm.timeline();
        Menu file = new Menu("_File", null, item(Action.NEW_PROJECT, "_New project…"), item(Action.OPEN, "_Open project…"), item(Action.SAVE, "_Save"),
                item(Action.SAVE_AS, "Save _as…"), new SeparatorMenuItem(), item(Action.EXPORT, "_Export…"), new SeparatorMenuItem(),
                item(Action.QUIT, "_Quit"));
        MenuItem undo = item(Action.UNDO, "Undo");
        undo.textProperty().bind(t.undoTextProperty());
        undo.disableProperty().bind(t.canUndoProperty().not());
        MenuItem redo = item(Action.REDO, "Redo");
        redo.textProperty().bind(t.redoTextProperty());
        redo.disableProperty().bind(t.canRedoProperty().not());
        Menu keymaps = new Menu("_Keymap");
        ToggleGroup presets = new ToggleGroup();
        for (Keymap k : Keymap.PRESETS) {
            RadioMenuItem r = new RadioMenuItem(k.name());
            r.setToggleGroup(presets);
            r.setSelected(vm.keymap() == k);
            r.setOnAction(e -> vm.setKeymap(k));
            vm.keymapProperty().addListener((o, a, b) -> r.setSelected(b == k));
            keymaps.getItems().add(r);
        }
        Menu edit = new Menu("_Edit", null, undo, redo, new SeparatorMenuItem(), item(Action.SPLIT, "_Split at playhead"),
                item(Action.RIPPLE_DELETE, "_Ripple delete"), item(Action.LIFT, "_Lift"), item(Action.LINK, "Link / _unlink picture and sound"),
                new SeparatorMenuItem(), item(Action.ADD_MARKER, "Add / remove _marker"), item(Action.PREVIOUS_MARKER, "Previous marker"),
                item(Action.NEXT_MARKER, "Next marker"), new SeparatorMenuItem(), item(Action.MARK_IN, "Mark _in"), item(Action.MARK_OUT, "Mark _out"),
                item(Action.GO_TO_IN, "Go to in"), item(Action.GO_TO_OUT, "Go to out"), item(Action.CLEAR_MARKS, "_Clear marks"),
                new SeparatorMenuItem(), keymaps);
        Menu timeline = new Menu("_Timeline", null, plain("Add _video track", () -> t.addTrack(Track.Kind.VIDEO)),
                plain("Add _audio track", () -> t.addTrack(Track.Kind.AUDIO)), new SeparatorMenuItem(),
                item(Action.APPROVE, "A_pprove selected shot"), plain("_Finalize approved shots…", extra::finalizeApproved), new SeparatorMenuItem(),
                item(Action.ZOOM_IN, "Zoom in"), item(Action.ZOOM_OUT, "Zoom out"), item(Action.ZOOM_FIT, "Fit the edit"));
        MenuItem pause = plain("Pause / resume queue", () -> {
            var q = vm.core().queue();
            if (q.pausedProperty().get()) q.resume(); else q.pause();
        });
        Menu gen = new Menu("_Generate", null, item(Action.GENERATE, "_Generate"), item(Action.GENERATE_FIRST, "Generate _first in queue"),
                item(Action.RETAKE, "New _take of selected shot (its own prompt, next seed)"), plain("_Load selected shot into prompt panel",
                vm::loadSelectedIntoPrompt), item(Action.PREVIOUS_TAKE, "Previous take of selected shot"),
                item(Action.NEXT_TAKE, "Next take of selected shot"), item(Action.CANCEL, "_Cancel running job"), pause, new SeparatorMenuItem(),
                plain("Stop & _keep shown step", () -> vm.viewer().keep()), plain("Rescan _models", vm.models()::rescan));
        Menu play = new Menu("_Playback", null, item(Action.PLAY_PAUSE, "Play / pause"), item(Action.SHUTTLE_BACK, "Play backwards"),
                item(Action.STOP, "Stop"), item(Action.SHUTTLE_FORWARD, "Play forwards (again: faster)"), new SeparatorMenuItem(),
                item(Action.FRAME_BACK, "One frame back"), item(Action.FRAME_FORWARD, "One frame forward"), item(Action.SECOND_BACK, "One second back"),
                item(Action.SECOND_FORWARD, "One second forward"), item(Action.PREVIOUS_EDIT, "Previous edit point"),
                item(Action.NEXT_EDIT, "Next edit point"), item(Action.HOME, "Go to start"), item(Action.END, "Go to end"));
        Menu help = new Menu("_Help", null, item(Action.SHORTCUTS, "_Keyboard shortcuts"), item(Action.GUIDE, "User _guide"),
                new SeparatorMenuItem(), plain("_About Gallop", extra::about));
        bar = new MenuBar(file, edit, timeline, gen, play, help);
        bar.setId("menu-bar");
        showKeys(vm.keymap());
        vm.keymapProperty().addListener((o, a, b) -> showKeys(b));
    }

    MenuBar bar() { return bar; }

    private void showKeys(Keymap k) {
        items.forEach((a, m) -> m.setAccelerator(k.first(a).map(c -> c.combination()).orElse(null)));
    }

    private MenuItem item(Action a, String text) {
        MenuItem m = new MenuItem(text);
        m.setOnAction(e -> {
            if (!swallowing.getAsBoolean()) run.accept(a);
        });
        items.put(a, m);
        return m;
    }

    private static MenuItem plain(String text, Runnable r) {
        MenuItem m = new MenuItem(text);
        m.setOnAction(e -> r.run());
        return m;
    }
}
