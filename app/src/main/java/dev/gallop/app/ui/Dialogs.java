package dev.gallop.app.ui;

import javafx.scene.control.Alert;
import javafx.stage.Window;

/// Message boxes.
final class Dialogs {
    private Dialogs() {}

    static void error(Window owner, String title, String message) {
        Alert a = new Alert(Alert.AlertType.ERROR, message);
        a.initOwner(owner);
        a.setHeaderText(title);
        a.getDialogPane().setId("error-dialog");
        a.getDialogPane().setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        a.show();
    }
}
