package dev.gallop.app.ui;

import javafx.scene.control.Button;
import javafx.scene.control.Tooltip;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;

/// Small helpers for icon buttons (Ikonli Material 2 icons).
final class Icons {
    private Icons() {}

    static FontIcon icon(Ikon ikon) {
        FontIcon i = new FontIcon(ikon);
        i.setIconSize(16);
        return i;
    }

    /// A flat icon button with a tooltip naming the action and its key.
    static Button button(Ikon ikon, String tooltip, Runnable action) {
        Button b = new Button(null, icon(ikon));
        b.getStyleClass().addAll("flat", "button-icon");
        b.setTooltip(new Tooltip(tooltip));
        b.setOnAction(e -> action.run());
        b.setFocusTraversable(false);
        return b;
    }
}
