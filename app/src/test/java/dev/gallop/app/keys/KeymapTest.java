package dev.gallop.app.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;

/// The keymap: the keys of each preset, that typing in a text field never edits the timeline, and that the user
/// guide's keyboard section is exactly the keymap's (run with `-Dgallop.docs.write=true` to rewrite it).
class KeymapTest {
    static Optional<Action> key(Keymap k, KeyCode c, boolean ctrl, boolean shift, boolean alt, boolean typing) {
        return k.action(c, ctrl, shift, alt, typing);
    }

    @Test void gallopKeys() {
        Keymap k = Keymap.GALLOP;
        assertEquals(Optional.of(Action.GENERATE), key(k, KeyCode.ENTER, true, false, false, false));
        assertEquals(Optional.of(Action.CANCEL), key(k, KeyCode.ENTER, true, false, true, false));
        assertEquals(Optional.of(Action.GENERATE_FIRST), key(k, KeyCode.ENTER, true, true, false, false));
        assertEquals(Optional.of(Action.RETAKE), key(k, KeyCode.R, true, false, false, false));
        assertEquals(Optional.of(Action.PREVIOUS_TAKE), key(k, KeyCode.LEFT, true, true, false, false));
        assertEquals(Optional.of(Action.NEXT_TAKE), key(k, KeyCode.RIGHT, true, true, false, false));
        assertEquals(Optional.of(Action.PLAY_PAUSE), key(k, KeyCode.SPACE, false, false, false, false));
        assertEquals(Optional.of(Action.SHUTTLE_BACK), key(k, KeyCode.J, false, false, false, false));
        assertEquals(Optional.of(Action.STOP), key(k, KeyCode.K, false, false, false, false));
        assertEquals(Optional.of(Action.SHUTTLE_FORWARD), key(k, KeyCode.L, false, false, false, false));
        assertEquals(Optional.of(Action.FRAME_BACK), key(k, KeyCode.LEFT, false, false, false, false));
        assertEquals(Optional.of(Action.SECOND_FORWARD), key(k, KeyCode.RIGHT, false, true, false, false));
        assertEquals(Optional.of(Action.PREVIOUS_EDIT), key(k, KeyCode.UP, false, false, false, false));
        assertEquals(Optional.of(Action.MARK_IN), key(k, KeyCode.I, false, false, false, false));
        assertEquals(Optional.of(Action.GO_TO_OUT), key(k, KeyCode.O, false, true, false, false));
        assertEquals(Optional.of(Action.CLEAR_MARKS), key(k, KeyCode.X, false, false, true, false));
        assertEquals(Optional.of(Action.SPLIT), key(k, KeyCode.S, false, false, false, false));
        assertEquals(Optional.of(Action.RIPPLE_DELETE), key(k, KeyCode.X, false, false, false, false));
        assertEquals(Optional.of(Action.RIPPLE_DELETE), key(k, KeyCode.DELETE, false, true, false, false));
        assertEquals(Optional.of(Action.LIFT), key(k, KeyCode.DELETE, false, false, false, false));
        assertEquals(Optional.of(Action.UNDO), key(k, KeyCode.Z, true, false, false, false));
        assertEquals(Optional.of(Action.REDO), key(k, KeyCode.Z, true, true, false, false));
        assertEquals(Optional.of(Action.REDO), key(k, KeyCode.Y, true, false, false, false));
        assertEquals(Optional.of(Action.ZOOM_IN), key(k, KeyCode.EQUALS, false, true, false, false), "+ on a US keyboard is Shift+=");
        assertEquals(Optional.of(Action.ZOOM_FIT), key(k, KeyCode.DIGIT0, true, false, false, false));
        assertEquals(Optional.of(Action.ADD_MARKER), key(k, KeyCode.M, false, false, false, false));
        assertEquals(Optional.of(Action.LINK), key(k, KeyCode.L, true, false, false, false));
        assertEquals(Optional.of(Action.NEW_PROJECT), key(k, KeyCode.N, true, false, false, false));
        assertEquals(Optional.of(Action.SHORTCUTS), key(k, KeyCode.F1, false, false, false, false));
    }

    @Test void premiereAndResolvePresets() {
        assertEquals(Optional.of(Action.SPLIT), key(Keymap.PREMIERE, KeyCode.K, true, false, false, false), "Premiere: Ctrl+K adds an edit");
        assertEquals(Optional.of(Action.STOP), key(Keymap.PREMIERE, KeyCode.K, false, false, false, false));
        assertEquals(Optional.of(Action.ZOOM_FIT), key(Keymap.PREMIERE, KeyCode.BACK_SLASH, false, false, false, false));
        assertEquals(Optional.of(Action.NEXT_MARKER), key(Keymap.PREMIERE, KeyCode.M, false, true, false, false));
        assertEquals(Optional.of(Action.EXPORT), key(Keymap.PREMIERE, KeyCode.M, true, false, false, false));
        assertEquals(Optional.empty(), key(Keymap.PREMIERE, KeyCode.S, false, false, false, false), "S does nothing in Premiere's keys");
        assertEquals(Optional.of(Action.SPLIT), key(Keymap.RESOLVE, KeyCode.B, true, false, false, false), "Resolve: Ctrl+B splits");
        assertEquals(Optional.of(Action.RIPPLE_DELETE), key(Keymap.RESOLVE, KeyCode.DELETE, false, false, false, false));
        assertEquals(Optional.of(Action.LIFT), key(Keymap.RESOLVE, KeyCode.BACK_SPACE, false, false, false, false));
        assertEquals(Optional.of(Action.ZOOM_FIT), key(Keymap.RESOLVE, KeyCode.Z, false, true, false, false));
        assertEquals(Optional.of(Action.NEXT_MARKER), key(Keymap.RESOLVE, KeyCode.DOWN, false, true, false, false));
        for (Keymap k : Keymap.PRESETS) {
            for (Action a : Action.values()) assertTrue(k.first(a).isPresent(), k.name() + " has a key for " + a);
            assertEquals(Optional.of(Action.RETAKE), key(k, KeyCode.R, true, false, false, false), "the studio's own keys are the same everywhere");
        }
        assertEquals(Keymap.RESOLVE, Keymap.byId("resolve"));
        assertEquals(Keymap.GALLOP, Keymap.byId("something else"));
    }

    @Test void typingKeepsPlainKeysAndTextChordsButNotTheQueueKeys() {
        for (Keymap k : Keymap.PRESETS) {
            for (KeyCode c : new KeyCode[] {KeyCode.SPACE, KeyCode.S, KeyCode.X, KeyCode.I, KeyCode.DELETE, KeyCode.LEFT, KeyCode.J, KeyCode.M}) {
                assertTrue(key(k, c, false, false, false, true).isEmpty(), c + " while typing (" + k.name() + ")");
            }
            assertTrue(key(k, KeyCode.Z, true, false, false, true).isEmpty(), "Ctrl+Z undoes the text field's typing");
            assertTrue(key(k, KeyCode.LEFT, true, true, false, true).isEmpty(), "Ctrl+Shift+Left selects a word");
            assertEquals(Optional.of(Action.GENERATE), key(k, KeyCode.ENTER, true, false, false, true));
            assertEquals(Optional.of(Action.CANCEL), key(k, KeyCode.ENTER, true, false, true, true));
            assertEquals(Optional.of(Action.SAVE), key(k, KeyCode.S, true, false, false, true), "Ctrl+S saves while typing");
            assertEquals(Optional.of(Action.RETAKE), key(k, KeyCode.R, true, false, false, true));
        }
    }

    @Test void theUserGuideListsExactlyTheKeymap() throws Exception {
        Path guide = Path.of(System.getProperty("gallop.fixtures", "../tests/fixtures")).resolve("../../docs/user-guide.md").normalize();
        String text = Files.readString(guide);
        String start = "<!-- keymap: generated from the keymap by KeymapTest; do not edit by hand -->", end = "<!-- keymap end -->";
        int a = text.indexOf(start), b = text.indexOf(end);
        assertTrue(a >= 0 && b > a, "the guide has the keymap section markers");
        StringBuilder want = new StringBuilder(start).append("\n");
        for (Keymap k : Keymap.PRESETS) {
            if (k != Keymap.GALLOP) continue;
            want.append(k.markdown());
        }
        want.append("\nThe other presets (Help ▸ Keyboard shortcuts, or Edit ▸ Keymap) change only these keys:\n\n| Action | ");
        want.append(String.join(" | ", Keymap.PRESETS.stream().map(Keymap::name).toList())).append(" |\n|---|---|---|---|\n");
        for (Action x : Action.values()) {
            if (Keymap.PRESETS.stream().map(k -> k.text(x)).distinct().count() == 1) continue;
            want.append("| ").append(x.description());
            for (Keymap k : Keymap.PRESETS) want.append(" | ").append(k.text(x).replace("\\", "\\\\"));
            want.append(" |\n");
        }
        String now = text.substring(a, b);
        if (Boolean.getBoolean("gallop.docs.write") && !now.equals(want.toString())) {
            Files.writeString(guide, text.substring(0, a) + want + text.substring(b));
            return;
        }
        assertEquals(want.toString(), now, "docs/user-guide.md's keyboard section is not the keymap's: rerun with -Dgallop.docs.write=true");
    }
}
