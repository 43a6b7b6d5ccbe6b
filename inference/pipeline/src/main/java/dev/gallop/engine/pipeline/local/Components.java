package dev.gallop.engine.pipeline.local;

import dev.gallop.engine.backend.Device;
import dev.gallop.engine.io.Checkpoints;
import dev.gallop.engine.io.safetensors.Checkpoint;
import dev.gallop.engine.models.AudioDecoder;
import dev.gallop.engine.models.AudioEncoder;
import dev.gallop.engine.models.ImageEncoder;
import dev.gallop.engine.models.TextEncoder;
import dev.gallop.engine.models.VideoDecoder;
import dev.gallop.engine.models.audio.AudioVaeLayout;
import dev.gallop.engine.models.audio.OobleckConfig;
import dev.gallop.engine.models.audio.OobleckDecoder;
import dev.gallop.engine.models.audio.OobleckEncoder;
import dev.gallop.engine.models.t5gemma.GemmaTextEncoder;
import dev.gallop.engine.models.t5gemma.T5GemmaOptions;
import dev.gallop.engine.models.text.EmbeddingTextEncoder;
import dev.gallop.engine.models.vae.LatentStats;
import dev.gallop.engine.models.vae.TurboVaed;
import dev.gallop.engine.models.vae.TurboVaedConfig;
import dev.gallop.engine.models.vae.TurboVaedLayout;
import dev.gallop.engine.models.vae.WanVaeConfig;
import dev.gallop.engine.models.vae.WanVaeEncoder;
import dev.gallop.engine.nn.WeightPolicy;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.pipeline.discovery.ComponentSpec;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/// Loads a model's components by kind. Each component family registers its loaders here.
public final class Components {
    private static final System.Logger LOG = System.getLogger("dev.gallop.engine.pipeline.local");

    private Components() {}

    @FunctionalInterface
    public interface Loader<T> {
        T load(ComponentSpec spec, Device device) throws IOException;
    }

    private static final Map<String, Loader<TextEncoder>> TEXT = new TreeMap<>(Map.of(
            "words", (s, d) -> EmbeddingTextEncoder.load(s.path()),
            "t5gemma", (s, d) -> GemmaTextEncoder.open(s.path(), d, T5GemmaOptions.magiHuman())));
    private static final Map<String, Loader<VideoDecoder>> VIDEO_DECODERS = new TreeMap<>(Map.of(
            "turbo-vaed", Components::turboVaed,
            "demo-scene", (s, d) -> dev.gallop.engine.models.demo.DemoSceneDecoder.load(s.path(), d)));
    private static final Map<String, Loader<AudioDecoder>> AUDIO_DECODERS = new TreeMap<>(Map.of(
            "oobleck", (s, d) -> oobleck(s, d, (cfg, w) -> new OobleckDecoder(cfg, w)),
            "demo-tone", (s, d) -> dev.gallop.engine.models.demo.DemoToneDecoder.load(s.path(), d)));
    private static final Map<String, Loader<ImageEncoder>> IMAGE_ENCODERS = new TreeMap<>(Map.of(
            "wan-vae", Components::wanVae));
    private static final Map<String, Loader<AudioEncoder>> AUDIO_ENCODERS = new TreeMap<>(Map.of(
            "oobleck", (s, d) -> oobleck(s, d, (cfg, w) -> new OobleckEncoder(cfg, w))));

    /// Turbo-VAED: a folder with its constructor-arguments `.json` and one checkpoint (`.safetensors`, or the
    /// reference `.ckpt` read by the restricted unpickler), in any key layout [TurboVaedLayout] recognises (the
    /// released `.ckpt` keeps the decoder in its `ema_state_dict`); the layout found is logged.
    private static VideoDecoder turboVaed(ComponentSpec s, Device d) throws IOException {
        java.nio.file.Path json = single(s.path(), ".json", "Turbo-VAED config");
        java.nio.file.Path weights = single(s.path(), null, "Turbo-VAED checkpoint");
        TurboVaedConfig cfg = TurboVaedConfig.fromJson(new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile()));
        try (Checkpoint ck = Checkpoints.open(weights)) {
            Weights root = Weights.open(ck, d, WeightPolicy.KEEP);
            LOG.log(System.Logger.Level.DEBUG, "Turbo-VAED " + weights + ": " + TurboVaedLayout.detect(root).describe());
            return new TurboVaed(cfg, LatentStats.WAN22, root);
        }
    }

    /// The Wan2.2 VAE (encoder half): a checkpoint file (`Wan2.2_VAE.pth` or `.safetensors`) or a folder holding one.
    /// The real layout with the base width read from `encoder.conv1.weight` (160 released; smaller stand-ins work too).
    private static ImageEncoder wanVae(ComponentSpec s, Device d) throws IOException {
        java.nio.file.Path weights = java.nio.file.Files.isDirectory(s.path()) ? single(s.path(), null, "Wan2.2 VAE checkpoint") : s.path();
        try (Checkpoint ck = Checkpoints.open(weights)) {
            WanVaeConfig real = WanVaeConfig.REAL;
            int dim = ck.contains("encoder.conv1.weight") ? ck.info("encoder.conv1.weight").shape().dim(0) : real.dim();
            WanVaeConfig cfg = new WanVaeConfig(dim, real.zDim(), real.dimMult(), real.numResBlocks(), real.temporalDownsample());
            return new WanVaeEncoder(cfg, LatentStats.WAN22, Weights.open(ck, d, WeightPolicy.KEEP));
        }
    }

    /// The one file in `dir` with the suffix (or, for null, the one checkpoint: .safetensors, .ckpt, .pth, .pt).
    private static java.nio.file.Path single(java.nio.file.Path dir, String suffix, String what) throws IOException {
        if (!java.nio.file.Files.isDirectory(dir)) throw new IOException(what + ": " + dir + " is not a folder");
        try (var files = java.nio.file.Files.list(dir)) {
            var found = files.filter(f -> {
                String n = f.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
                return suffix != null ? n.endsWith(suffix) : n.endsWith(".safetensors") || n.endsWith(".ckpt") || n.endsWith(".pth") || n.endsWith(".pt");
            }).sorted().toList();
            if (found.size() != 1) throw new IOException(what + ": expected exactly one " + (suffix == null ? "checkpoint" : suffix + " file") + " in " + dir + ", found " + found.size());
            return found.getFirst();
        }
    }

    /// The Stable-Audio-Open autoencoder: a folder with `model_config.json` and the checkpoint, `model.safetensors`
    /// (else `model.ckpt`), or that checkpoint file itself. The whole SAO checkpoint is accepted (only the autoencoder
    /// is read), as is an autoencoder saved on its own: any key layout [AudioVaeLayout] recognises; the layout found
    /// is logged. The weights are folded into arrays at load, so the file is closed again.
    private static <T> T oobleck(ComponentSpec s, Device d, java.util.function.BiFunction<OobleckConfig, Weights, T> make) throws IOException {
        java.nio.file.Path dir = java.nio.file.Files.isDirectory(s.path()) ? s.path() : s.path().getParent();
        java.nio.file.Path cfgFile = dir.resolve("model_config.json");
        if (!java.nio.file.Files.isRegularFile(cfgFile)) throw new IOException("audio VAE " + dir + ": missing model_config.json");
        OobleckConfig cfg = OobleckConfig.load(cfgFile);
        java.nio.file.Path weights = s.path();
        if (java.nio.file.Files.isDirectory(s.path())) {
            weights = s.path().resolve("model.safetensors");
            if (!java.nio.file.Files.exists(weights) && java.nio.file.Files.isRegularFile(s.path().resolve("model.ckpt"))) {
                weights = s.path().resolve("model.ckpt");
            }
        }
        try (Checkpoint ck = Checkpoints.open(weights)) {
            Weights root = Weights.open(ck, d, WeightPolicy.KEEP);
            AudioVaeLayout layout = AudioVaeLayout.detect(root);
            LOG.log(System.Logger.Level.DEBUG, "audio VAE " + weights + ": " + layout.describe());
            return make.apply(cfg, layout.scope(root));
        }
    }

    public static synchronized void registerTextEncoder(String kind, Loader<TextEncoder> l) { TEXT.put(kind, l); }

    public static synchronized void registerVideoDecoder(String kind, Loader<VideoDecoder> l) { VIDEO_DECODERS.put(kind, l); }

    public static synchronized void registerAudioDecoder(String kind, Loader<AudioDecoder> l) { AUDIO_DECODERS.put(kind, l); }

    public static synchronized void registerImageEncoder(String kind, Loader<ImageEncoder> l) { IMAGE_ENCODERS.put(kind, l); }

    public static synchronized void registerAudioEncoder(String kind, Loader<AudioEncoder> l) { AUDIO_ENCODERS.put(kind, l); }

    static TextEncoder textEncoder(ComponentSpec s, Device d) throws IOException { return load("text encoder", TEXT, s, d); }

    /// The text encoder with its projection weights in `weights` (null: as its kind loads them). Only T5Gemma takes
    /// another format; other kinds load as usual.
    static TextEncoder textEncoder(ComponentSpec s, Device d, WeightPolicy weights) throws IOException {
        if (weights != null && s.kind().equals("t5gemma")) return GemmaTextEncoder.open(s.path(), d, T5GemmaOptions.magiHuman(), weights);
        return textEncoder(s, d);
    }

    public static VideoDecoder videoDecoder(ComponentSpec s, Device d) throws IOException { return load("video decoder", VIDEO_DECODERS, s, d); }

    public static AudioDecoder audioDecoder(ComponentSpec s, Device d) throws IOException { return load("audio decoder", AUDIO_DECODERS, s, d); }

    static ImageEncoder imageEncoder(ComponentSpec s, Device d) throws IOException { return load("image encoder", IMAGE_ENCODERS, s, d); }

    static AudioEncoder audioEncoder(ComponentSpec s, Device d) throws IOException { return load("audio encoder", AUDIO_ENCODERS, s, d); }

    private static synchronized <T> T load(String what, Map<String, Loader<T>> table, ComponentSpec s, Device d) throws IOException {
        Loader<T> l = table.get(s.kind());
        if (l == null) {
            throw new IOException(what + " kind '" + s.kind() + "' (" + s.path() + ") is not known; known kinds: " + table.keySet());
        }
        return l.load(s, d);
    }
}
