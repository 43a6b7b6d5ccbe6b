package dev.gallop.app.inspector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gallop.app.queue.RequestJson;
import dev.gallop.app.timeline.Take;
import dev.gallop.engine.pipeline.DialogueLine;
import dev.gallop.engine.pipeline.GenerationRequest;
import dev.gallop.engine.pipeline.Language;
import dev.gallop.engine.pipeline.StructuredPrompt;
import dev.gallop.engine.pipeline.VideoSize;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/// What a take's generation record says, read for the inspector and for remaking the take: the structured prompt,
/// seed, length, size (and the super-resolution size), steps, sampler and model, what the take is (the finished clip
/// or the x₀ of step k of N) and, when the record holds it, the exact request. Records written before requests were
/// stored give a request rebuilt from their fields with the model named in `modelName` (its folder must be found by
/// name). Missing fields read as empty or 0: a take is always shown, whatever its record holds.
public record TakeInfo(String takeId, String body, List<DialogueLine> dialogue, String backgroundSound, long seed, double seconds,
                       int width, int height, int srWidth, int srHeight, String srModel, int steps, String sampler, String modelName,
                       Path modelFolder, String kind, int step, int of, boolean latentPreview, Optional<GenerationRequest> request) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static TakeInfo of(Take take) {
        JsonNode n;
        try {
            n = JSON.readTree(take.record());
        } catch (IOException e) {
            n = JSON.createObjectNode();
        }
        if (n == null || !n.isObject()) n = JSON.createObjectNode();
        JsonNode p = n.path("prompt");
        List<DialogueLine> lines = new ArrayList<>();
        for (JsonNode l : p.path("dialogue")) {
            Optional<Language> lang = language(l.path("language").asText(""));
            String speaker = l.path("speaker").asText(""), text = l.path("text").asText("");
            if (lang.isPresent() && !speaker.isBlank() && !text.isBlank()) lines.add(new DialogueLine(speaker, lang.get(), text));
        }
        Optional<GenerationRequest> request = Optional.empty();
        if (n.has("request")) {
            try {
                request = Optional.of(RequestJson.read(n.get("request"), "take " + take.id()));
            } catch (IllegalArgumentException e) {
                // an unreadable stored request: rebuilt from the record below
            }
        }
        JsonNode sr = n.path("super_resolution");
        JsonNode t = n.path("take");
        String model = n.path("model").asText("");
        Path folder = request.map(GenerationRequest::model).orElse(null);
        return new TakeInfo(take.id(), p.path("body").asText(""), List.copyOf(lines), p.path("background_sound").asText(""),
                n.path("seed").asLong(0), n.path("seconds").asDouble(0), n.path("width").asInt(0), n.path("height").asInt(0),
                sr.path("width").asInt(0), sr.path("height").asInt(0), sr.path("model").asText(""), n.path("steps").asInt(0),
                n.path("sampler").asText(""), model, folder, t.path("kind").asText("final"), t.path("step").asInt(0), t.path("of").asInt(0),
                "latent-preview".equals(t.path("video").asText("")), request);
    }

    /// The request that makes this take again: the stored one, else one rebuilt from the record's fields with
    /// `modelFolder` (the folder of the model the record names). Throws naming what the record lacks.
    public GenerationRequest rebuild(Path fallbackModelFolder) {
        if (request.isPresent()) return request.get();
        if (body.isBlank()) throw new IllegalArgumentException("take " + takeId + " has no prompt in its record");
        if (width <= 0 || height <= 0 || seconds <= 0) throw new IllegalArgumentException("take " + takeId + " has no size or length in its record");
        if (fallbackModelFolder == null) throw new IllegalArgumentException("the model \"" + modelName + "\" of take " + takeId + " is not installed");
        return new GenerationRequest(new StructuredPrompt(body, dialogue, backgroundSound), Optional.empty(), Optional.empty(), seconds,
                new VideoSize(width, height), seed, 0, fallbackModelFolder);
    }

    /// The prompt as the text encoder read it.
    public String renderedPrompt() {
        try {
            return new StructuredPrompt(body, dialogue, backgroundSound).render();
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    /// "final" or "step 5 of 8", plus ", latent picture" when the video is not decoded, plus the SR stage.
    public String what() {
        String k = kind.equals("step") ? "step " + step + " of " + of : "final";
        if (!srModel.isEmpty()) k += ", " + srModel + " super-resolution";
        return k + (latentPreview ? ", latent picture" : "");
    }

    /// "64×64", or "448×256 → 896×512" with super-resolution; "" when unknown.
    public String sizeText() {
        if (width <= 0) return "";
        return width + "×" + height + (srWidth > 0 ? " → " + srWidth + "×" + srHeight : "");
    }

    /// True when this take went through a super-resolution stage (a finalized take).
    public boolean finalized() { return srWidth > 0; }

    /// A language from the record: its label ("Mandarin Chinese") or its enum name.
    static Optional<Language> language(String s) {
        for (Language l : Language.values()) if (l.label().equalsIgnoreCase(s) || l.name().equalsIgnoreCase(s.replace(' ', '_'))) return Optional.of(l);
        return Optional.empty();
    }

    /// One line for the takes list: "take 2 · seed 43 · 64×64 · final".
    public String line(int index) {
        return String.format(Locale.ROOT, "take %d · seed %d · %s · %s", index + 1, seed, sizeText().isEmpty() ? "?" : sizeText(), what());
    }
}
