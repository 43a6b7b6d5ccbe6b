package dev.gallop.app.prompt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gallop.app.project.AtomicFiles;
import dev.gallop.engine.pipeline.Language;
import dev.gallop.engine.pipeline.VideoSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/// The prompt panel as the user left it, kept in the project as `prompt.json` so it comes back with the project:
/// the prompt's sections, mode and input files, aspect, resolution, whether a model with a size of its own is asked
/// for that size or its size for the aspect, length, model and — above all — the seed the next job will use and what
/// happens to it, so new shots after a restart do not repeat earlier ones. A file that cannot be read is reported,
/// never used half; a file from before `model_own_size` asks for the model's own size, as the studio then did.
public record PromptState(String body, List<Line> dialogue, String sound, GenerationMode mode, Path image, Path audio,
                          VideoSize.Aspect aspect, boolean modelOwnSize, VideoSize.Preset resolution, double seconds, String seed,
                          SeedControl seedControl, Path model) {
    public static final String FILE = "prompt.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /// One dialogue line as typed (possibly half-filled).
    public record Line(String speaker, Language language, String text) {}

    public PromptState {
        dialogue = List.copyOf(dialogue);
    }

    /// A panel that asks a model with a size of its own for that size.
    public PromptState(String body, List<Line> dialogue, String sound, GenerationMode mode, Path image, Path audio, VideoSize.Aspect aspect,
                       VideoSize.Preset resolution, double seconds, String seed, SeedControl seedControl, Path model) {
        this(body, dialogue, sound, mode, image, audio, aspect, true, resolution, seconds, seed, seedControl, model);
    }

    public void write(Path project) throws IOException {
        ObjectNode n = JSON.createObjectNode().put("format", "gallop-prompt").put("version", 1);
        n.put("body", body);
        ArrayNode d = n.putArray("dialogue");
        for (Line l : dialogue) d.addObject().put("speaker", l.speaker()).put("language", l.language().name().toLowerCase(Locale.ROOT)).put("text", l.text());
        n.put("background_sound", sound).put("mode", mode.name().toLowerCase(Locale.ROOT));
        if (image != null) n.put("image", image.toString());
        if (audio != null) n.put("audio", audio.toString());
        n.put("aspect", aspect.name().toLowerCase(Locale.ROOT)).put("model_own_size", modelOwnSize).put("resolution", resolution.name().toLowerCase(Locale.ROOT));
        n.put("seconds", seconds).put("seed", seed).put("seed_control", seedControl.name().toLowerCase(Locale.ROOT));
        if (model != null) n.put("model", model.toString());
        AtomicFiles.write(project.resolve(FILE), n.toPrettyString(), false);
    }

    /// The state saved in `project`, or null when there is none; throws naming the file and the problem.
    public static PromptState read(Path project) throws IOException {
        Path f = project.resolve(FILE);
        if (!Files.exists(f)) return null;
        JsonNode n;
        try {
            n = JSON.readTree(f.toFile());
        } catch (IOException e) {
            throw new IOException(f + ": not a readable prompt file: " + e.getMessage(), e);
        }
        if (n == null || !"gallop-prompt".equals(n.path("format").asText())) throw new IOException(f + ": not a Gallop prompt file (format)");
        try {
            List<Line> lines = new ArrayList<>();
            for (JsonNode l : n.path("dialogue")) {
                lines.add(new Line(l.path("speaker").asText(""), Language.valueOf(l.path("language").asText("english").toUpperCase(Locale.ROOT)), l.path("text").asText("")));
            }
            return new PromptState(n.path("body").asText(""), lines, n.path("background_sound").asText(""),
                    GenerationMode.valueOf(n.path("mode").asText("text_to_video").toUpperCase(Locale.ROOT)), path(n, "image"), path(n, "audio"),
                    VideoSize.Aspect.valueOf(n.path("aspect").asText("landscape_16_9").toUpperCase(Locale.ROOT)), n.path("model_own_size").asBoolean(true),
                    VideoSize.Preset.valueOf(n.path("resolution").asText("p256").toUpperCase(Locale.ROOT)), n.path("seconds").asDouble(2.08),
                    n.path("seed").asText("42"), SeedControl.valueOf(n.path("seed_control").asText("increment").toUpperCase(Locale.ROOT)), path(n, "model"));
        } catch (IllegalArgumentException e) {
            throw new IOException(f + ": " + e.getMessage(), e);
        }
    }

    private static Path path(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() || v.asText().isBlank() ? null : Path.of(v.asText());
    }
}
