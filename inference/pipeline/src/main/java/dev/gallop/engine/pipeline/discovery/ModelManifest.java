package dev.gallop.engine.pipeline.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gallop.engine.io.json.BoundedJson;
import dev.gallop.engine.models.magihuman.MagiHumanConfig;
import dev.gallop.engine.pipeline.ModelVariant;
import dev.gallop.engine.pipeline.SrStage;
import dev.gallop.engine.pipeline.VideoSize;
import dev.gallop.engine.runtime.Precision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/// `model.json` of a Gallop model folder: which components live where and how to sample.
///
/// ```json
/// {"format": "gallop-model", "version": 1, "name": "demo",
///  "dit": "dit",
///  "text_encoder": {"kind": "words", "path": "text_encoder"},
///  "video_decoder": {"kind": "turbo-vaed", "path": "vae/turbo"},
///  "audio_decoder": {"kind": "oobleck", "path": "audio_vae"},
///  "sampler": "distill", "steps": 8, "shift": 5.0,
///  "spatial_downsample": 16, "precision": "f32"}
/// ```
/// Optional `"video_size": "64x64"` is the pixel size the model was trained at (the demo model): callers that let
/// the user leave the size open use it instead of their default. Optional `"aspect_sizes": {"16:9": "448x256",
/// "9:16": "256x448"}` are the other sizes such a model makes, one per aspect ([#aspectSize]): a caller that is asked
/// for an aspect uses the model's size for it.
/// `dit` is a folder with the DiT's `config.json` and its safetensors (single file or sharded with an index).
/// A component given as a plain string is a path of the default kind. Decoders and encoders are optional: without a
/// video decoder the result is latents only; without an image or audio encoder the model cannot take those inputs.
/// Optional `"sr_540p"` / `"sr_1080p"` name super-resolution DiT folders (each with its `config.json`). A `"unipc"`
/// model without `"negative_prompt"` guides against the reference's fixed negative prompt ([NegativePrompt]).
///
/// A models root in the ComfyUI layout gives a manifest too ([ModelsRoot]); [#open] accepts either.
///
/// @param ditConfig        the DiT's hyper-parameters, or null to read `dit/config.json`
/// @param components       text_encoder (required), video_decoder, audio_decoder, image_encoder, audio_encoder
/// @param superResolution  the SR DiTs this model has
/// @param unavailable      why a role or SR model this model could have is not usable (role or SR label → message
///                         naming the component, its file and where it goes), for requests that need it
/// @param videoSize        the pixel size the model was trained at, if it has one (`"video_size"`)
/// @param aspectSizes      the sizes it makes for an aspect besides its own (`"aspect_sizes"`); empty for most models
public record ModelManifest(String name, Path folder, Path dit, MagiHumanConfig ditConfig, Map<String, ComponentSpec> components,
                            Map<SrStage.Model, DitSpec> superResolution, Map<String, String> unavailable, Sampler sampler,
                            int steps, double shift, int spatialDownsample, Precision precision, String negativePrompt,
                            Optional<VideoSize> videoSize, Map<VideoSize.Aspect, VideoSize> aspectSizes) {
    public enum Sampler { DISTILL, UNIPC }

    /// A DiT folder and its hyper-parameters (null: read `config.json` in the folder).
    public record DitSpec(Path path, MagiHumanConfig config) {
        /// The config given, else the folder's `config.json`.
        public MagiHumanConfig resolveConfig() throws IOException {
            return config != null ? config : MagiHumanConfig.fromJson(path.resolve("config.json"));
        }
    }

    public static final String FILE = "model.json";
    public static final String TEXT_ENCODER = "text_encoder", VIDEO_DECODER = "video_decoder", AUDIO_DECODER = "audio_decoder",
            IMAGE_ENCODER = "image_encoder", AUDIO_ENCODER = "audio_encoder";
    private static final Map<String, String> DEFAULT_KIND = Map.of(TEXT_ENCODER, "words");

    public ModelManifest {
        components = Map.copyOf(components);
        superResolution = Map.copyOf(superResolution);
        unavailable = Map.copyOf(unavailable);
        videoSize = videoSize == null ? Optional.empty() : videoSize;
        aspectSizes = aspectSizes == null ? Map.of() : Map.copyOf(aspectSizes);
        if (!components.containsKey(TEXT_ENCODER)) throw new IllegalArgumentException("a model needs a text_encoder");
    }

    /// A model without sizes per aspect.
    public ModelManifest(String name, Path folder, Path dit, MagiHumanConfig ditConfig, Map<String, ComponentSpec> components,
                         Map<SrStage.Model, DitSpec> superResolution, Map<String, String> unavailable, Sampler sampler,
                         int steps, double shift, int spatialDownsample, Precision precision, String negativePrompt,
                         Optional<VideoSize> videoSize) {
        this(name, folder, dit, ditConfig, components, superResolution, unavailable, sampler, steps, shift, spatialDownsample, precision,
                negativePrompt, videoSize, Map.of());
    }

    /// A single-DiT model folder without super-resolution (config from `dit/config.json`).
    public ModelManifest(String name, Path folder, Path dit, Map<String, ComponentSpec> components, Sampler sampler,
                         int steps, double shift, int spatialDownsample, Precision precision, String negativePrompt) {
        this(name, folder, dit, null, components, Map.of(), Map.of(), sampler, steps, shift, spatialDownsample, precision, negativePrompt, Optional.empty());
    }

    /// The size this model makes for `aspect` when its manifest names one (`"aspect_sizes"`).
    public Optional<VideoSize> aspectSize(VideoSize.Aspect aspect) { return Optional.ofNullable(aspectSizes.get(aspect)); }

    public Optional<ComponentSpec> component(String role) { return Optional.ofNullable(components.get(role)); }

    /// The base DiT.
    public DitSpec ditSpec() { return new DitSpec(dit, ditConfig); }

    /// Why `role` (a component role or an SR model label) is not available, or a generic line when nothing is known.
    public String whyUnavailable(String role, String generic) { return unavailable.getOrDefault(role, generic); }

    /// Opens `path` as a model: a folder with `model.json`, or a models root in the ComfyUI layout, whose base DiT is
    /// `variant` (null: distill). A `model.json` folder has one DiT, so a variant is refused there.
    public static ModelManifest open(Path path, ModelVariant variant) throws IOException {
        if (Files.isRegularFile(path.resolve(FILE))) {
            if (variant != null) {
                throw new IOException("model folder " + path + " (" + FILE + ") has a single DiT; a variant (" + variant.label()
                        + ") applies only to a models root");
            }
            return read(path);
        }
        if (Files.isDirectory(path) && ModelsRoot.looksLike(path)) return ModelsRoot.manifest(path, variant == null ? ModelVariant.DISTILL : variant);
        if (!Files.exists(path)) {
            throw new IOException("model folder " + path + " does not exist (pass a folder with " + FILE + " or a models root)");
        }
        throw new IOException("model folder " + path + " has no " + FILE + " and is not a models root (it has none of "
                + ModelsRoot.categoryFolders() + "); pass a Gallop model folder or a ComfyUI-style models folder");
    }

    public static ModelManifest read(Path folder) throws IOException {
        Path file = folder.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException("model folder " + folder + " has no " + FILE + " (is this a Gallop model folder?)");
        }
        JsonNode j;
        try {
            j = BoundedJson.read(file, BoundedJson.MODEL_CONFIG);
        } catch (IOException e) {
            throw new IOException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        if (!j.isObject()) throw new IOException(file + ": not a Gallop model file (a JSON object is expected)");
        if (!"gallop-model".equals(text(j, "format", ""))) throw new IOException(file + ": \"format\" must be \"gallop-model\"");
        try {
            Sampler sampler = switch (text(j, "sampler", "distill").toLowerCase(Locale.ROOT)) {
                case "distill" -> Sampler.DISTILL;
                case "unipc" -> Sampler.UNIPC;
                default -> throw new IllegalArgumentException("\"sampler\" must be \"distill\" or \"unipc\", got \"" + text(j, "sampler", "") + "\"");
            };
            Precision precision = switch (text(j, "precision", "f32").toLowerCase(Locale.ROOT)) {
                case "f32", "fp32" -> Precision.F32;
                case "mixed", "bf16" -> Precision.MIXED_BF16;
                default -> throw new IllegalArgumentException("\"precision\" must be \"f32\" or \"mixed\"");
            };
            int steps = j.path("steps").asInt(sampler == Sampler.DISTILL ? 8 : 32);
            if (steps < 1) throw new IllegalArgumentException("\"steps\" must be at least 1, got " + steps);
            int ds = j.path("spatial_downsample").asInt(16);
            if (ds < 1) throw new IllegalArgumentException("\"spatial_downsample\" must be positive, got " + ds);
            Path dit = folder.resolve(text(j, "dit", "dit"));
            if (!Files.isDirectory(dit)) throw new IllegalArgumentException("DiT folder " + dit + " does not exist");
            Map<String, ComponentSpec> comps = new LinkedHashMap<>();
            for (String role : new String[] {TEXT_ENCODER, VIDEO_DECODER, AUDIO_DECODER, IMAGE_ENCODER, AUDIO_ENCODER}) {
                JsonNode c = j.get(role);
                if (c == null || c.isNull()) {
                    if (role.equals(TEXT_ENCODER)) comps.put(role, spec(folder, role, "words", "text_encoder"));
                    continue;
                }
                if (c.isTextual()) {
                    String kind = DEFAULT_KIND.get(role);
                    if (kind == null) throw new IllegalArgumentException("\"" + role + "\" needs {\"kind\": ..., \"path\": ...}");
                    comps.put(role, spec(folder, role, kind, c.asText()));
                } else {
                    if (!c.hasNonNull("kind") || !c.hasNonNull("path")) throw new IllegalArgumentException("\"" + role + "\" needs \"kind\" and \"path\"");
                    comps.put(role, spec(folder, role, c.get("kind").asText(), c.get("path").asText()));
                }
            }
            Map<SrStage.Model, DitSpec> sr = new LinkedHashMap<>();
            for (SrStage.Model m : SrStage.Model.values()) {
                String key = "sr_" + m.label();
                if (j.hasNonNull(key)) {
                    Path p = folder.resolve(j.get(key).asText());
                    if (!Files.isDirectory(p)) throw new IllegalArgumentException("\"" + key + "\": DiT folder " + p + " does not exist");
                    sr.put(m, new DitSpec(p, null));
                }
            }
            String negative = text(j, "negative_prompt", "");
            if (sampler == Sampler.UNIPC && negative.isBlank()) negative = NegativePrompt.reference();
            return new ModelManifest(text(j, "name", folder.getFileName().toString()), folder, dit, null, comps, sr, Map.of(), sampler, steps,
                    j.path("shift").asDouble(5.0), ds, precision, negative, videoSize(j), AspectSizes.parse(j.get(AspectSizes.KEY)));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static Optional<VideoSize> videoSize(JsonNode j) {
        String v = text(j, "video_size", null);
        if (v == null) return Optional.empty();
        return Optional.of(VideoSize.parse(v).orElseThrow(() -> new IllegalArgumentException("\"video_size\" must look like \"64x64\", got \"" + v + "\"")));
    }

    private static ComponentSpec spec(Path folder, String role, String kind, String rel) {
        Path p = folder.resolve(rel);
        if (!Files.exists(p)) throw new IllegalArgumentException(role + " (" + kind + ") not found at " + p);
        return new ComponentSpec(kind, p);
    }

    private static String text(JsonNode j, String key, String dflt) {
        JsonNode v = j.get(key);
        return v == null || v.isNull() ? dflt : v.asText();
    }
}
