package dev.gallop.engine.pipeline.discovery;

import dev.gallop.engine.io.pickle.PickleWriter;
import dev.gallop.engine.io.pickle.TorchZipWriter;
import dev.gallop.engine.io.safetensors.SafetensorsWriter;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/// Writes a models root in the real layout with tiny stand-ins: sharded DiTs with indexes, the T5Gemma folder with
/// config and tokenizer, the Wan2.2 `.pth`, the Turbo-VAED json + `.ckpt`, and the Stable-Audio-Open pair.
final class ModelFolderFixture {
    private ModelFolderFixture() {}

    static final String[] DITS = {"base", "distill", "540p_sr", "1080p_sr"};

    static Path writeAll(Path root) throws IOException {
        for (String d : DITS) dit(root.resolve("diffusion_models/magihuman/" + d));
        textEncoder(root.resolve("text_encoders/t5gemma-9b-9b-ul2"));
        wanVae(root.resolve("vae/wan2.2/Wan2.2_VAE.pth"));
        turbo(root.resolve("vae/turbo_vaed"), true);
        sao(root.resolve("vae/stable-audio-open-1.0"));
        return root;
    }

    static float[] zeros(Shape s) { return new float[(int) s.numel()]; }

    static void dit(Path dir) throws IOException {
        Files.createDirectories(dir);
        float[] v = new float[4 * 192];
        for (int i = 0; i < v.length; i++) v[i] = i * 0.01f;
        new SafetensorsWriter().add("adapter.video_embedder.weight", v, Shape.of(4, 192), DType.BF16)
                .add("adapter.audio_embedder.weight", zeros(Shape.of(4, 64)), Shape.of(4, 64), DType.BF16)
                .write(dir.resolve("model-00001-of-00002.safetensors"));
        new SafetensorsWriter().add("final_linear_video.weight", zeros(Shape.of(192, 4)), Shape.of(192, 4), DType.F32)
                .add("block.layers.0.attention.linear_qkv.weight", zeros(Shape.of(12, 4)), Shape.of(12, 4), DType.F32)
                .write(dir.resolve("model-00002-of-00002.safetensors"));
        index(dir, Map.of("adapter.video_embedder.weight", 1, "adapter.audio_embedder.weight", 1,
                "final_linear_video.weight", 2, "block.layers.0.attention.linear_qkv.weight", 2), 2);
    }

    static void index(Path dir, Map<String, Integer> keys, int shards) throws IOException {
        StringBuilder b = new StringBuilder("{\"metadata\": {\"total_size\": 1}, \"weight_map\": {");
        String sep = "";
        for (var e : new java.util.TreeMap<>(keys).entrySet()) {
            b.append(sep).append('"').append(e.getKey()).append("\": \"").append(String.format("model-%05d-of-%05d.safetensors", e.getValue(), shards)).append('"');
            sep = ", ";
        }
        Files.writeString(dir.resolve("model.safetensors.index.json"), b.append("}}").toString());
    }

    static void textEncoder(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"t5gemma\", \"encoder\": {\"hidden_size\": 3584}}");
        Files.writeString(dir.resolve("tokenizer.json"), "{\"version\": \"1.0\", \"model\": {\"type\": \"BPE\"}}");
        new SafetensorsWriter().add("model.encoder.embed_tokens.weight", zeros(Shape.of(2, 3584)), Shape.of(2, 3584), DType.BF16)
                .add("model.encoder.norm.weight", zeros(Shape.of(3584)), Shape.of(3584), DType.BF16)
                .write(dir.resolve("model-00001-of-00001.safetensors"));
        index(dir, Map.of("model.encoder.embed_tokens.weight", 1, "model.encoder.norm.weight", 1), 1);
    }

    static void wanVae(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Map<String, Object> sd = new LinkedHashMap<>();
        sd.put("encoder.conv1.weight", new PickleWriter.Tensor("HalfStorage", "0", 160 * 12 * 27, 0,
                new long[] {160, 12, 3, 3, 3}, new long[] {324, 27, 9, 3, 1}));
        sd.put("conv1.weight", new PickleWriter.Tensor("FloatStorage", "1", 96 * 96, 0,
                new long[] {96, 96, 1, 1, 1}, new long[] {96, 1, 1, 1, 1}));
        new TorchZipWriter("Wan2.2_VAE", PickleWriter.pickle(new PickleWriter.Ordered(sd)))
                .storage("0", new byte[160 * 12 * 27 * 2]).storage("1", new byte[96 * 96 * 4]).write(file);
    }

    static void turbo(Path dir, boolean ema) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("TurboV3-Wan22-TinyShallow_7_7.json"),
                "{\"latent_channels\": 48, \"decoder_block_out_channels\": [64, 128, 256, 512], \"first_chunk_size\": 7}");
        Map<String, Object> sd = Map.of("module.decoder.conv_in.conv.weight", new PickleWriter.Tensor("FloatStorage", "0",
                4 * 48 * 27, 0, new long[] {4, 48, 3, 3, 3}, new long[] {1296, 27, 9, 3, 1}));
        Map<String, Object> top = new LinkedHashMap<>();
        top.put(ema ? "ema_state_dict" : "state_dict", sd);
        top.put("step", 340000L);
        new TorchZipWriter("checkpoint-340000", PickleWriter.pickle(top)).storage("0", new byte[4 * 48 * 27 * 4])
                .write(dir.resolve("checkpoint-340000.ckpt"));
    }

    static void sao(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("model_config.json"),
                "{\"model_type\": \"diffusion_cond\", \"sample_rate\": 44100, \"model\": {\"pretransform\": {\"type\": \"autoencoder\"}}}");
        new SafetensorsWriter().add("pretransform.model.decoder.layers.0.weight_v", new float[4], Shape.of(2, 2), DType.F32)
                .add("pretransform.model.encoder.layers.0.weight_v", new float[4], Shape.of(2, 2), DType.F32)
                .add("model.model.transformer.layers.0.weight", new float[2], Shape.of(2), DType.F32)
                .write(dir.resolve("model.safetensors"));
    }

    /// Compresses `file` to `file.zst` with LWJGL's zstd and deletes the original.
    static Path compress(Path file) throws IOException { return ZstdTestFiles.compress(file); }
}
