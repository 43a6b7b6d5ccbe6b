package dev.gallop.engine.pipeline.discovery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gallop.engine.pipeline.VideoSize;
import java.util.EnumMap;
import java.util.Map;

/// `"aspect_sizes"` of a `model.json`: the pixel size a model makes for each aspect it takes besides its own size,
/// `{"16:9": "448x256", "9:16": "256x448"}`. Either key may be left out; a 16:9 size is wider than tall, a 9:16 one
/// taller than wide.
final class AspectSizes {
    static final String KEY = "aspect_sizes";

    private AspectSizes() {}

    /// The sizes `node` names (null or JSON null: none); throws [IllegalArgumentException] naming the key and the
    /// value that is wrong.
    static Map<VideoSize.Aspect, VideoSize> parse(JsonNode node) {
        Map<VideoSize.Aspect, VideoSize> sizes = new EnumMap<>(VideoSize.Aspect.class);
        if (node == null || node.isNull()) return sizes;
        if (!node.isObject()) {
            throw new IllegalArgumentException("\"" + KEY + "\" must be an object like {\"16:9\": \"448x256\", \"9:16\": \"256x448\"}, got " + node);
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            VideoSize.Aspect aspect = aspect(e.getKey());
            sizes.put(aspect, size(e.getKey(), aspect, e.getValue()));
        }
        return sizes;
    }

    private static VideoSize.Aspect aspect(String key) {
        return switch (key) {
            case "16:9" -> VideoSize.Aspect.LANDSCAPE_16_9;
            case "9:16" -> VideoSize.Aspect.PORTRAIT_9_16;
            default -> throw new IllegalArgumentException("\"" + KEY + "\": unknown aspect \"" + key + "\" (the aspects are \"16:9\" and \"9:16\")");
        };
    }

    private static VideoSize size(String key, VideoSize.Aspect aspect, JsonNode value) {
        String where = "\"" + KEY + "\": \"" + key + "\" ";
        if (!value.isTextual()) throw new IllegalArgumentException(where + "must be a size like \"448x256\", got " + value);
        String v = value.asText();
        java.util.Optional<VideoSize> parsed;
        try {
            parsed = VideoSize.parse(v);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "\"" + v + "\": " + e.getMessage(), e);
        }
        VideoSize s = parsed.orElseThrow(() -> new IllegalArgumentException(where + "must be a size like \"448x256\", got \"" + v + "\""));
        boolean wide = s.width() > s.height();
        if (aspect == VideoSize.Aspect.LANDSCAPE_16_9 ? !wide : s.height() <= s.width()) {
            throw new IllegalArgumentException(where + "\"" + v + "\" is not " + (aspect == VideoSize.Aspect.LANDSCAPE_16_9
                    ? "wider than tall" : "taller than wide"));
        }
        return s;
    }
}
