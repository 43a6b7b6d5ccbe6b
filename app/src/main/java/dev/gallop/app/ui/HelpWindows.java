package dev.gallop.app.ui;

import dev.gallop.app.StudioViewModel;
import dev.gallop.app.keys.Action;
import dev.gallop.app.keys.Keymap;
import javafx.geometry.Insets;
import javafx.scene.Scene;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;

/// Help ▸ Keyboard shortcuts (the F1 sheet, made from the keymap in use, with the preset picker), Help ▸ User guide
/// (the guide shipped with the app, in a window) and Help ▸ About.
final class HelpWindows {
    private HelpWindows() {}

    /// The F1 sheet: every action and its keys in the present keymap; picking another preset switches the keys.
    static Dialog<ButtonType> shortcuts(Stage owner, StudioViewModel vm) {
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(owner);
        d.initModality(Modality.NONE);
        d.setTitle("Keyboard shortcuts");
        d.getDialogPane().setId("shortcuts-dialog");
        d.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        ComboBox<Keymap> preset = new ComboBox<>();
        preset.setId("shortcuts-preset");
        preset.getItems().setAll(Keymap.PRESETS);
        preset.setConverter(new javafx.util.StringConverter<>() {
            @Override public String toString(Keymap k) { return k == null ? "" : k.name(); }
            @Override public Keymap fromString(String s) { return null; }
        });
        preset.setValue(vm.keymap());
        preset.valueProperty().addListener((o, a, b) -> { if (b != null && b != vm.keymap()) vm.setKeymap(b); });
        GridPane grid = new GridPane(18, 3);
        grid.setId("shortcuts-grid");
        ColumnConstraints keys = new ColumnConstraints();
        keys.setMinWidth(Region.USE_PREF_SIZE);
        grid.getColumnConstraints().addAll(keys, new ColumnConstraints());
        Runnable fill = () -> {
            grid.getChildren().clear();
            int row = 0;
            for (Action.Group g : Action.Group.values()) {
                Label title = PromptPanel.title(g.title());
                GridPane.setColumnSpan(title, 2);
                grid.add(title, 0, row++);
                for (Action a : Action.values()) {
                    if (a.group() != g) continue;
                    Label k = new Label(vm.keymap().text(a));
                    k.getStyleClass().add("key-text");
                    k.setMinWidth(Region.USE_PREF_SIZE);
                    Label what = new Label(a.description());
                    what.setWrapText(true);
                    what.setMinHeight(Region.USE_PREF_SIZE);
                    grid.addRow(row++, k, what);
                }
            }
        };
        fill.run();
        vm.keymapProperty().addListener((o, a, b) -> {
            fill.run();
            preset.setValue(b);
        });
        ScrollPane scroll = new ScrollPane(grid);
        scroll.setFitToWidth(true);
        scroll.setPrefViewportHeight(460);
        scroll.setPrefViewportWidth(560);
        Label note = new Label("Plain keys act on the timeline only while no text field has the focus; Ctrl+Enter, Ctrl+Shift+Enter and "
                + "Ctrl+Alt+Enter work everywhere.");
        note.setWrapText(true);
        note.setMinHeight(Region.USE_PREF_SIZE);
        note.getStyleClass().add("text-muted");
        Label presetLabel = new Label("Keys of");
        presetLabel.setMinWidth(Region.USE_PREF_SIZE);
        HBox top = new HBox(8, presetLabel, preset);
        top.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        VBox box = new VBox(10, top, scroll, note);
        box.setPadding(new Insets(4));
        box.setPrefWidth(600);
        d.getDialogPane().setContent(box);
        style(d, owner);
        d.show();
        return d;
    }

    /// The user guide in its own window.
    static Stage guide(Stage owner) {
        Stage st = new Stage();
        st.initOwner(owner);
        st.setTitle("Gallop studio — user guide");
        GuideView view = new GuideView();
        view.setId("guide-view");
        Scene scene = new Scene(view, 860, 680);
        scene.getStylesheets().addAll(owner.getScene().getStylesheets());
        st.setScene(scene);
        st.show();
        return st;
    }

    /// Help ▸ About: the version and what this studio is running on.
    static Dialog<ButtonType> about(Stage owner, StudioViewModel vm) {
        Dialog<ButtonType> d = new Dialog<>();
        d.initOwner(owner);
        d.setTitle("About Gallop");
        d.getDialogPane().setId("about-dialog");
        d.getDialogPane().getButtonTypes().add(ButtonType.OK);
        Label name = new Label("Gallop studio " + StudioViewModel.version());
        name.getStyleClass().add("title-3");
        VBox box = new VBox(6, name);
        for (String line : vm.aboutLines()) {
            Label l = new Label(line);
            l.setWrapText(true);
            l.setMinHeight(Region.USE_PREF_SIZE);
            box.getChildren().add(l);
        }
        box.setPrefWidth(560);
        d.getDialogPane().setContent(box);
        style(d, owner);
        d.show();
        return d;
    }

    private static void style(Dialog<?> d, Stage owner) {
        d.getDialogPane().getStylesheets().addAll(owner.getScene().getStylesheets());
        d.setResizable(true);
    }
}
