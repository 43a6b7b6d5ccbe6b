package dev.gallop.engine.pipeline.discovery;

import static dev.gallop.engine.pipeline.discovery.KeyExpectation.exact;
import static dev.gallop.engine.pipeline.discovery.KeyExpectation.matching;

import dev.gallop.engine.models.audio.AudioVaeLayout;
import java.util.ArrayList;
import java.util.List;

/// The MagiHuman component set in the ComfyUI category layout (`diffusion_models/`, `text_encoders/`, `vae/`; the
/// legacy `unet/` and `clip/` names are accepted too), so an existing ComfyUI `models` folder can be the root:
///
/// ```
/// diffusion_models/magihuman/{base,distill,540p_sr,1080p_sr}/   model-*.safetensors + model.safetensors.index.json
/// text_encoders/t5gemma-9b-9b-ul2/                               config.json, tokenizer.json, shards + index
/// vae/wan2.2/Wan2.2_VAE.pth                                      (or the ComfyUI repack vae/wan2.2_vae.safetensors)
/// vae/turbo_vaed/                                                TurboV3-Wan22-TinyShallow_7_7.json + checkpoint-340000.ckpt
///                                                                (or one .safetensors conversion of it)
/// vae/stable-audio-open-1.0/                                     model.safetensors + model_config.json
/// ```
/// Key checks use names and the width-independent dims from the spec (§1.7, §4, §5), so a wrong model in a slot is
/// caught while smaller test stand-ins still pass.
public final class MagiHumanModels {
    private MagiHumanModels() {}

    static final List<KeyExpectation> DIT = List.of(
            exact("adapter.video_embedder.weight", -1, 192),
            exact("adapter.audio_embedder.weight", -1, 64),
            exact("final_linear_video.weight", 192, -1),
            exact("block.layers.0.attention.linear_qkv.weight", -1, -1));
    static final List<KeyExpectation> T5GEMMA = List.of(
            exact("model.encoder.embed_tokens.weight", -1, 3584),
            exact("model.encoder.norm.weight", 3584));
    static final List<KeyExpectation> WAN_VAE = List.of(
            exact("encoder.conv1.weight", -1, 12, 3, 3, 3),
            exact("conv1.weight", 96, 96, 1, 1, 1));
    static final List<KeyExpectation> TURBO = List.of(matching("(module\\.)?(decoder\\.)?conv_in(\\.conv)?\\.weight", -1, 48, 3, 3, 3));
    static final List<KeyExpectation> SAO = List.of(
            matching("pretransform\\.model\\.decoder\\..*"),
            matching("pretransform\\.model\\.encoder\\..*"));

    /// Every component, in pipeline order.
    public static List<Component> all() {
        List<Component> c = new ArrayList<>();
        String[][] dits = {
                {"dit-base", "DiT base (bf16)", "base model (32 steps, CFG)", "base", "base"},
                {"dit-distill", "DiT distill", "distilled model (8 steps)", "distill", "distill"},
                {"dit-540p-sr", "DiT 540p super-resolution", "540p upscaling", "540p_sr", "sr_540p"},
                {"dit-1080p-sr", "DiT 1080p super-resolution", "1080p upscaling", "1080p_sr", "sr_1080p"}};
        for (String[] d : dits) {
            c.add(new Component(d[0], d[1], d[2], "huggingface GAIR/daVinci-MagiHuman/" + d[3] + "/",
                    List.of("diffusion_models/magihuman/" + d[3], "diffusion_models/magihuman/" + d[4],
                            "unet/magihuman/" + d[3], "diffusion_models/daVinci-MagiHuman/" + d[3]),
                    false, Probes.sharded(DIT)));
        }
        c.add(new Component("text-encoder", "T5Gemma 9b-9b-ul2 text encoder", "all modes", "huggingface google/t5gemma-9b-9b-ul2",
                List.of("text_encoders/t5gemma-9b-9b-ul2", "text_encoders/t5gemma-9b", "clip/t5gemma-9b-9b-ul2"),
                false, Probes.sharded(T5GEMMA, "config.json", "tokenizer.json")));
        c.add(new Component("wan-vae", "Wan2.2 VAE (image encoder)", "image-to-video (TI2V)",
                "huggingface Wan-AI/Wan2.2-TI2V-5B/Wan2.2_VAE.pth",
                List.of("vae/wan2.2/Wan2.2_VAE.pth", "vae/wan2.2_ti2v_5b/Wan2.2_VAE.pth", "vae/Wan2.2_VAE.pth", "vae/wan2.2_vae.safetensors"),
                true, Probes.checkpointFile(WAN_VAE)));
        c.add(new Component("turbo-vaed", "Turbo-VAED video decoder", "all modes",
                "huggingface GAIR/daVinci-MagiHuman/turbo_vae/ (TurboV3-Wan22-TinyShallow_7_7.json + checkpoint-340000.ckpt)",
                List.of("vae/turbo_vaed", "vae/turbo_vae", "vae/magihuman/turbo_vae"),
                false, Probes.turbo("TurboV3-Wan22-TinyShallow_7_7.json", "checkpoint-340000.ckpt", TURBO)));
        c.add(new Component("audio-vae", "Stable-Audio-Open 1.0 audio VAE", "all modes",
                "huggingface stabilityai/stable-audio-open-1.0 (model.safetensors + model_config.json)",
                List.of("vae/stable-audio-open-1.0", "audio_encoders/stable-audio-open-1.0", "checkpoints/stable-audio-open-1.0"),
                false, Probes.fileWithConfig("model.safetensors", "model_config.json", "model.pretransform", SAO,
                        keys -> AudioVaeLayout.find(keys::contains).map(l -> "autoencoder keys: " + l.describe()))));
        return List.copyOf(c);
    }
}
