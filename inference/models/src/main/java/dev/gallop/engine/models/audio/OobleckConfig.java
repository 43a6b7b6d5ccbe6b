package dev.gallop.engine.models.audio;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/// Hyper-parameters of the Stable-Audio-Open "Oobleck" autoencoder (ref: stable-audio-tools `autoencoders.py`,
/// `OobleckEncoder` / `OobleckDecoder`), read from the `pretransform` block of
/// SAO's `model_config.json` (`model.pretransform.config.{encoder,decoder}.config`).
///
/// Widths: with `m = [1] + cMults`, the encoder goes `ioChannels → channels·m[0] → … → channels·m[last] →
/// encoderLatent`, the decoder `decoderLatent → channels·m[last] → … → channels·m[0] → ioChannels`.
///
/// @param ioChannels     audio channels in and out (2, stereo)
/// @param channels       base width (128 real)
/// @param cMults         width multipliers per block ([1, 2, 4, 8, 16])
/// @param strides        down/upsampling factor per block, encoder order ([2, 4, 4, 8, 8]); the decoder runs them reversed
/// @param encoderLatent  encoder output channels (128 = mean ‖ scale)
/// @param decoderLatent  decoder input channels (64)
/// @param finalTanh      whether the decoder ends with tanh (false for SAO)
public record OobleckConfig(int ioChannels, int channels, int[] cMults, int[] strides,
                            int encoderLatent, int decoderLatent, boolean finalTanh) {
    public OobleckConfig {
        if (cMults.length == 0 || cMults.length != strides.length) {
            throw new IllegalArgumentException("Oobleck c_mults " + Arrays.toString(cMults) + " and strides " + Arrays.toString(strides)
                    + " must be non-empty and of equal length");
        }
        if (channels < 1 || ioChannels < 1 || decoderLatent < 1 || encoderLatent != 2 * decoderLatent) {
            throw new IllegalArgumentException("bad Oobleck sizes: channels " + channels + ", io " + ioChannels + ", encoder latent "
                    + encoderLatent + " (must be twice the decoder latent " + decoderLatent + ")");
        }
        for (int i = 0; i < strides.length; i++) {
            if (strides[i] < 1 || cMults[i] < 1) throw new IllegalArgumentException("Oobleck stride and c_mult must be >= 1: "
                    + Arrays.toString(strides) + ", " + Arrays.toString(cMults));
        }
        cMults = cMults.clone();
        strides = strides.clone();
    }

    /// The real SAO-1.0 autoencoder.
    public static OobleckConfig stableAudioOpen() {
        return new OobleckConfig(2, 128, new int[] {1, 2, 4, 8, 16}, new int[] {2, 4, 4, 8, 8}, 128, 64, false);
    }

    /// Number of down/upsampling blocks.
    public int depth() { return strides.length; }

    /// Width at block boundary i (0 = after the first conv): channels · ([1] + cMults)[i].
    public int width(int i) { return channels * (i == 0 ? 1 : cMults[i - 1]); }

    /// Waveform samples per latent frame: the product of the strides (2048).
    public int hopLength() {
        int h = 1;
        for (int s : strides) h = Math.multiplyExact(h, s);
        return h;
    }

    public static OobleckConfig load(Path modelConfigJson) throws IOException {
        return fromJson(new ObjectMapper().readTree(modelConfigJson.toFile()));
    }

    /// Accepts SAO's whole `model_config.json`, its `pretransform` block (or the golden's `model_config_pretransform`),
    /// or that block's `config` object.
    public static OobleckConfig fromJson(JsonNode root) {
        JsonNode n = root;
        if (n.has("model")) n = n.get("model");
        if (n.has("pretransform")) n = n.get("pretransform");
        if (n.has("model_config_pretransform")) n = n.get("model_config_pretransform");
        if (n.has("config") && !n.has("encoder")) n = n.get("config");
        JsonNode enc = inner(n, "encoder"), dec = inner(n, "decoder");
        for (JsonNode part : new JsonNode[] {enc, dec}) {
            if (part.has("use_snake") && !part.get("use_snake").asBoolean()) {
                throw new IllegalArgumentException("Oobleck with use_snake = false (ELU) is not supported");
            }
        }
        int[] cm = ints(enc, "c_mults"), st = ints(enc, "strides");
        if (!Arrays.equals(cm, ints(dec, "c_mults")) || !Arrays.equals(st, ints(dec, "strides"))
                || num(enc, "channels") != num(dec, "channels")) {
            throw new IllegalArgumentException("Oobleck encoder and decoder must share channels, c_mults and strides");
        }
        int io = num(enc, "in_channels");
        if (num(dec, "out_channels") != io) throw new IllegalArgumentException("Oobleck encoder in_channels " + io
                + " differs from decoder out_channels " + num(dec, "out_channels"));
        boolean tanh = dec.has("final_tanh") && dec.get("final_tanh").asBoolean();
        return new OobleckConfig(io, num(enc, "channels"), cm, st, num(enc, "latent_dim"), num(dec, "latent_dim"), tanh);
    }

    private static JsonNode inner(JsonNode n, String part) {
        JsonNode p = n.get(part);
        if (p == null) throw new IllegalArgumentException("Oobleck config has no '" + part + "' section (keys: " + fieldNames(n) + ")");
        if (p.has("type") && !"oobleck".equals(p.get("type").asText())) {
            throw new IllegalArgumentException("autoencoder " + part + " type '" + p.get("type").asText() + "' is not 'oobleck'");
        }
        return p.has("config") ? p.get("config") : p;
    }

    private static int num(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || !v.canConvertToInt()) throw new IllegalArgumentException("Oobleck config needs integer '" + key + "'");
        return v.asInt();
    }

    private static int[] ints(JsonNode n, String key) {
        JsonNode v = n.get(key);
        if (v == null || !v.isArray()) throw new IllegalArgumentException("Oobleck config needs integer list '" + key + "'");
        int[] out = new int[v.size()];
        for (int i = 0; i < out.length; i++) out[i] = v.get(i).asInt();
        return out;
    }

    private static String fieldNames(JsonNode n) {
        StringBuilder sb = new StringBuilder();
        n.fieldNames().forEachRemaining(f -> sb.append(sb.isEmpty() ? "" : ", ").append(f));
        return sb.toString();
    }

    @Override public boolean equals(Object o) {
        return o instanceof OobleckConfig c && ioChannels == c.ioChannels && channels == c.channels && Arrays.equals(cMults, c.cMults)
                && Arrays.equals(strides, c.strides) && encoderLatent == c.encoderLatent && decoderLatent == c.decoderLatent
                && finalTanh == c.finalTanh;
    }

    @Override public int hashCode() { return Arrays.hashCode(cMults) * 31 + Arrays.hashCode(strides) + channels; }

    @Override public String toString() {
        return "OobleckConfig[io=" + ioChannels + ", channels=" + channels + ", cMults=" + Arrays.toString(cMults) + ", strides="
                + Arrays.toString(strides) + ", latent " + encoderLatent + "/" + decoderLatent + ", tanh=" + finalTanh + "]";
    }
}
