package dev.gallop.app.ui;

import dev.gallop.app.StudioViewModel;
import dev.gallop.app.timeline.TimelineViewModel;
import java.util.Optional;
import javafx.scene.Scene;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;

/// The studio's keyboard conventions (docs/user-guide.md lists them): ComfyUI's Ctrl+Enter / Ctrl+Alt+Enter for
/// the queue and the NLE keys shared by Shotcut, Premiere and Resolve for the timeline. Plain keys are ignored while
/// a text field has the focus, so typing a prompt never edits the timeline.
public final class StudioKeys {
    public enum Action {
        GENERATE, GENERATE_FIRST, CANCEL, PLAY_PAUSE, SHUTTLE_BACK, STOP, SHUTTLE_FORWARD, FRAME_BACK, FRAME_FORWARD, SECOND_BACK, SECOND_FORWARD,
        HOME, END, MARK_IN, MARK_OUT, CLEAR_MARKS, UNDO, REDO, SPLIT, RIPPLE_DELETE, LIFT, ZOOM_IN, ZOOM_OUT, ZOOM_FIT
    }

    private StudioKeys() {}

    /// The action for a key press, if any. `typing` is true while a text field has the focus.
    public static Optional<Action> action(KeyCode k, boolean shortcut, boolean shift, boolean alt, boolean typing) {
        if (shortcut) {
            return Optional.ofNullable(switch (k) {
                case ENTER -> alt ? Action.CANCEL : shift ? Action.GENERATE_FIRST : Action.GENERATE;
                case Z -> typing ? null : shift ? Action.REDO : Action.UNDO;
                case Y -> typing ? null : Action.REDO;
                case DIGIT0 -> typing ? null : Action.ZOOM_FIT;
                default -> null;
            });
        }
        if (typing) return Optional.empty();
        if (alt) return k == KeyCode.X ? Optional.of(Action.CLEAR_MARKS) : Optional.empty();
        return Optional.ofNullable(switch (k) {
            case SPACE -> Action.PLAY_PAUSE;
            case J -> Action.SHUTTLE_BACK;
            case K -> Action.STOP;
            case L -> Action.SHUTTLE_FORWARD;
            case LEFT -> shift ? Action.SECOND_BACK : Action.FRAME_BACK;
            case RIGHT -> shift ? Action.SECOND_FORWARD : Action.FRAME_FORWARD;
            case HOME -> Action.HOME;
            case END -> Action.END;
            case I -> Action.MARK_IN;
            case O -> Action.MARK_OUT;
            case S -> Action.SPLIT;
            case X -> Action.RIPPLE_DELETE;
            case DELETE, BACK_SPACE -> shift ? Action.RIPPLE_DELETE : Action.LIFT;
            case Z -> Action.LIFT;
            case PLUS, EQUALS, ADD -> Action.ZOOM_IN;
            case MINUS, SUBTRACT -> Action.ZOOM_OUT;
            default -> null;
        });
    }

    /// Installs the keys on the scene (as an event filter, so they work wherever the focus is).
    public static void install(Scene scene, StudioViewModel vm, TimelinePane pane) {
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> {
            boolean typing = scene.getFocusOwner() instanceof TextInputControl;
            action(e.getCode(), e.isShortcutDown(), e.isShiftDown(), e.isAltDown(), typing).ifPresent(a -> {
                run(a, vm, pane);
                e.consume();
            });
        });
    }

    static void run(Action a, StudioViewModel vm, TimelinePane pane) {
        TimelineViewModel t = vm.timeline();
        switch (a) {
            case GENERATE -> vm.generate();
            case GENERATE_FIRST -> vm.generateFirst();
            case CANCEL -> vm.cancel();
            case PLAY_PAUSE -> t.togglePlay();
            case SHUTTLE_BACK -> t.shuttleBack();
            case STOP -> t.stop();
            case SHUTTLE_FORWARD -> t.shuttleForward();
            case FRAME_BACK -> t.step(-1);
            case FRAME_FORWARD -> t.step(1);
            case SECOND_BACK -> t.stepSeconds(-1);
            case SECOND_FORWARD -> t.stepSeconds(1);
            case HOME -> t.home();
            case END -> t.toEnd();
            case MARK_IN -> t.markIn();
            case MARK_OUT -> t.markOut();
            case CLEAR_MARKS -> t.clearMarks();
            case UNDO -> t.undo();
            case REDO -> t.redo();
            case SPLIT -> t.splitAtPlayhead();
            case RIPPLE_DELETE -> t.rippleDelete();
            case LIFT -> t.lift();
            case ZOOM_IN -> t.zoomIn();
            case ZOOM_OUT -> t.zoomOut();
            case ZOOM_FIT -> t.zoomToFit(pane.canvas().getWidth() - TimelineGeometry.HEADER);
        }
    }
}
