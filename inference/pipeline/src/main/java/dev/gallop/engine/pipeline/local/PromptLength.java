package dev.gallop.engine.pipeline.local;

import dev.gallop.engine.models.t5gemma.GemmaTokenizer;
import dev.gallop.engine.models.text.EmbeddingTextEncoder;
import dev.gallop.engine.models.TextEncoder;
import dev.gallop.engine.pipeline.discovery.ComponentSpec;
import java.io.IOException;
import java.util.List;

/// A prompt longer than the text encoder reads is refused, not cut without a word: MagiHuman reads the first
/// [TextEncoder#MAX_TOKENS] tokens, so the rest of a longer prompt (often its dialogue and background sound, which
/// come last) would silently not count. The tokens are counted with the encoder's own tokenizer before its weights
/// load; [#MAX_CHARS] bounds the text before it is tokenized at all.
final class PromptLength {
    private PromptLength() {}

    /// No prompt of more characters is tokenized (640 tokens are rarely more than about 4000 characters).
    static final int MAX_CHARS = 20_000;

    /// Throws when `prompt` (the rendered text) has more tokens than `encoder` reads.
    static void check(String prompt, ComponentSpec encoder) throws IOException {
        int limit = TextEncoder.MAX_TOKENS;
        if (prompt.length() > MAX_CHARS) {
            throw new IllegalArgumentException("the prompt is " + prompt.length() + " characters long; at most " + MAX_CHARS
                    + " are accepted (the model reads only its first " + limit + " tokens); shorten it");
        }
        switch (encoder.kind()) {
            case "words" -> {
                List<String> words = EmbeddingTextEncoder.words(prompt);
                if (words.size() > limit) throw tooLong(words.size(), limit, "from the word '" + words.get(limit) + "' on");
            }
            case "t5gemma" -> {
                try (GemmaTokenizer t = GemmaTokenizer.open(encoder.path().resolve("tokenizer.json"))) {
                    int n = t.encode(prompt).length;
                    if (n > limit) throw tooLong(n, limit, "the last " + (n - limit) + " tokens");
                }
            }
            default -> { }   // an encoder kind registered elsewhere: checked after encoding (see rowsUsed)
        }
    }

    /// At least the rows `encoder` gives for `prompt`, found without loading anything: the words for the demo's word
    /// encoder, else the longest length any encoder reads ([TextEncoder#MAX_TOKENS]); T5Gemma's tokenizer is tens of
    /// megabytes, too much to load whenever a memory plan is made.
    static int tokens(String prompt, ComponentSpec encoder) {
        return encoder.kind().equals("words") ? Math.min(TextEncoder.MAX_TOKENS, EmbeddingTextEncoder.words(prompt).size()) : TextEncoder.MAX_TOKENS;
    }

    /// After encoding: the encoder returned `rows` feature rows; with `tokens` known to be more, text was dropped.
    static void checkRows(int rows, String prompt, String encoderKind) {
        if (encoderKind.equals("words")) {
            List<String> words = EmbeddingTextEncoder.words(prompt);
            if (words.size() > rows) throw tooLong(words.size(), rows, "from the word '" + words.get(rows) + "' on");
        }
    }

    private static IllegalArgumentException tooLong(int tokens, int limit, String dropped) {
        return new IllegalArgumentException("the prompt is " + tokens + " tokens long but the model reads at most " + limit + "; "
                + dropped + " would be ignored, so it is refused; shorten the prompt (dialogue and background sound come last)");
    }
}
