package dev.gallop.app.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.app.ui.StudioKeys.Action;
import java.util.Optional;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;

/// The keyboard conventions, and that typing in a text field never edits the timeline.
class StudioKeysTest {
    static Optional<Action> key(KeyCode k, boolean ctrl, boolean shift, boolean alt, boolean typing) {
        return StudioKeys.action(k, ctrl, shift, alt, typing);
    }

    @Test void nleAndQueueKeys() {
        assertEquals(Optional.of(Action.GENERATE), key(KeyCode.ENTER, true, false, false, false));
        assertEquals(Optional.of(Action.CANCEL), key(KeyCode.ENTER, true, false, true, false));
        assertEquals(Optional.of(Action.GENERATE_FIRST), key(KeyCode.ENTER, true, true, false, false));
        assertEquals(Optional.of(Action.PLAY_PAUSE), key(KeyCode.SPACE, false, false, false, false));
        assertEquals(Optional.of(Action.SHUTTLE_BACK), key(KeyCode.J, false, false, false, false));
        assertEquals(Optional.of(Action.STOP), key(KeyCode.K, false, false, false, false));
        assertEquals(Optional.of(Action.SHUTTLE_FORWARD), key(KeyCode.L, false, false, false, false));
        assertEquals(Optional.of(Action.FRAME_BACK), key(KeyCode.LEFT, false, false, false, false));
        assertEquals(Optional.of(Action.SECOND_FORWARD), key(KeyCode.RIGHT, false, true, false, false));
        assertEquals(Optional.of(Action.HOME), key(KeyCode.HOME, false, false, false, false));
        assertEquals(Optional.of(Action.END), key(KeyCode.END, false, false, false, false));
        assertEquals(Optional.of(Action.MARK_IN), key(KeyCode.I, false, false, false, false));
        assertEquals(Optional.of(Action.MARK_OUT), key(KeyCode.O, false, false, false, false));
        assertEquals(Optional.of(Action.CLEAR_MARKS), key(KeyCode.X, false, false, true, false));
        assertEquals(Optional.of(Action.SPLIT), key(KeyCode.S, false, false, false, false));
        assertEquals(Optional.of(Action.RIPPLE_DELETE), key(KeyCode.X, false, false, false, false));
        assertEquals(Optional.of(Action.RIPPLE_DELETE), key(KeyCode.DELETE, false, true, false, false));
        assertEquals(Optional.of(Action.LIFT), key(KeyCode.DELETE, false, false, false, false));
        assertEquals(Optional.of(Action.UNDO), key(KeyCode.Z, true, false, false, false));
        assertEquals(Optional.of(Action.REDO), key(KeyCode.Z, true, true, false, false));
        assertEquals(Optional.of(Action.REDO), key(KeyCode.Y, true, false, false, false));
        assertEquals(Optional.of(Action.ZOOM_FIT), key(KeyCode.DIGIT0, true, false, false, false));
    }

    @Test void typingKeepsPlainKeysAndTextUndoButNotGenerate() {
        for (KeyCode k : new KeyCode[] {KeyCode.SPACE, KeyCode.S, KeyCode.X, KeyCode.I, KeyCode.DELETE, KeyCode.LEFT, KeyCode.J}) {
            assertTrue(key(k, false, false, false, true).isEmpty(), k + " while typing");
        }
        assertTrue(key(KeyCode.Z, true, false, false, true).isEmpty(), "Ctrl+Z undoes the text field's typing");
        assertEquals(Optional.of(Action.GENERATE), key(KeyCode.ENTER, true, false, false, true));
        assertEquals(Optional.of(Action.CANCEL), key(KeyCode.ENTER, true, false, true, true));
    }
}
