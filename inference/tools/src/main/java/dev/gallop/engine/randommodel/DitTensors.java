package dev.gallop.engine.randommodel;

import dev.gallop.engine.models.magihuman.MagiHumanConfig;
import dev.gallop.engine.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/// Every tensor of a MagiHuman DiT checkpoint for a config, in checkpoint order, with the spread random weights get:
/// GEMM weights ~ N(0, 1/in) (stored bf16), norm weights and biases small (f32), the RoPE bands as the reference sets
/// them. The one list behind the random-model writer and the benchmark's random checkpoint.
public final class DitTensors {
    /// How a tensor is made: a GEMM weight, a small vector, or the RoPE bands.
    public enum Kind { MATRIX, VECTOR, BANDS }

    /// @param layer the layer the tensor belongs to, or −1 for the adapter and the heads
    public record Entry(String key, Shape shape, Kind kind, double std, int layer) {}

    private DitTensors() {}

    public static List<Entry> of(MagiHumanConfig cfg) {
        int d = cfg.hidden();
        List<Entry> out = new ArrayList<>();
        matrix(out, "adapter.video_embedder.weight", d, cfg.videoInChannels(), -1);
        vector(out, "adapter.video_embedder.bias", d, 0.02, -1);
        matrix(out, "adapter.audio_embedder.weight", d, cfg.audioChannels(), -1);
        vector(out, "adapter.audio_embedder.bias", d, 0.02, -1);
        matrix(out, "adapter.text_embedder.weight", d, cfg.textChannels(), -1);
        vector(out, "adapter.text_embedder.bias", d, 0.02, -1);
        out.add(new Entry("adapter.rope.bands", Shape.of(cfg.ropeBands()), Kind.BANDS, 0, -1));
        for (int l = 0; l < cfg.layers(); l++) {
            int m = cfg.experts(l);
            String p = "block.layers." + l + ".";
            vector(out, p + "attention.pre_norm.weight", d * m, 0.1, l);
            matrix(out, p + "attention.linear_qkv.weight", cfg.qkvWidth() * m, d, l);
            vector(out, p + "attention.q_norm.weight", cfg.headDim() * m, 0.1, l);
            vector(out, p + "attention.k_norm.weight", cfg.headDim() * m, 0.1, l);
            matrix(out, p + "attention.linear_proj.weight", d * m, cfg.headsQ() * cfg.headDim(), l);
            vector(out, p + "mlp.pre_norm.weight", d * m, 0.1, l);
            matrix(out, p + "mlp.up_gate_proj.weight", cfg.mlpUpWidth(l) * m, d, l);
            matrix(out, p + "mlp.down_proj.weight", d * m, cfg.mlpIntermediate(l), l);
        }
        vector(out, "final_norm_video.weight", d, 0.1, -1);
        vector(out, "final_norm_audio.weight", d, 0.1, -1);
        matrix(out, "final_linear_video.weight", cfg.videoInChannels(), d, -1);
        matrix(out, "final_linear_audio.weight", cfg.audioChannels(), d, -1);
        return out;
    }

    /// The reference's RoPE bands: 1 / 10000^(k / bands).
    public static float[] bands(MagiHumanConfig cfg) {
        float[] bands = new float[cfg.ropeBands()];
        for (int k = 0; k < bands.length; k++) bands[k] = (float) (1.0 / Math.pow(10000, k / (double) bands.length));
        return bands;
    }

    private static void matrix(List<Entry> out, String key, int rows, int cols, int layer) {
        out.add(new Entry(key, Shape.of(rows, cols), Kind.MATRIX, 1.0 / Math.sqrt(cols), layer));
    }

    private static void vector(List<Entry> out, String key, int n, double std, int layer) {
        out.add(new Entry(key, Shape.of(n), Kind.VECTOR, std, layer));
    }
}
