package dev.gallop.engine.models.text;

import dev.gallop.engine.backend.Backends;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.io.safetensors.SafetensorsFile;
import dev.gallop.engine.models.TextEncoder;
import dev.gallop.engine.tensor.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/// A small word-level text encoder for Gallop's own models: lower-cased words are looked up in `vocab.txt`
/// (one token per line; line 0 is the unknown-word token) and each becomes the sum of its row of
/// `embedding.weight` [V, C] and, when present, the row of `position.weight` [P, C] for its position
/// (the DiT itself does not rotate base-model text tokens, so order must be in the features).
///
/// Folder layout: `vocab.txt`, `text_encoder.safetensors`.
public final class EmbeddingTextEncoder implements TextEncoder {
    private final Map<String, Integer> vocab;
    private final float[] embedding;   // [V, C]
    private final float[] position;    // [P, C] or null
    private final int channels, positions;

    private EmbeddingTextEncoder(Map<String, Integer> vocab, float[] embedding, float[] position, int channels, int positions) {
        this.vocab = vocab;
        this.embedding = embedding;
        this.position = position;
        this.channels = channels;
        this.positions = positions;
    }

    public static EmbeddingTextEncoder load(Path folder) throws IOException {
        Path vocabFile = folder.resolve("vocab.txt"), weights = folder.resolve("text_encoder.safetensors");
        if (!Files.exists(vocabFile)) throw new IOException("text encoder " + folder + ": missing vocab.txt");
        if (!Files.exists(weights)) throw new IOException("text encoder " + folder + ": missing text_encoder.safetensors");
        List<String> words = Files.readAllLines(vocabFile);
        Map<String, Integer> vocab = new HashMap<>();
        for (int i = 0; i < words.size(); i++) vocab.putIfAbsent(words.get(i).strip(), i);
        try (SafetensorsFile f = SafetensorsFile.open(weights)) {
            if (!f.contains("embedding.weight")) throw new IOException(weights + ": missing tensor 'embedding.weight'");
            int[] shape = f.info("embedding.weight").shape().dims();
            if (shape.length != 2 || shape[0] != words.size()) {
                throw new IOException(weights + ": 'embedding.weight' is " + java.util.Arrays.toString(shape) + " but vocab.txt has "
                        + words.size() + " tokens");
            }
            float[] pos = null;
            int p = 0;
            if (f.contains("position.weight")) {
                int[] ps = f.info("position.weight").shape().dims();
                if (ps.length != 2 || ps[1] != shape[1]) {
                    throw new IOException(weights + ": 'position.weight' is " + java.util.Arrays.toString(ps) + ", expected [P, " + shape[1] + "]");
                }
                pos = f.finiteFloats("position.weight");
                p = ps[0];
            }
            return new EmbeddingTextEncoder(vocab, f.finiteFloats("embedding.weight"), pos, shape[1], p);
        }
    }

    /// Lower-cased runs of letters and digits.
    public static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (Character.isLetterOrDigit(cp)) {
                w.appendCodePoint(Character.toLowerCase(cp));
            } else if (!w.isEmpty()) {
                out.add(w.toString().toLowerCase(Locale.ROOT));
                w.setLength(0);
            }
            i += Character.charCount(cp);
        }
        if (!w.isEmpty()) out.add(w.toString());
        return out;
    }

    @Override public Device device() { return Backends.device("cpu"); }

    @Override public Tensor encode(String prompt) {
        float[] f = encodeHost(prompt);
        return Tensor.fromFloats(device(), Shape.of(f.length / channels(), channels()), f);
    }

    /// [#encode] as a host array.
    public float[] encodeHost(String prompt) {
        List<String> ws = words(prompt);
        if (ws.isEmpty()) throw new IllegalArgumentException("the prompt has no words to encode");
        int l = Math.min(ws.size(), MAX_TOKENS);
        if (position != null) l = Math.min(l, positions);
        float[] out = new float[l * channels];
        for (int t = 0; t < l; t++) {
            int id = vocab.getOrDefault(ws.get(t), 0);
            System.arraycopy(embedding, id * channels, out, t * channels, channels);
            if (position != null) for (int c = 0; c < channels; c++) out[t * channels + c] += position[t * channels + c];
        }
        return out;
    }

    @Override public int channels() { return channels; }
}
