package dev.gallop.app.prompt;

import dev.gallop.engine.pipeline.DialogueLine;
import dev.gallop.engine.pipeline.Language;
import javafx.beans.Observable;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/// One editable dialogue line of the prompt panel: speaker, language, words.
public final class DialogueLineModel {
    private final StringProperty speaker = new SimpleStringProperty("");
    private final ObjectProperty<Language> language = new SimpleObjectProperty<>(Language.ENGLISH);
    private final StringProperty text = new SimpleStringProperty("");

    public DialogueLineModel() {}

    public DialogueLineModel(String speaker, Language language, String text) {
        this.speaker.set(speaker);
        this.language.set(language);
        this.text.set(text);
    }

    public StringProperty speakerProperty() { return speaker; }
    public ObjectProperty<Language> languageProperty() { return language; }
    public StringProperty textProperty() { return text; }

    /// The properties a list extractor watches, so edits inside a line update the rendered prompt.
    public Observable[] observables() { return new Observable[] {speaker, language, text}; }

    /// True when the user has not typed anything into the line yet (such lines are left out of the prompt).
    public boolean isBlank() { return speaker.get().isBlank() && text.get().isBlank(); }

    /// The engine's line; a half-filled line throws naming what is missing.
    public DialogueLine toLine(int number) {
        if (speaker.get().isBlank()) throw new IllegalArgumentException("dialogue line " + number + " needs a speaker");
        if (text.get().isBlank()) throw new IllegalArgumentException("dialogue line " + number + " (" + speaker.get().strip() + ") has no words");
        return new DialogueLine(speaker.get().strip(), language.get(), text.get().strip());
    }
}
