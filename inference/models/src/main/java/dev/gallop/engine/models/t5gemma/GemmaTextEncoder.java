package dev.gallop.engine.models.t5gemma;

import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.io.Checkpoints;
import dev.gallop.engine.io.safetensors.Checkpoint;
import dev.gallop.engine.models.TextEncoder;
import dev.gallop.engine.nn.WeightPolicy;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.runtime.Trace;
import dev.gallop.engine.tensor.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/// MagiHuman's text encoder: Gemma tokenizer (no BOS/EOS) → T5Gemma encoder over the whole prompt →
/// fp16 round trip → the first min(L, 640) rows, [L, 3584] for the real model.
///
/// Folder layout (as the Hugging Face repository `google/t5gemma-9b-9b-ul2`): `config.json`, `tokenizer.json`,
/// and the safetensors checkpoint (one file, or shards with `model.safetensors.index.json`). Only the encoder's
/// tensors are read; the decoder's are ignored.
public final class GemmaTextEncoder implements TextEncoder, AutoCloseable {
    private final GemmaTokenizer tokenizer;
    private final Checkpoint checkpoint;
    private final T5GemmaEncoder encoder;
    private final T5GemmaOptions options;

    private GemmaTextEncoder(GemmaTokenizer tokenizer, Checkpoint checkpoint, T5GemmaEncoder encoder, T5GemmaOptions options) {
        this.tokenizer = tokenizer;
        this.checkpoint = checkpoint;
        this.encoder = encoder;
        this.options = options;
    }

    /// Opens a model folder. Weights stay memory-mapped as stored (bf16 for the release) in an f32 run, and are
    /// rounded to bf16 in a bf16 run.
    public static GemmaTextEncoder open(Path folder, Device device, T5GemmaOptions options) throws IOException {
        return open(folder, device, options, null);
    }

    /// As [#open(Path, Device, T5GemmaOptions)] with the projections' weights stored as `gemmWeights` says (null: as
    /// the options say), e.g. [WeightPolicy#FP8_PER_CHANNEL] to fit a smaller card; the embedding stays in place.
    public static GemmaTextEncoder open(Path folder, Device device, T5GemmaOptions options, WeightPolicy gemmWeights) throws IOException {
        Path config = folder.resolve("config.json");
        if (!Files.isRegularFile(config)) throw new NoSuchFileException(config.toString(), null, "T5Gemma config.json not found");
        T5GemmaConfig cfg = T5GemmaConfig.fromJson(config);
        GemmaTokenizer tok = GemmaTokenizer.open(folder.resolve("tokenizer.json"));
        Checkpoint ckpt = null;
        try {
            ckpt = Checkpoints.open(folder);
            Weights root = Weights.open(ckpt, device, gemmWeights != null ? gemmWeights : options.bf16() ? WeightPolicy.BF16 : WeightPolicy.KEEP);
            Weights scope = T5GemmaEncoder.encoderScope(root);
            T5GemmaEncoder enc = new T5GemmaEncoder(cfg, scope, device);
            scope.requireAllConsumed();
            return new GemmaTextEncoder(tok, ckpt, enc, options);
        } catch (IOException | RuntimeException e) {
            tok.close();
            if (ckpt != null) ckpt.close();
            throw e;
        }
    }

    /// From parts already open (tests, shared checkpoints); closing this encoder closes the tokenizer only.
    public static GemmaTextEncoder of(GemmaTokenizer tokenizer, T5GemmaEncoder encoder, T5GemmaOptions options) {
        return new GemmaTextEncoder(tokenizer, null, encoder, options);
    }

    public T5GemmaEncoder encoder() { return encoder; }

    public GemmaTokenizer tokenizer() { return tokenizer; }

    public T5GemmaOptions options() { return options; }

    /// Features [min(L, 640), H] of the whole prompt (encoded in full, then trimmed).
    @Override public Device device() { return encoder.device(); }

    @Override public Tensor encode(String prompt) {
        float[] f = encodeHost(prompt);
        return Tensor.fromFloats(device(), Shape.of(f.length / channels(), channels()), f);
    }

    /// [#encode] as a host array.
    public float[] encodeHost(String prompt) {
        int[] ids = tokenizer.encode(prompt);
        if (ids.length == 0) throw new IllegalArgumentException("the prompt \"" + prompt + "\" gives no tokens to encode");
        return MagiTextFeatures.trimmed(encoder.encode(ids, options, Trace.NONE), channels());
    }

    @Override public int channels() { return encoder.config().hidden(); }

    @Override public void close() {
        tokenizer.close();
        if (checkpoint != null) checkpoint.close();
    }
}
