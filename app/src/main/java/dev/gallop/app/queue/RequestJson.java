package dev.gallop.app.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gallop.engine.pipeline.DialogueLine;
import dev.gallop.engine.pipeline.GenerationRequest;
import dev.gallop.engine.pipeline.Language;
import dev.gallop.engine.pipeline.ModelVariant;
import dev.gallop.engine.pipeline.SrStage;
import dev.gallop.engine.pipeline.StructuredPrompt;
import dev.gallop.engine.pipeline.VideoSize;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/// A [GenerationRequest] as JSON and back, for the queue file. Reading checks every field and names the one that is
/// missing or wrong.
public final class RequestJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RequestJson() {}

    public static ObjectNode write(GenerationRequest r) {
        ObjectNode n = JSON.createObjectNode();
        ObjectNode p = n.putObject("prompt");
        p.put("body", r.prompt().body());
        ArrayNode d = p.putArray("dialogue");
        for (DialogueLine l : r.prompt().dialogue()) {
            d.addObject().put("speaker", l.speaker()).put("language", l.language().name().toLowerCase(Locale.ROOT)).put("text", l.text());
        }
        p.put("background_sound", r.prompt().backgroundSound());
        r.image().ifPresent(i -> n.put("image", i.toString()));
        r.audio().ifPresent(a -> n.put("audio", a.toString()));
        n.put("seconds", r.seconds());
        n.put("width", r.size().width()).put("height", r.size().height());
        n.put("seed", r.seed()).put("steps", r.steps()).put("model", r.model().toString());
        if (r.variant() != null) n.put("variant", r.variant().label());
        r.superResolution().ifPresent(sr -> n.putObject("super_resolution").put("model", sr.model().label())
                .put("width", sr.size().width()).put("height", sr.size().height()));
        return n;
    }

    /// Reads a request; throws [IllegalArgumentException] naming the field (`where` says which job).
    public static GenerationRequest read(JsonNode n, String where) {
        if (n == null || !n.isObject()) throw new IllegalArgumentException(where + ": \"request\" is missing or not an object");
        JsonNode p = n.path("prompt");
        List<DialogueLine> dialogue = new ArrayList<>();
        for (JsonNode l : p.path("dialogue")) {
            String lang = text(l, "language", where + ".prompt.dialogue");
            Language language;
            try {
                language = Language.valueOf(lang.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": unknown dialogue language \"" + lang + "\"");
            }
            dialogue.add(new DialogueLine(text(l, "speaker", where + ".prompt.dialogue"), language, text(l, "text", where + ".prompt.dialogue")));
        }
        StructuredPrompt prompt = new StructuredPrompt(text(p, "body", where + ".prompt"), dialogue, p.path("background_sound").asText(""));
        ModelVariant variant = null;
        if (n.hasNonNull("variant")) {
            try {
                variant = ModelVariant.parse(n.get("variant").asText());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage());
            }
        }
        Optional<SrStage> sr = Optional.empty();
        JsonNode s = n.get("super_resolution");
        if (s != null && !s.isNull()) {
            try {
                sr = Optional.of(new SrStage(SrStage.Model.parse(text(s, "model", where + ".super_resolution")),
                        new VideoSize((int) number(s, "width", where + ".super_resolution"), (int) number(s, "height", where + ".super_resolution"))));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(e.getMessage().startsWith(where) ? e.getMessage() : where + ": " + e.getMessage());
            }
        }
        return new GenerationRequest(prompt, optionalPath(n, "image"), optionalPath(n, "audio"), number(n, "seconds", where),
                new VideoSize((int) number(n, "width", where), (int) number(n, "height", where)), (long) number(n, "seed", where),
                (int) number(n, "steps", where), Path.of(text(n, "model", where)), variant, sr);
    }

    private static Optional<Path> optionalPath(JsonNode n, String key) {
        JsonNode v = n.get(key);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(Path.of(v.asText()));
    }

    private static String text(JsonNode n, String key, String where) {
        JsonNode v = n.get(key);
        if (v == null || !v.isTextual()) throw new IllegalArgumentException(where + ": \"" + key + "\" is missing or not text");
        return v.asText();
    }

    private static double number(JsonNode n, String key, String where) {
        JsonNode v = n.get(key);
        if (v == null || !v.isNumber()) throw new IllegalArgumentException(where + ": \"" + key + "\" is missing or not a number");
        return v.asDouble();
    }
}
