package dev.gallop.app.keys;

import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.scene.Scene;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyEvent;

/// The keyboard: one scene filter that looks every key press up in the present [Keymap] and runs its action, wherever
/// the focus is — except keys a text field uses itself while it has the focus, so typing a prompt never edits the cut.
/// The menus show the same keys as accelerators; a menu accelerator that fires for a key the text field kept is
/// swallowed ([#swallowing()]).
public final class StudioKeys {
    private final Supplier<Keymap> keymap;
    private final Consumer<Action> run;
    private boolean swallow;

    private StudioKeys(Supplier<Keymap> keymap, Consumer<Action> run) {
        this.keymap = keymap;
        this.run = run;
    }

    public static StudioKeys install(Scene scene, Supplier<Keymap> keymap, Consumer<Action> run) {
        StudioKeys k = new StudioKeys(keymap, run);
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            boolean typing = scene.getFocusOwner() instanceof TextInputControl;
            var a = keymap.get().action(e.getCode(), e.isShortcutDown(), e.isShiftDown(), e.isAltDown(), typing);
            k.swallow = typing && a.isEmpty() && keymap.get().action(e.getCode(), e.isShortcutDown(), e.isShiftDown(), e.isAltDown(), false).isPresent();
            if (a.isPresent()) {
                e.consume();
                run.accept(a.get());
            }
        });
        scene.addEventFilter(KeyEvent.KEY_RELEASED, e -> k.swallow = false);
        return k;
    }

    /// True while a key press that a text field kept for itself is being handled: a menu accelerator must not act on it.
    public boolean swallowing() { return swallow; }
}
