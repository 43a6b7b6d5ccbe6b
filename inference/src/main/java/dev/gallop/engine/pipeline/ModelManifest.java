package dev.gallop.engine.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
/// the user leave the size open use it instead of their default.
/// `dit` is a folder with the DiT's `config.json` and its safetensors (single file or sharded with an index).
/// A component given as a plain string is a path of the default kind. Decoders and encoders are optional: without a
/// video decoder the result is latents only; without an image or audio encoder the model cannot take those inputs.
///
/// @param components text_encoder (required), video_decoder, audio_decoder, image_encoder, audio_encoder
public record ModelManifest(String name, Path folder, Path dit, Map<String, ComponentSpec> components, Sampler sampler,
                            int steps, double shift, int spatialDownsample, Precision precision, String negativePrompt,
                            Optional<VideoSize> videoSize) {
    public enum Sampler { DISTILL, UNIPC }

    public static final String FILE = "model.json";
    public static final String TEXT_ENCODER = "text_encoder", VIDEO_DECODER = "video_decoder", AUDIO_DECODER = "audio_decoder",
            IMAGE_ENCODER = "image_encoder", AUDIO_ENCODER = "audio_encoder";
    private static final Map<String, String> DEFAULT_KIND = Map.of(TEXT_ENCODER, "words");

    public ModelManifest {
        components = Map.copyOf(components);
        videoSize = videoSize == null ? Optional.empty() : videoSize;
        if (!components.containsKey(TEXT_ENCODER)) throw new IllegalArgumentException("a model needs a text_encoder");
    }

    public Optional<ComponentSpec> component(String role) { return Optional.ofNullable(components.get(role)); }

    public static ModelManifest read(Path folder) throws IOException {
        Path file = folder.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException("model folder " + folder + " has no " + FILE + " (is this a Gallop model folder?)");
        }
        JsonNode j;
        try {
            j = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not valid JSON: " + e.getMessage(), e);
        }
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
            return new ModelManifest(text(j, "name", folder.getFileName().toString()), folder, dit, comps, sampler, steps,
                    j.path("shift").asDouble(5.0), ds, precision, text(j, "negative_prompt", ""), videoSize(j));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static Optional<VideoSize> videoSize(JsonNode j) {
        String v = text(j, "video_size", null);
        if (v == null) return Optional.empty();
        String[] p = v.toLowerCase(Locale.ROOT).split("x");
        try {
            if (p.length == 2) return Optional.of(new VideoSize(Integer.parseInt(p[0].strip()), Integer.parseInt(p[1].strip())));
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("\"video_size\" must look like \"64x64\", got \"" + v + "\"");
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
