package dev.gallop.engine.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gallop.engine.runtime.Precision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/// `model.json` of a Gallop model folder: which components live where and how to sample.
///
/// ```json
/// {"format": "gallop-model", "version": 1, "name": "demo",
///  "dit": "dit", "text_encoder": "text_encoder",
///  "sampler": "distill", "steps": 8, "shift": 5.0,
///  "spatial_downsample": 16, "precision": "f32"}
/// ```
/// `dit` is a folder with the DiT's `config.json` and its safetensors (single file or sharded with an index).
///
/// @param name              display name
/// @param folder            the model folder
/// @param dit               DiT folder
/// @param textEncoder       text encoder folder
/// @param sampler           DISTILL (re-noising, no guidance) or UNIPC (with classifier-free guidance)
/// @param steps             default step count
/// @param shift             flow schedule shift
/// @param spatialDownsample pixels per latent cell
/// @param precision         numeric mode of the DiT
/// @param negativePrompt    text of the guidance branch (UNIPC only)
public record ModelManifest(String name, Path folder, Path dit, Path textEncoder, Sampler sampler, int steps, double shift,
                            int spatialDownsample, Precision precision, String negativePrompt) {
    public enum Sampler { DISTILL, UNIPC }

    public static final String FILE = "model.json";

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
            Path dit = folder.resolve(text(j, "dit", "dit")), te = folder.resolve(text(j, "text_encoder", "text_encoder"));
            if (!Files.isDirectory(dit)) throw new IllegalArgumentException("DiT folder " + dit + " does not exist");
            if (!Files.isDirectory(te)) throw new IllegalArgumentException("text encoder folder " + te + " does not exist");
            return new ModelManifest(text(j, "name", folder.getFileName().toString()), folder, dit, te, sampler, steps,
                    j.path("shift").asDouble(5.0), ds, precision, text(j, "negative_prompt", ""));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode j, String key, String dflt) {
        JsonNode v = j.get(key);
        return v == null || v.isNull() ? dflt : v.asText();
    }
}
