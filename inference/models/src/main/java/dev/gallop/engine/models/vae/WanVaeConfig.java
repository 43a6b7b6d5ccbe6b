package dev.gallop.engine.models.vae;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;

/// Wan2.2 VAE encoder settings (ref: daVinci-MagiHuman inference/model/vae2_2/vae2_2_module.py): base width `dim`
/// (160), `dimMult` [1, 2, 4, 4], `numResBlocks` 2 per level, `temporalDownsample` [F, T, T] (one flag per level that
/// downsamples), latent `zDim` 48, patch 2.
public record WanVaeConfig(int dim, int zDim, int[] dimMult, int numResBlocks, boolean[] temporalDownsample) {
    public static final WanVaeConfig REAL = new WanVaeConfig(160, 48, new int[] {1, 2, 4, 4}, 2, new boolean[] {false, true, true});

    public WanVaeConfig {
        if (dimMult.length < 1 || temporalDownsample.length != dimMult.length - 1) {
            throw new IllegalArgumentException("Wan VAE config: " + dimMult.length + " levels need " + (dimMult.length - 1)
                    + " temporal flags, got " + Arrays.toString(temporalDownsample));
        }
        dimMult = dimMult.clone();
        temporalDownsample = temporalDownsample.clone();
    }

    /// Reads the reference JSON keys `c_dim` (or `dim`), `z_dim`, `dim_mult`, `num_res_blocks`, `temperal_downsample`.
    public static WanVaeConfig fromJson(JsonNode j) {
        int dim = j.has("c_dim") ? j.get("c_dim").asInt() : j.path("dim").asInt(160);
        if (j.path("patch_size").asInt(2) != 2) throw new IllegalArgumentException("Wan VAE config: only patch_size 2 is supported");
        if (j.has("attn_scales") && !j.get("attn_scales").isEmpty()) throw new IllegalArgumentException("Wan VAE config: attn_scales are not supported");
        JsonNode m = j.path("dim_mult"), td = j.path("temperal_downsample");
        int[] mult = m.isArray() ? new int[m.size()] : REAL.dimMult();
        for (int i = 0; m.isArray() && i < mult.length; i++) mult[i] = m.get(i).asInt();
        boolean[] t = td.isArray() ? new boolean[td.size()] : REAL.temporalDownsample();
        for (int i = 0; td.isArray() && i < t.length; i++) t[i] = td.get(i).asBoolean();
        return new WanVaeConfig(dim, j.path("z_dim").asInt(48), mult, j.path("num_res_blocks").asInt(2), t);
    }

    public int levels() { return dimMult.length; }

    /// Width entering level i (level 0 starts at `dim`).
    public int levelIn(int i) { return i == 0 ? dim : dim * dimMult[i - 1]; }

    public int levelOut(int i) { return dim * dimMult[i]; }

    /// Levels except the last halve space; those flagged also halve time.
    public boolean downsamples(int i) { return i < levels() - 1; }

    public boolean downsamplesTime(int i) { return downsamples(i) && temporalDownsample[i]; }
}
