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

/// Writes a timeline as OpenTimelineIO JSON (`.otio`), directly with Jackson: `Timeline.1` → `Stack.1` (with the
/// timeline's markers as `Marker.2`) → one `Track.1` per track (kind `Video`/`Audio`; video tracks bottom first, as
/// OTIO stacks them) → `Clip.2` and `Gap.1` items with `TimeRange.1`/`RationalTime.1` ranges at the timeline's rate.
/// Each clip references its take's media (`ExternalReference.1` under `DEFAULT_MEDIA`) by a path relative to the
/// `.otio` file, so the export and the project's `media/` can move together; an `.otioz` bundle ([#writeBundle]) holds
/// the media itself. Each clip carries `metadata.gallop`: the clip id, its link, the active take's generation record and
/// the whole take stack, so a round trip through Resolve or another editor keeps prompt and seed per shot.
public final class OtioWriter {
    private static final ObjectMapper JSON = new ObjectMapper();
    /// The bundle's version file content.
    public static final String BUNDLE_VERSION = "1.0.0";

    private OtioWriter() {}

    /// `out` with media paths relative to its folder.
    public static void write(Path out, Path project, Timeline t, String name) throws IOException {
        Path from = out.toAbsolutePath().normalize().getParent();
        AtomicFiles.write(out, toJson(project, t, name, media -> relative(from, project.resolve(media))).toPrettyString(), false);
    }

    /// An `.otioz` bundle: `content.otio` (media paths `media/<file>`), `version.txt` and every take file the edit uses
    /// under `media/`, stored without compression. Written through an [dev.gallop.engine.io.output.AtomicOutput]: a
    /// partial file beside the target, renamed into place when complete.
    public static void writeBundle(Path out, Path project, Timeline t, String name, dev.gallop.engine.runtime.CancelToken cancel) throws IOException {
        java.util.Map<String, Path> files = new java.util.LinkedHashMap<>();
        for (Track tr : t.tracks()) for (Clip c : tr.clips()) files.put(Path.of(c.take().media()).getFileName().toString(), project.resolve(c.take().media()));
        ObjectNode json = toJson(project, t, name, media -> "media/" + Path.of(media).getFileName());
        try (dev.gallop.engine.io.output.AtomicOutput file = dev.gallop.engine.io.output.AtomicOutput.create(out)) {
            var zip = new java.util.zip.ZipOutputStream(file.stream());
            zip.putNextEntry(new java.util.zip.ZipEntry("content.otio"));
            zip.write(json.toPrettyString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new java.util.zip.ZipEntry("version.txt"));
            zip.write(BUNDLE_VERSION.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            zip.closeEntry();
            for (var e : files.entrySet()) {
                cancel.throwIfCancelled();
                byte[] data = java.nio.file.Files.readAllBytes(e.getValue());
                java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                crc.update(data);
                java.util.zip.ZipEntry z = new java.util.zip.ZipEntry("media/" + e.getKey());
                z.setMethod(java.util.zip.ZipEntry.STORED);
                z.setSize(data.length);
                z.setCompressedSize(data.length);
                z.setCrc(crc.getValue());
                zip.putNextEntry(z);
                zip.write(data);
                zip.closeEntry();
            }
            zip.finish();
            file.commit();
        }
    }

    /// A relative URL (forward slashes, spaces and the like percent-encoded) from folder `from` to `file`.
    static String relative(Path from, Path file) {
        Path rel = from.relativize(file.toAbsolutePath().normalize());
        StringBuilder sb = new StringBuilder();
        for (Path part : rel) {
            if (!sb.isEmpty()) sb.append('/');
            sb.append(java.net.URLEncoder.encode(part.toString(), java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return sb.toString();
    }

    /// The timeline as OTIO JSON with absolute file URLs.
    public static ObjectNode toJson(Path project, Timeline t, String name) {
        return toJson(project, t, name, media -> project.resolve(media).toAbsolutePath().normalize().toUri().toString());
    }

    /// The timeline as OTIO JSON; `url` gives each take's `target_url` from its project-relative media path.
    public static ObjectNode toJson(Path project, Timeline t, String name, java.util.function.Function<String, String> url) {
        ObjectNode root = JSON.createObjectNode().put("OTIO_SCHEMA", "Timeline.1").put("name", name);
        root.putObject("metadata").putObject("gallop").put("fps", t.fps()).put("project", project.toAbsolutePath().toString());
        root.putNull("global_start_time");
        ObjectNode stack = item(root.putObject("tracks"), "Stack.1", "tracks");
        stack.putNull("source_range");
        ArrayNode markers = (ArrayNode) stack.get("markers");
        for (dev.gallop.app.timeline.Marker m : t.markers()) {
            ObjectNode mk = markers.addObject().put("OTIO_SCHEMA", "Marker.2").put("name", m.name()).put("color", "RED").put("comment", "");
            mk.putObject("metadata");
            mk.set("marked_range", range(m.frame(), 0, t.fps()));
        }
        ArrayNode tracks = stack.putArray("children");
        for (Track tr : t.tracks()) {
            ObjectNode tn = item(tracks.addObject(), "Track.1", tr.id());
            tn.putNull("source_range");
            tn.put("kind", tr.kind() == Track.Kind.VIDEO ? "Video" : "Audio");
            ArrayNode items = tn.putArray("children");
            int at = 0;
            for (Clip c : tr.clips()) {
                if (c.start() > at) item(items.addObject(), "Gap.1", "").set("source_range", range(0, c.start() - at, t.fps()));
                items.add(clip(c, t.fps(), url));
                at = c.end();
            }
        }
        return root;
    }

    private static ObjectNode clip(Clip c, int fps, java.util.function.Function<String, String> url) {
        ObjectNode n = item(JSON.createObjectNode(), "Clip.2", c.id());
        n.set("source_range", range(c.in(), c.duration(), fps));
        Take take = c.take();
        ObjectNode ref = n.putObject("media_references").putObject("DEFAULT_MEDIA");
        ref.put("OTIO_SCHEMA", "ExternalReference.1").put("name", take.id());
        ref.putObject("metadata").putObject("gallop").put("media", take.media());
        ref.set("available_range", range(0, take.frames(), fps));
        ref.putNull("available_image_bounds");
        ref.put("target_url", url.apply(take.media()));
        n.put("active_media_reference_key", "DEFAULT_MEDIA");
        ObjectNode g = ((ObjectNode) n.get("metadata")).putObject("gallop");
        g.put("clip_id", c.id()).put("active_take", c.active()).put("take_id", take.id());
        if (c.link() != null) g.put("link", c.link());
        if (c.approved()) g.put("approved", true);
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
