package dev.gallop.engine.models.vae;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;

/// Turbo-VAED decoder settings, in the reference JSON's order (shallowest block first):
/// `blockOutChannels` [64, 128, 256, 512], `layersPerBlock` [2, 2, 2, 3, 3] (the last entry is the mid block),
/// `spatioTemporalScaling` [F, T, T, T] and `spatioOnly` [F, T, F, F] (ref: daVinci-MagiHuman
/// inference/model/turbo_vaed/turbo_vaed_module.py). The decoder walks them deepest first: up-block b uses index
/// (n − 1 − b).
public record TurboVaedConfig(int latentChannels, int outChannels, int[] blockOutChannels, int[] layersPerBlock,
                              boolean[] spatioTemporalScaling, boolean[] spatioOnly, int patchSize,
                              int firstChunkSize, int stepSize) {
    /// `TurboV3-Wan22-TinyShallow_7_7`, the decoder MagiHuman ships.
    public static final TurboVaedConfig REAL = new TurboVaedConfig(48, 3, new int[] {64, 128, 256, 512}, new int[] {2, 2, 2, 3, 3},
            new boolean[] {false, true, true, true}, new boolean[] {false, true, false, false}, 2, 7, 7);

    public TurboVaedConfig {
        int n = blockOutChannels.length;
        if (n == 0 || layersPerBlock.length != n + 1 || spatioTemporalScaling.length != n || spatioOnly.length != n) {
            throw new IllegalArgumentException("Turbo-VAED config: " + n + " block widths need " + (n + 1) + " layer counts and "
                    + n + " scaling flags, got " + Arrays.toString(layersPerBlock) + ", " + Arrays.toString(spatioTemporalScaling)
                    + ", " + Arrays.toString(spatioOnly));
        }
        if (patchSize != 2) throw new IllegalArgumentException("Turbo-VAED config: only patch_size 2 with use_unpatchify is supported, got " + patchSize);
        if (firstChunkSize < 1 || stepSize < 1) throw new IllegalArgumentException("Turbo-VAED config: chunk sizes " + firstChunkSize + "/" + stepSize);
        blockOutChannels = blockOutChannels.clone();
        layersPerBlock = layersPerBlock.clone();
        spatioTemporalScaling = spatioTemporalScaling.clone();
        spatioOnly = spatioOnly.clone();
    }

    /// Reads the `TurboVAED` constructor JSON (keys with or without the `decoder_` prefix). Rejects the features
    /// this port does not implement: depth-wise convs, a causal decoder, no un-patchify.
    public static TurboVaedConfig fromJson(JsonNode j) {
        if (j.path("decoder_causal").asBoolean(false)) throw new IllegalArgumentException("Turbo-VAED config: decoder_causal = true is not supported");
        if (!j.path("use_unpatchify").asBoolean(true)) throw new IllegalArgumentException("Turbo-VAED config: use_unpatchify = false is not supported");
        JsonNode dw = j.path("decoder_is_dw_conv");
        for (JsonNode b : dw) if (b.asBoolean()) throw new IllegalArgumentException("Turbo-VAED config: depth-wise convs (decoder_is_dw_conv) are not supported");
        if (j.path("patch_size_t").asInt(1) != 1) throw new IllegalArgumentException("Turbo-VAED config: patch_size_t must be 1");
        return new TurboVaedConfig(j.path("latent_channels").asInt(48), j.path("out_channels").asInt(3),
                ints(field(j, "block_out_channels")), ints(field(j, "layers_per_block")),
                bools(field(j, "spatio_temporal_scaling")), bools(field(j, "spatio_only")),
                j.path("patch_size").asInt(2), j.path("first_chunk_size").asInt(7), j.path("step_size").asInt(7));
    }

    private static JsonNode field(JsonNode j, String name) {
        JsonNode v = j.has("decoder_" + name) ? j.get("decoder_" + name) : j.get(name);
        if (v == null || !v.isArray()) throw new IllegalArgumentException("Turbo-VAED config: missing array 'decoder_" + name + "'");
        return v;
    }

    private static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asInt();
        return out;
    }

    private static boolean[] bools(JsonNode a) {
        boolean[] out = new boolean[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asBoolean();
        return out;
    }

    public int blocks() { return blockOutChannels.length; }

    /// Output width of up-block b (deepest first).
    public int upOut(int b) { return blockOutChannels[blocks() - 1 - b]; }

    /// Input width of up-block b: the previous block's output, or the mid width for b = 0.
    public int upIn(int b) { return b == 0 ? upOut(0) : upOut(b - 1); }

    /// ResNets after the (optional) upsampler of up-block b.
    public int upLayers(int b) { return layersPerBlock[blocks() - 1 - b]; }

    public int midLayers() { return layersPerBlock[blocks()]; }

    /// Whether up-block b upsamples at all, and whether it also doubles time.
    public boolean upsamples(int b) { return spatioTemporalScaling[blocks() - 1 - b]; }

    public boolean upsamplesTime(int b) { return upsamples(b) && !spatioOnly[blocks() - 1 - b]; }

    /// Pixel frames per latent frame: 2 per time upsampler.
    public int frameStride() {
        int s = 1;
        for (int b = 0; b < blocks(); b++) if (upsamplesTime(b)) s *= 2;
        return s;
    }

    /// Pixels per latent row/column: 2 per upsampler, times the patch size.
    public int pixelStride() {
        int s = patchSize;
        for (int b = 0; b < blocks(); b++) if (upsamples(b)) s *= 2;
        return s;
    }
}
