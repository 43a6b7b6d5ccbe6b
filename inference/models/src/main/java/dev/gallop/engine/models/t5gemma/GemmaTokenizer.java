package dev.gallop.engine.models.t5gemma;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;

/// The Gemma tokenizer as MagiHuman uses it (docs/models/t5gemma.md#tokenizer): a Hugging Face `tokenizer.json` run
/// by the `tokenizers` library (through DJL), with **no BOS/EOS** (`add_bos_token = add_eos_token = false`), no
/// truncation and no padding: the whole prompt becomes ids; trimming to 640 rows happens after the encoder.
public final class GemmaTokenizer implements AutoCloseable {
    private static final Map<String, String> OPTIONS = Map.of(
            "addSpecialTokens", "false", "truncation", "false", "padding", "false");

    private final HuggingFaceTokenizer tokenizer;
    private final Path file;

    private GemmaTokenizer(HuggingFaceTokenizer tokenizer, Path file) {
        this.tokenizer = tokenizer;
        this.file = file;
    }

    /// Opens a `tokenizer.json` file, or the `tokenizer.json` inside a folder. Errors name the file.
    public static GemmaTokenizer open(Path path) throws IOException {
        Path file = Files.isDirectory(path) ? path.resolve("tokenizer.json") : path;
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "tokenizer.json not found (the Gemma tokenizer of the text encoder)");
        }
        JsonNode j;
        try {
            j = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not a valid tokenizer.json (JSON parse error: " + e.getMessage() + ")", e);
        }
        if (j == null || !j.isObject() || !j.has("model") || !j.get("model").isObject()) {
            throw new IOException(file + ": not a Hugging Face tokenizer.json (no 'model' object)");
        }
        try {
            return new GemmaTokenizer(HuggingFaceTokenizer.newInstance(file, OPTIONS), file);
        } catch (IOException | RuntimeException e) {
            throw new IOException(file + ": the tokenizers library cannot load it: " + e.getMessage(), e);
        }
    }

    public Path file() { return file; }

    /// Token ids of `text`, without BOS/EOS and without truncation.
    public int[] encode(String text) {
        if (text == null) throw new IllegalArgumentException("prompt must not be null");
        Encoding enc = tokenizer.encode(text, false, false);
        long[] ids = enc.getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] > Integer.MAX_VALUE) throw new IllegalStateException(file + ": token id " + ids[i] + " out of range");
            out[i] = (int) ids[i];
        }
        return out;
    }

    @Override public void close() { tokenizer.close(); }
}
