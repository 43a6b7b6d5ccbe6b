package dev.gallop.engine.pipeline.local;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.io.json.BoundedJson;
import dev.gallop.engine.models.TextEncoder;
import dev.gallop.engine.models.magihuman.MagiHumanConfig;
import dev.gallop.engine.models.t5gemma.T5GemmaConfig;
import dev.gallop.engine.models.vae.TurboVaed;
import dev.gallop.engine.models.vae.TurboVaedConfig;
import dev.gallop.engine.nn.WeightPolicy;
import dev.gallop.engine.pipeline.discovery.ComponentSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/// Bytes each part of a generation holds on its device, from the configs and file headers alone. The DiT's terms are
/// exact: its weights are the config's tensors in the chosen format, and its activations are the slots its workspace
/// allocates once per forward (`MagiHumanDit`, `DitLayer`), for the request's token count. The text encoder's and
/// the decoders' activations are estimates from their widths and the clip's size (docs/memory.md).
final class MemoryEstimates {
    private MemoryEstimates() {}

    /// Latent-sized f32 tensors a sampler holds besides the DiT's own buffers (state, x₀, noise, previews, history).
    static final int SAMPLER_COPIES_DISTILL = 6, SAMPLER_COPIES_UNIPC = 10;

    // ---- DiT ---------------------------------------------------------------------------------------------------

    /// GEMM weights: the projections of every layer (per expert), the adapter's three inputs and the two heads.
    /// `paddedDown` is the down projection's stored width (the device's GEMM width of the MLP's inner size).
    static long ditGemmParams(MagiHumanConfig c, java.util.function.IntUnaryOperator paddedDown) {
        long d = c.hidden(), p = d * c.videoInChannels() + d * c.textChannels() + d * c.audioChannels()
                + (long) c.videoInChannels() * d + (long) c.audioChannels() * d;
        for (int l = 0; l < c.layers(); l++) {
            p += c.experts(l) * ((long) c.qkvWidth() * d + d * d + (long) c.mlpUpWidth(l) * d
                    + d * paddedDown.applyAsInt(c.mlpIntermediate(l)));
        }
        return p;
    }

    /// GEMM output rows (one fp8 scale each).
    static long ditGemmRows(MagiHumanConfig c) {
        long d = c.hidden(), rows = 3 * d + c.videoInChannels() + c.audioChannels();
        for (int l = 0; l < c.layers(); l++) rows += c.experts(l) * ((long) c.qkvWidth() + d + c.mlpUpWidth(l) + d);
        return rows;
    }

    /// The DiT's weights on `device` in `policy` (null or KEEP: as stored, `storedBytes` from the files).
    static long ditWeights(MagiHumanConfig c, WeightPolicy policy, Device device, long storedBytes) {
        long gemm = ditGemmParams(c, device::gemmWidth), vectors = c.parameterCount() - ditGemmParams(c, k -> k);
        return switch (policy == null ? WeightPolicy.KEEP : policy) {
            case KEEP -> storedBytes + (gemm - ditGemmParams(c, k -> k)) * 2;
            case BF16 -> gemm * 2 + vectors * 4;
            case F32 -> (gemm + vectors) * 4;
            case FP8_PER_CHANNEL -> gemm + ditGemmRows(c) * 4 + vectors * 4;
        };
    }

    /// The device bytes of layer `l`'s GEMM weights at `bytesPerWeight` (what streaming it saves, and what a slot for
    /// it holds).
    static long layerGemmBytes(MagiHumanConfig c, int l, double bytesPerWeight, java.util.function.IntUnaryOperator paddedDown) {
        long d = c.hidden();
        long params = c.experts(l) * ((long) c.qkvWidth() * d + d * d + (long) c.mlpUpWidth(l) * d + d * paddedDown.applyAsInt(c.mlpIntermediate(l)));
        return (long) Math.ceil(params * bytesPerWeight);
    }

    /// Bytes per GEMM weight on the device in `policy` (KEEP: as the files store them on average).
    static double bytesPerWeight(MagiHumanConfig c, WeightPolicy policy, long storedBytes) {
        return switch (policy == null ? WeightPolicy.KEEP : policy) {
            case BF16 -> 2;
            case F32 -> 4;
            case FP8_PER_CHANNEL -> 1;
            case KEEP -> {
                long gemm = ditGemmParams(c, k -> k), vectors = c.parameterCount() - gemm;
                yield storedBytes <= vectors * 4 ? 2 : Math.max(1, (storedBytes - vectors * 4) / (double) gemm);
            }
        };
    }

    /// The DiT's device bytes with `streamed` layers in host memory: the resident weights and two slots of the
    /// largest streamed layer.
    static long ditWeightsStreamed(MagiHumanConfig c, WeightPolicy policy, Device device, long storedBytes, int streamed) {
        long all = ditWeights(c, policy, device, storedBytes);
        if (streamed == 0) return all;
        double b = bytesPerWeight(c, policy, storedBytes);
        long off = 0, slot = 0;
        for (int l : c.layersToStream(streamed)) {
            long bytes = layerGemmBytes(c, l, b, device::gemmWidth);
            off += bytes;
            slot = Math.max(slot, bytes);
        }
        return all - off + 2 * slot;
    }

    /// One forward's activations for `video` tokens (T·H/2·W/2), `audio` and `text` tokens: the workspace slots in
    /// f32 (inputs, residual, packing, heads, outputs) and in the activation dtype (`actBytes`: 2 in mixed precision),
    /// and the RoPE tables of the joint and the video-only layouts.
    static long ditWork(MagiHumanConfig c, long video, long audio, long text, int actBytes) {
        long n = video + audio + text, d = c.hidden(), vin = c.videoInChannels(), a = c.audioChannels();
        long maxUp = 0, maxInner = 0;
        for (int l = 0; l < c.layers(); l++) {
            maxUp = Math.max(maxUp, c.mlpUpWidth(l));
            maxInner = Math.max(maxInner, c.mlpIntermediate(l));
        }
        long f32 = video * vin * 3 + audio * a * 3 + text * c.textChannels() + n * d + video * d + audio * d;
        long act = n * (d * 5 + c.qkvWidth() + 2L * c.headsKv() * c.headDim() + maxUp + 2 * maxInner);
        long rope = (n + video) * 3L * c.ropeBands() * 2;
        return f32 * 4 + act * actBytes + rope * 4;
    }

    // ---- text encoder ------------------------------------------------------------------------------------------

    /// The text encoder's weights on its device: T5Gemma's encoder layers (the embedding table stays in host memory);
    /// any other kind, its files.
    static long textWeights(ComponentSpec s) throws IOException {
        if (s.kind().equals("t5gemma")) return WeightFiles.bytes(s.path(), MemoryEstimates::t5EncoderOnDevice);
        return WeightFiles.bytes(s.path(), k -> true);
    }

    private static boolean t5EncoderOnDevice(String key) {
        return key.contains("encoder.") && !key.contains("decoder.") && !key.contains("embed_tokens");
    }

    /// T5Gemma's encoder layers with the projections in fp8 (one byte a weight; the norms are a rounding error).
    static long textWeightsFp8(ComponentSpec s) throws IOException {
        if (s.kind().equals("t5gemma")) return WeightFiles.elements(s.path(), MemoryEstimates::t5EncoderOnDevice);
        return WeightFiles.bytes(s.path(), k -> true);
    }

    /// The text encoder's activations for a prompt of the longest length it reads: T5Gemma's residual and layer
    /// buffers in f32 and one layer's attention scores; the demo's word encoder, its features.
    static long textWork(ComponentSpec s) throws IOException {
        long l = TextEncoder.MAX_TOKENS;
        if (s.kind().equals("t5gemma")) {
            T5GemmaConfig c = T5GemmaConfig.fromJson(s.path().resolve("config.json"));
            return (l * c.hidden() * 8 + l * (long) c.intermediate() * 3 + (long) c.heads() * l * l * 2) * 4;
        }
        if (s.kind().equals("words")) return 1L << 20;   // a table lookup in the heap; only the features reach the device
        return l * 4096 * 4;
    }

    // ---- decoders ----------------------------------------------------------------------------------------------

    /// A decoder's or encoder's weights: its files (for a whole Stable-Audio-Open checkpoint, the autoencoder's
    /// tensors only).
    static long vaeWeights(ComponentSpec s) throws IOException {
        return WeightFiles.bytes(s.path(), k -> !k.startsWith("model.") && !k.startsWith("conditioner.") && !k.startsWith("model_ema."));
    }

    /// The video decoder's activations for `frames` frames of `width`×`height`: the RGB result in f32 and bytes, and
    /// the last level's feature maps of one temporal window (Turbo-VAED decodes in windows of up to `step_size + 2`
    /// latent frames; its last level has `block_out_channels[0]` channels at 1/`patch_size` of the output's side),
    /// six of them live at once. On the golden set's widths on the CPU a decode needs 0.87 of this (50.5 MiB for 49
    /// frames of 192×128) and 0.72 (772 MiB for 13 frames of 1024×576).
    static long videoDecodeWork(ComponentSpec s, long frames, long width, long height) throws IOException {
        long pixels = width * height, out = frames * pixels * 3 * (4 + 1);
        if (s.kind().equals("turbo-vaed")) {
            TurboVaedConfig c = turboConfig(s.path());
            return out + window(c) * (pixels / ((long) c.patchSize() * c.patchSize())) * c.blockOutChannels()[0] * 4 * 6;
        }
        return out;   // the demo's scene decoder: the latent read to the host and the frames drawn as bytes
    }

    /// Turbo-VAED's device memory when it decodes in tiles of `tile` latent pixels a side ([Placement#decoderTile]): one
    /// tile with its margin of context at a time, its window's last-level maps and its RGB in f32; the whole frames of
    /// a window are put together in host memory, which on the CPU (`hostIsDevice`) is the device's too. Cautious: tiles
    /// of 16 at 1024×576 need 0.37 of it on the CPU.
    static long videoDecodeTileWork(TurboVaedConfig c, long frames, int tile, long width, long height, boolean hostIsDevice) {
        long side = (long) (tile + 2 * TurboVaed.TILE_HALO) * c.pixelStride(), pixels = Math.min(side, height) * Math.min(side, width);
        long window = window(c);
        long tileWork = window * pixels * 3 * 4 + window * (pixels / ((long) c.patchSize() * c.patchSize())) * c.blockOutChannels()[0] * 4 * 6;
        return tileWork + (hostIsDevice ? Math.min(frames, window) * width * height * 3 * (4 + 1) : 0);
    }

    /// Raw frames of Turbo-VAED's largest window: up to `step_size + 2` latent frames, and a short clip is padded up to
    /// the first chunk, so every clip has a window this long.
    private static long window(TurboVaedConfig c) { return 4L * (Math.max(c.firstChunkSize(), c.stepSize()) + 2); }

    /// The audio decoder's activations for `samples` stereo samples: for the Stable-Audio-Open decoder the widest feature
    /// map (128 channels at the full rate) three times over, and the result; for the demo's tone synthesizer 128
    /// bytes a sample (measured 88-133).
    static long audioDecodeWork(ComponentSpec s, long samples) {
        if (s.kind().equals("demo-tone")) return samples * 128;
        return samples * 128 * 4 * 3 + samples * 2 * 4;
    }

    /// The config of a video decoder that decodes in tiles (Turbo-VAED), or null for one that does not.
    static TurboVaedConfig tiling(ComponentSpec s) throws IOException {
        return s.kind().equals("turbo-vaed") ? turboConfig(s.path()) : null;
    }

    private static TurboVaedConfig turboConfig(Path folder) throws IOException {
        if (Files.isDirectory(folder)) {
            try (var files = Files.list(folder)) {
                Path json = files.filter(f -> f.getFileName().toString().endsWith(".json")).sorted().findFirst().orElse(null);
                if (json != null) {
                    JsonNode j = BoundedJson.read(json, BoundedJson.MODEL_CONFIG);
                    return TurboVaedConfig.fromJson(j);
                }
            }
        }
        return TurboVaedConfig.REAL;
    }
}
