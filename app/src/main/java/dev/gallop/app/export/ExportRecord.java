package dev.gallop.app.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gallop.app.timeline.Clip;
import dev.gallop.app.timeline.Take;
import dev.gallop.app.timeline.Timeline;
import dev.gallop.app.timeline.Track;
import java.io.IOException;

/// What an exported timeline is made of, as JSON: each clip's place, source range, take and generation record.
/// Goes into the MP4's `comment` tag and the JSON sidecar next to it.
public final class ExportRecord {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExportRecord() {}

    public static ObjectNode of(Timeline t, int width, int height) {
        ObjectNode n = JSON.createObjectNode();
        n.put("generator", "gallop").put("kind", "timeline-export").put("fps", t.fps()).put("frames", t.duration())
         .put("width", width).put("height", height);
        ArrayNode clips = n.putArray("clips");
        for (Track tr : t.tracks()) {
            for (Clip c : tr.clips()) {
                ObjectNode cn = clips.addObject().put("track", tr.id()).put("clip", c.id()).put("start", c.start())
                        .put("in", c.in()).put("out", c.out()).put("take", c.take().id()).put("media", c.take().media());
                cn.set("record", record(c));
            }
        }
        return n;
    }

    /// The active take's generation record as JSON.
    static JsonNode record(Clip c) { return record(c.take()); }

    /// A take's generation record as JSON (a record that is not JSON is kept as text).
    static JsonNode record(Take k) {
        try {
            return JSON.readTree(k.record());
        } catch (IOException e) {
            return JSON.getNodeFactory().textNode(k.record());
        }
    }
}
