package dev.gallop.app.keys;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javafx.scene.input.KeyCode;

/// The one table of keys: it drives the keyboard, the menus' key hints, the F1 sheet and the user guide's list. Three
/// presets: Gallop's own (Shotcut and LTX Desktop habits), and the keys Premiere Pro and DaVinci Resolve users know.
/// The queue keys (ComfyUI's Ctrl+Enter family), take keys and project keys are the same in all three.
public record Keymap(String id, String name, Map<Action, List<KeyCombo>> keys) {
    public Keymap {
        Map<Action, List<KeyCombo>> m = new EnumMap<>(Action.class);
        keys.forEach((a, l) -> m.put(a, List.copyOf(l)));
        keys = java.util.Collections.unmodifiableMap(m);
        // no key may mean two things
        Map<KeyCombo, Action> seen = new java.util.HashMap<>();
        for (var e : keys.entrySet()) {
            for (KeyCombo k : e.getValue()) {
                Action was = seen.put(k, e.getKey());
                if (was != null) throw new IllegalArgumentException(name + ": " + k + " is bound to both " + was + " and " + e.getKey());
            }
        }
    }

    /// The keys every preset shares.
    private static final Map<Action, String> COMMON = Map.ofEntries(
            Map.entry(Action.GENERATE, "Ctrl+Enter"), Map.entry(Action.GENERATE_FIRST, "Ctrl+Shift+Enter"), Map.entry(Action.CANCEL, "Ctrl+Alt+Enter"),
            Map.entry(Action.RETAKE, "Ctrl+R"), Map.entry(Action.PREVIOUS_TAKE, "Ctrl+Shift+Left"), Map.entry(Action.NEXT_TAKE, "Ctrl+Shift+Right"),
            Map.entry(Action.APPROVE, "A"),
            Map.entry(Action.PLAY_PAUSE, "Space"), Map.entry(Action.SHUTTLE_BACK, "J"), Map.entry(Action.STOP, "K"), Map.entry(Action.SHUTTLE_FORWARD, "L"),
            Map.entry(Action.FRAME_BACK, "Left"), Map.entry(Action.FRAME_FORWARD, "Right"), Map.entry(Action.SECOND_BACK, "Shift+Left"),
            Map.entry(Action.SECOND_FORWARD, "Shift+Right"), Map.entry(Action.PREVIOUS_EDIT, "Up"), Map.entry(Action.NEXT_EDIT, "Down"),
            Map.entry(Action.HOME, "Home"), Map.entry(Action.END, "End"), Map.entry(Action.MARK_IN, "I"), Map.entry(Action.MARK_OUT, "O"),
            Map.entry(Action.NEW_PROJECT, "Ctrl+N"), Map.entry(Action.OPEN, "Ctrl+O"), Map.entry(Action.SAVE, "Ctrl+S"), Map.entry(Action.SAVE_AS, "Ctrl+Shift+S"),
            Map.entry(Action.QUIT, "Ctrl+Q"), Map.entry(Action.SHORTCUTS, "F1"), Map.entry(Action.GUIDE, "Shift+F1"));

    public static final Keymap GALLOP = build("gallop", "Gallop (Shotcut-style)", Map.ofEntries(
            Map.entry(Action.SPLIT, "S"), Map.entry(Action.RIPPLE_DELETE, "X, Shift+Delete"), Map.entry(Action.LIFT, "Delete, Backspace, Z"),
            Map.entry(Action.ZOOM_IN, "=, Shift+=, +, Add"), Map.entry(Action.ZOOM_OUT, "-, Subtract"), Map.entry(Action.ZOOM_FIT, "Ctrl+0"),
            Map.entry(Action.CLEAR_MARKS, "Alt+X"), Map.entry(Action.GO_TO_IN, "Shift+I"), Map.entry(Action.GO_TO_OUT, "Shift+O"),
            Map.entry(Action.ADD_MARKER, "M"), Map.entry(Action.PREVIOUS_MARKER, "Alt+Left"), Map.entry(Action.NEXT_MARKER, "Alt+Right"),
            Map.entry(Action.LINK, "Ctrl+L"), Map.entry(Action.UNDO, "Ctrl+Z"), Map.entry(Action.REDO, "Ctrl+Shift+Z, Ctrl+Y"),
            Map.entry(Action.EXPORT, "Ctrl+E")));

    public static final Keymap PREMIERE = build("premiere", "Premiere Pro", Map.ofEntries(
            Map.entry(Action.SPLIT, "Ctrl+K"), Map.entry(Action.RIPPLE_DELETE, "Shift+Delete"), Map.entry(Action.LIFT, "Delete, Backspace"),
            Map.entry(Action.ZOOM_IN, "="), Map.entry(Action.ZOOM_OUT, "-"), Map.entry(Action.ZOOM_FIT, "\\"),
            Map.entry(Action.CLEAR_MARKS, "Ctrl+Shift+X"), Map.entry(Action.GO_TO_IN, "Shift+I"), Map.entry(Action.GO_TO_OUT, "Shift+O"),
            Map.entry(Action.ADD_MARKER, "M"), Map.entry(Action.PREVIOUS_MARKER, "Ctrl+Shift+M"), Map.entry(Action.NEXT_MARKER, "Shift+M"),
            Map.entry(Action.LINK, "Ctrl+L"), Map.entry(Action.UNDO, "Ctrl+Z"), Map.entry(Action.REDO, "Ctrl+Shift+Z"),
            Map.entry(Action.EXPORT, "Ctrl+M")));

    public static final Keymap RESOLVE = build("resolve", "DaVinci Resolve", Map.ofEntries(
            Map.entry(Action.SPLIT, "Ctrl+B, Ctrl+\\"), Map.entry(Action.RIPPLE_DELETE, "Delete, Shift+Backspace"), Map.entry(Action.LIFT, "Backspace"),
            Map.entry(Action.ZOOM_IN, "Ctrl+="), Map.entry(Action.ZOOM_OUT, "Ctrl+-"), Map.entry(Action.ZOOM_FIT, "Shift+Z"),
            Map.entry(Action.CLEAR_MARKS, "Alt+X"), Map.entry(Action.GO_TO_IN, "Shift+I"), Map.entry(Action.GO_TO_OUT, "Shift+O"),
            Map.entry(Action.ADD_MARKER, "M"), Map.entry(Action.PREVIOUS_MARKER, "Shift+Up"), Map.entry(Action.NEXT_MARKER, "Shift+Down"),
            Map.entry(Action.LINK, "Ctrl+Alt+L"), Map.entry(Action.UNDO, "Ctrl+Z"), Map.entry(Action.REDO, "Ctrl+Shift+Z"),
            Map.entry(Action.EXPORT, "Ctrl+E")));

    public static final List<Keymap> PRESETS = List.of(GALLOP, PREMIERE, RESOLVE);

    private static Keymap build(String id, String name, Map<Action, String> own) {
        Map<Action, List<KeyCombo>> m = new EnumMap<>(Action.class);
        for (var e : COMMON.entrySet()) m.put(e.getKey(), parse(e.getValue()));
        for (var e : own.entrySet()) m.put(e.getKey(), parse(e.getValue()));
        for (Action a : Action.values()) if (!m.containsKey(a)) throw new IllegalStateException(name + " has no key for " + a);
        return new Keymap(id, name, m);
    }

    private static List<KeyCombo> parse(String list) {
        List<KeyCombo> out = new ArrayList<>();
        for (String k : list.split(",\\s*")) out.add(KeyCombo.of(k.strip()));
        return out;
    }

    /// The preset with this id; the Gallop keys when it is not known.
    public static Keymap byId(String id) {
        return PRESETS.stream().filter(k -> k.id().equals(id == null ? "" : id.toLowerCase(Locale.ROOT))).findFirst().orElse(GALLOP);
    }

    /// The action for a key press. While a text field has the focus (`typing`), keys the field uses itself (plain keys,
    /// Ctrl+Z, clipboard and caret chords) stay the field's, except the queue keys.
    public Optional<Action> action(KeyCode k, boolean ctrl, boolean shift, boolean alt, boolean typing) {
        for (var e : keys.entrySet()) {
            for (KeyCombo c : e.getValue()) {
                if (!c.matches(k, ctrl, shift, alt)) continue;
                if (typing && c.textEditing() && !e.getKey().whileTyping()) return Optional.empty();
                return Optional.of(e.getKey());
            }
        }
        return Optional.empty();
    }

    /// The first key of an action (what a menu item shows).
    public Optional<KeyCombo> first(Action a) { return keys.getOrDefault(a, List.of()).stream().findFirst(); }

    /// "X, Shift+Delete".
    public String text(Action a) { return String.join(", ", keys.getOrDefault(a, List.of()).stream().map(KeyCombo::text).toList()); }

    /// The list as a Markdown table per group (for the user guide).
    public String markdown() {
        StringBuilder sb = new StringBuilder();
        for (Action.Group g : Action.Group.values()) {
            sb.append("\n**").append(g.title()).append("**\n\n| Keys | Action |\n|---|---|\n");
            for (Action a : Action.values()) {
                if (a.group() != g) continue;
                sb.append("| ").append(text(a).replace("\\", "\\\\").replace("|", "\\|")).append(" | ").append(a.description()).append(" |\n");
            }
        }
        return sb.toString();
    }
}
