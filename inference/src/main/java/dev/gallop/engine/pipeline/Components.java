package dev.gallop.engine.pipeline;

import dev.gallop.engine.backend.Device;
import dev.gallop.engine.io.safetensors.Checkpoint;
import dev.gallop.engine.models.audio.OobleckConfig;
import dev.gallop.engine.models.audio.OobleckDecoder;
import dev.gallop.engine.models.audio.OobleckEncoder;
import dev.gallop.engine.models.t5gemma.GemmaTextEncoder;
import dev.gallop.engine.models.t5gemma.T5GemmaOptions;
import dev.gallop.engine.models.text.EmbeddingTextEncoder;
import dev.gallop.engine.nn.WeightPolicy;
import dev.gallop.engine.nn.Weights;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/// Loads a model's components by kind. Each component family registers its loaders here.
public final class Components {
    private Components() {}

    @FunctionalInterface
    public interface Loader<T> {
        T load(ComponentSpec spec, Device device) throws IOException;
    }

    private static final Map<String, Loader<TextEncoder>> TEXT = new TreeMap<>(Map.of(
            "words", (s, d) -> EmbeddingTextEncoder.load(s.path()),
            "t5gemma", (s, d) -> GemmaTextEncoder.open(s.path(), d, T5GemmaOptions.magiHuman())));
    private static final Map<String, Loader<VideoDecoder>> VIDEO_DECODERS = new TreeMap<>();
    private static final Map<String, Loader<AudioDecoder>> AUDIO_DECODERS = new TreeMap<>(Map.of(
            "oobleck", (s, d) -> oobleck(s, d, (cfg, w) -> new OobleckDecoder(cfg, w))));
    private static final Map<String, Loader<ImageEncoder>> IMAGE_ENCODERS = new TreeMap<>();
    private static final Map<String, Loader<AudioEncoder>> AUDIO_ENCODERS = new TreeMap<>(Map.of(
            "oobleck", (s, d) -> oobleck(s, d, (cfg, w) -> new OobleckEncoder(cfg, w))));

    /// The Stable-Audio-Open autoencoder: a folder with `model_config.json` and `model.safetensors` (the whole SAO
    /// checkpoint; only `pretransform.model.*` is read). The weights are folded into arrays at load, so the file is
    /// closed again.
    private static <T> T oobleck(ComponentSpec s, Device d, java.util.function.BiFunction<OobleckConfig, Weights, T> make) throws IOException {
        java.nio.file.Path dir = java.nio.file.Files.isDirectory(s.path()) ? s.path() : s.path().getParent();
        java.nio.file.Path cfgFile = dir.resolve("model_config.json");
        if (!java.nio.file.Files.isRegularFile(cfgFile)) throw new IOException("audio VAE " + dir + ": missing model_config.json");
        OobleckConfig cfg = OobleckConfig.load(cfgFile);
        java.nio.file.Path weights = java.nio.file.Files.isDirectory(s.path()) ? s.path().resolve("model.safetensors") : s.path();
        try (Checkpoint ck = Checkpoint.open(weights)) {
            return make.apply(cfg, Weights.open(ck, d, WeightPolicy.KEEP).at(OobleckDecoder.DEFAULT_PREFIX));
        }
    }

    public static synchronized void registerTextEncoder(String kind, Loader<TextEncoder> l) { TEXT.put(kind, l); }

    public static synchronized void registerVideoDecoder(String kind, Loader<VideoDecoder> l) { VIDEO_DECODERS.put(kind, l); }

    public static synchronized void registerAudioDecoder(String kind, Loader<AudioDecoder> l) { AUDIO_DECODERS.put(kind, l); }

    public static synchronized void registerImageEncoder(String kind, Loader<ImageEncoder> l) { IMAGE_ENCODERS.put(kind, l); }

    public static synchronized void registerAudioEncoder(String kind, Loader<AudioEncoder> l) { AUDIO_ENCODERS.put(kind, l); }

    static TextEncoder textEncoder(ComponentSpec s, Device d) throws IOException { return load("text encoder", TEXT, s, d); }

    static VideoDecoder videoDecoder(ComponentSpec s, Device d) throws IOException { return load("video decoder", VIDEO_DECODERS, s, d); }

    static AudioDecoder audioDecoder(ComponentSpec s, Device d) throws IOException { return load("audio decoder", AUDIO_DECODERS, s, d); }

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
