package dev.gallop.app.keys;

import java.util.Locale;
import java.util.Set;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;

/// One key with its modifiers ("Ctrl" is the platform's shortcut key).
public record KeyCombo(KeyCode code, boolean ctrl, boolean shift, boolean alt) {
    /// Chords a text field uses itself (undo, clipboard, word moves and selection): while typing they stay the field's.
    private static final Set<KeyCode> TEXT_CHORDS = Set.of(KeyCode.Z, KeyCode.Y, KeyCode.A, KeyCode.C, KeyCode.V, KeyCode.X, KeyCode.LEFT,
            KeyCode.RIGHT, KeyCode.UP, KeyCode.DOWN, KeyCode.HOME, KeyCode.END, KeyCode.BACK_SPACE, KeyCode.DELETE);

    /// Parses "Ctrl+Shift+Z", "Alt+X", "Space", "=", "\\".
    public static KeyCombo of(String s) {
        boolean c = false, sh = false, a = false;
        String[] parts = s.split("\\+(?=.)");
        for (int i = 0; i < parts.length - 1; i++) {
            switch (parts[i].toLowerCase(Locale.ROOT)) {
                case "ctrl" -> c = true;
                case "shift" -> sh = true;
                case "alt" -> a = true;
                default -> throw new IllegalArgumentException("unknown modifier " + parts[i] + " in " + s);
            }
        }
        return new KeyCombo(code(parts[parts.length - 1]), c, sh, a);
    }

    private static KeyCode code(String k) {
        return switch (k) {
            case "=" -> KeyCode.EQUALS;
            case "+" -> KeyCode.PLUS;
            case "-" -> KeyCode.MINUS;
            case "\\" -> KeyCode.BACK_SLASH;
            case "0" -> KeyCode.DIGIT0;
            case "Left" -> KeyCode.LEFT;
            case "Right" -> KeyCode.RIGHT;
            case "Up" -> KeyCode.UP;
            case "Down" -> KeyCode.DOWN;
            case "Backspace" -> KeyCode.BACK_SPACE;
            default -> {
                KeyCode c = KeyCode.getKeyCode(k);
                if (c == null) c = KeyCode.valueOf(k.toUpperCase(Locale.ROOT));
                yield c;
            }
        };
    }

    /// Whether a key press is this combo.
    public boolean matches(KeyCode k, boolean ctrlDown, boolean shiftDown, boolean altDown) {
        return k == code && ctrlDown == ctrl && shiftDown == shift && altDown == alt;
    }

    /// A combo without Ctrl or Alt: it types a character or moves the caret in a text field.
    public boolean plain() { return !ctrl && !alt; }

    /// A key that a text field uses for its own editing: typing keys and caret keys, and Ctrl chords for undo, the
    /// clipboard and word moves. Function keys are never the field's.
    public boolean textEditing() { return plain() && !code.isFunctionKey() || ctrl && TEXT_CHORDS.contains(code); }

    /// "Ctrl+Shift+Z".
    public String text() {
        StringBuilder sb = new StringBuilder();
        if (ctrl) sb.append("Ctrl+");
        if (alt) sb.append("Alt+");
        if (shift) sb.append("Shift+");
        return sb.append(switch (code) {
            case EQUALS -> "=";
            case PLUS -> "+";
            case MINUS -> "-";
            case BACK_SLASH -> "\\";
            case DIGIT0 -> "0";
            case BACK_SPACE -> "Backspace";
            case LEFT, RIGHT, UP, DOWN -> code.getName();
            default -> code.getName();
        }).toString();
    }

    /// The combination for a menu item's accelerator.
    public KeyCombination combination() {
        return new KeyCodeCombination(code, shift ? KeyCombination.ModifierValue.DOWN : KeyCombination.ModifierValue.UP,
                KeyCombination.ModifierValue.UP, alt ? KeyCombination.ModifierValue.DOWN : KeyCombination.ModifierValue.UP,
                KeyCombination.ModifierValue.UP, ctrl ? KeyCombination.ModifierValue.DOWN : KeyCombination.ModifierValue.UP);
    }

    @Override public String toString() { return text(); }
}
