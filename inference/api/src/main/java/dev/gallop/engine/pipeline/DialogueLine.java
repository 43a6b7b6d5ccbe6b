package dev.gallop.engine.pipeline;

/// One utterance: who speaks (a short description or a name), in which language, and the words.
public record DialogueLine(String speaker, Language language, String text) {
    public DialogueLine {
        if (speaker == null || speaker.isBlank()) throw new IllegalArgumentException("a dialogue line needs a speaker");
        if (language == null) throw new IllegalArgumentException("dialogue line of '" + speaker + "' needs a language");
        if (text == null || text.isBlank()) throw new IllegalArgumentException("dialogue line of '" + speaker + "' is empty");
    }
}
