package dev.gallop.engine.pipeline.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gallop.engine.pipeline.DialogueLine;
import dev.gallop.engine.pipeline.GenerationRequest;
import dev.gallop.engine.pipeline.discovery.ModelManifest;

/// The generation record of a clip as JSON: what was asked (structured prompt, seed, duration, size, steps),
/// with which model and sampler. Written into MP4 metadata, sidecars and project files.
public final class GenerationRecord {
    private GenerationRecord() {}

    public static ObjectNode of(GenerationRequest r, ModelManifest m) {
        ObjectMapper om = new ObjectMapper();
        ObjectNode n = om.createObjectNode();
        n.put("generator", "gallop");
        ObjectNode p = n.putObject("prompt");
        p.put("body", r.prompt().body());
        ArrayNode d = p.putArray("dialogue");
        for (DialogueLine l : r.prompt().dialogue()) {
            d.addObject().put("speaker", l.speaker()).put("language", l.language().label()).put("text", l.text());
        }
        p.put("background_sound", r.prompt().backgroundSound());
        p.put("text", r.prompt().render());
        n.put("seed", r.seed());
        n.put("seconds", r.seconds());
        n.put("width", r.size().width()).put("height", r.size().height());
        n.put("steps", r.steps() > 0 ? r.steps() : m.steps());
        n.put("sampler", m.sampler().name().toLowerCase(java.util.Locale.ROOT));
        n.put("model", m.name());
        if (r.variant() != null) n.put("variant", r.variant().label());
        r.superResolution().ifPresent(s -> n.putObject("super_resolution").put("model", s.model().label())
                .put("width", s.size().width()).put("height", s.size().height()));
        r.image().ifPresent(i -> n.put("image", i.toString()));
        r.audio().ifPresent(a -> n.put("audio", a.toString()));
        return n;
    }
}
