package dev.gallop.app.ui;

import dev.gallop.app.prompt.DialogueLineModel;
import dev.gallop.engine.pipeline.Language;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.material2.Material2AL;

/// One dialogue line in the prompt panel: speaker, language (the seven MagiHuman speaks) and the words.
final class DialogueRow extends VBox {
    DialogueRow(DialogueLineModel line, Runnable remove) {
        super(3);
        TextField speaker = new TextField();
        speaker.setPromptText("Speaker");
        speaker.setPrefColumnCount(8);
        HBox.setHgrow(speaker, Priority.ALWAYS);
        speaker.textProperty().bindBidirectional(line.speakerProperty());
        ComboBox<Language> lang = new ComboBox<>();
        lang.getItems().setAll(Language.values());
        lang.setConverter(new javafx.util.StringConverter<>() {
            @Override public String toString(Language l) { return l == null ? "" : l.label(); }
            @Override public Language fromString(String s) { return null; }
        });
        lang.valueProperty().bindBidirectional(line.languageProperty());
        lang.setPrefWidth(150);
        lang.setMinWidth(120);
        TextField words = new TextField();
        words.setPromptText("What they say");
        words.textProperty().bindBidirectional(line.textProperty());
        HBox who = new HBox(4, speaker, lang, Icons.button(Material2AL.CLOSE, "Remove this line", remove));
        who.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(who, words);
        getStyleClass().add("dialogue-row");
    }
}
