package dev.gallop.engine.pipeline;

import java.util.List;

/// MagiHuman's "enhanced prompt" (docs/models/magihuman.md#prompt): a main body, a `Dialogue:` section with one line
/// per utterance and a `Background Sound:` section. [#render()] writes the exact text the text encoder sees.
public record StructuredPrompt(String body, List<DialogueLine> dialogue, String backgroundSound) {

    public StructuredPrompt {
        body = body == null ? "" : body.strip();
        dialogue = dialogue == null ? List.of() : List.copyOf(dialogue);
        backgroundSound = backgroundSound == null ? "" : backgroundSound.strip();
        if (body.isEmpty()) throw new IllegalArgumentException("the prompt's main body is empty");
    }

    public static StructuredPrompt of(String body) { return new StructuredPrompt(body, List.of(), ""); }

    /// The prompt text: body, then the dialogue lines, then the background sound; CJK lines spaced per character.
    public String render() {
        StringBuilder sb = new StringBuilder(body);
        if (!dialogue.isEmpty()) {
            sb.append("\n\nDialogue:");
            for (DialogueLine d : dialogue) {
                String text = d.language().spacesCjk() ? spaceCjk(d.text()) : d.text();
                sb.append("\n<").append(d.speaker().strip()).append(", ").append(d.language().label()).append(">: \"")
                  .append(text.strip()).append('"');
            }
        }
        sb.append("\n\nBackground Sound:\n<").append(backgroundSound.isEmpty() ? "No prominent background sound" : backgroundSound).append('>');
        return sb.toString();
    }

    /// Inserts one space between consecutive CJK characters ("你好" → "你 好"), leaving other text alone.
    public static String spaceCjk(String s) {
        StringBuilder out = new StringBuilder();
        int prev = -1;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            if (prev >= 0 && isCjk(prev) && isCjk(cp)) out.append(' ');
            out.appendCodePoint(cp);
            prev = cp;
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    static boolean isCjk(int cp) {
        Character.UnicodeScript sc = Character.UnicodeScript.of(cp);
        return sc == Character.UnicodeScript.HAN || sc == Character.UnicodeScript.HIRAGANA
                || sc == Character.UnicodeScript.KATAKANA || sc == Character.UnicodeScript.HANGUL;
    }
}
