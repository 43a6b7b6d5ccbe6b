package dev.gallop.app.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gallop.app.project.AtomicFiles;
import dev.gallop.app.timeline.Clip;
import dev.gallop.app.timeline.Take;
import dev.gallop.app.timeline.Timeline;
import dev.gallop.app.timeline.Track;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/// Writes a timeline as OpenTimelineIO JSON (`.otio`), directly with Jackson: `Timeline.1` → `Stack.1` → one
/// `Track.1` per track (kind `Video`/`Audio`) → `Clip.2` and `Gap.1` items with `TimeRange.1`/`RationalTime.1`
/// ranges at the timeline's rate. Each clip references its take's media (`ExternalReference.1`, an absolute file URL,
/// under `DEFAULT_MEDIA`) and carries `metadata.gallop`: the clip id, the active take's generation record and the
/// whole take stack, so a round trip through Resolve or another editor keeps prompt and seed per shot.
public final class OtioWriter {
    private static final ObjectMapper JSON = new ObjectMapper();

    private OtioWriter() {}

    public static void write(Path out, Path project, Timeline t, String name) throws IOException {
        AtomicFiles.write(out, toJson(project, t, name).toPrettyString(), false);
    }

    public static ObjectNode toJson(Path project, Timeline t, String name) {
        ObjectNode root = JSON.createObjectNode().put("OTIO_SCHEMA", "Timeline.1").put("name", name);
        root.putObject("metadata").putObject("gallop").put("fps", t.fps()).put("project", project.toAbsolutePath().toString());
        root.putNull("global_start_time");
        ObjectNode stack = item(root.putObject("tracks"), "Stack.1", "tracks");
        stack.putNull("source_range");
        ArrayNode tracks = stack.putArray("children");
        for (Track tr : t.tracks()) {
            ObjectNode tn = item(tracks.addObject(), "Track.1", tr.id());
            tn.putNull("source_range");
            tn.put("kind", tr.kind() == Track.Kind.VIDEO ? "Video" : "Audio");
            ArrayNode items = tn.putArray("children");
            int at = 0;
            for (Clip c : tr.clips()) {
                if (c.start() > at) item(items.addObject(), "Gap.1", "").set("source_range", range(0, c.start() - at, t.fps()));
                items.add(clip(project, c, t.fps()));
                at = c.end();
            }
        }
        return root;
    }

    private static ObjectNode clip(Path project, Clip c, int fps) {
        ObjectNode n = item(JSON.createObjectNode(), "Clip.2", c.id());
        n.set("source_range", range(c.in(), c.duration(), fps));
        Take take = c.take();
        ObjectNode ref = n.putObject("media_references").putObject("DEFAULT_MEDIA");
        ref.put("OTIO_SCHEMA", "ExternalReference.1").put("name", take.id());
        ref.putObject("metadata").putObject("gallop").put("media", take.media());
        ref.set("available_range", range(0, take.frames(), fps));
        ref.putNull("available_image_bounds");
        ref.put("target_url", project.resolve(take.media()).toAbsolutePath().normalize().toUri().toString());
        n.put("active_media_reference_key", "DEFAULT_MEDIA");
        ObjectNode g = ((ObjectNode) n.get("metadata")).putObject("gallop");
        g.put("clip_id", c.id()).put("active_take", c.active()).put("take_id", take.id());
        g.set("generation", ExportRecord.record(c));
        ArrayNode takes = g.putArray("takes");
        for (Take k : c.takes()) {
            ObjectNode kn = takes.addObject().put("id", k.id()).put("media", k.media()).put("frames", k.frames());
            kn.set("generation", ExportRecord.record(k));
        }
        return n;
    }

    private static ObjectNode item(ObjectNode n, String schema, String name) {
        n.put("OTIO_SCHEMA", schema).put("name", name);
        n.putObject("metadata");
        if (!schema.startsWith("Timeline")) {
            n.putArray("effects");
            n.putArray("markers");
            n.put("enabled", true);
        }
        return n;
    }

    static ObjectNode range(int start, int duration, int fps) {
        ObjectNode r = JSON.createObjectNode().put("OTIO_SCHEMA", "TimeRange.1");
        r.set("duration", time(duration, fps));
        r.set("start_time", time(start, fps));
        return r;
    }

    private static ObjectNode time(int value, int fps) {
        return JSON.createObjectNode().put("OTIO_SCHEMA", "RationalTime.1").put("rate", (double) fps).put("value", (double) value);
    }

    /// `name.otio` for a project or export name.
    public static String fileName(String name) { return name.toLowerCase(Locale.ROOT).endsWith(".otio") ? name : name + ".otio"; }
}
