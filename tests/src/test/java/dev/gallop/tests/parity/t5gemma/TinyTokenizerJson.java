package dev.gallop.tests.parity.t5gemma;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/// A hand-written tokenizer.json in the style of Gemma's: spaces become "▁" (no dummy prefix), a BPE model with a
/// small vocabulary and merge list, special tokens pad/eos/bos/unk = 0/1/2/3, and a post-processor that would put
/// <bos> first when special tokens are requested. Ids: "hello world" → [15, 20]; "hello hello" → [15, 4, 15].
public final class TinyTokenizerJson {
    private TinyTokenizerJson() {}

    static final int BOS = 2, HELLO = 15, SPACE = 4, WORLD = 20;
    /// The largest id in the vocabulary: an encoder needs more embedding rows than this.
    static final int MAX_ID = 20;

    static final String JSON = """
            {
              "version": "1.0",
              "truncation": null,
              "padding": null,
              "added_tokens": [
                {"id": 0, "content": "<pad>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
                {"id": 1, "content": "<eos>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
                {"id": 2, "content": "<bos>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
                {"id": 3, "content": "<unk>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true}
              ],
              "normalizer": {"type": "Replace", "pattern": {"String": " "}, "content": "\u2581"},
              "pre_tokenizer": null,
              "post_processor": {
                "type": "TemplateProcessing",
                "single": [{"SpecialToken": {"id": "<bos>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
                "pair": [{"SpecialToken": {"id": "<bos>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                         {"Sequence": {"id": "B", "type_id": 1}}],
                "special_tokens": {"<bos>": {"id": "<bos>", "ids": [2], "tokens": ["<bos>"]}}
              },
              "decoder": null,
              "model": {
                "type": "BPE", "dropout": null, "unk_token": "<unk>", "continuing_subword_prefix": null,
                "end_of_word_suffix": null, "fuse_unk": true, "byte_fallback": false,
                "vocab": {"<pad>": 0, "<eos>": 1, "<bos>": 2, "<unk>": 3, "\u2581": 4, "h": 5, "e": 6, "l": 7, "o": 8,
                          "w": 9, "r": 10, "d": 11, "he": 12, "ll": 13, "hell": 14, "hello": 15, "\u2581w": 16,
                          "or": 17, "\u2581wor": 18, "\u2581worl": 19, "\u2581world": 20},
                "merges": ["h e", "l l", "he ll", "hell o", "\u2581 w", "o r", "\u2581w or", "\u2581wor l", "\u2581worl d"]
              }
            }
            """;

    public static Path write(Path dir) throws IOException {
        Path f = dir.resolve("tokenizer.json");
        Files.writeString(f, JSON);
        return f;
    }
}
