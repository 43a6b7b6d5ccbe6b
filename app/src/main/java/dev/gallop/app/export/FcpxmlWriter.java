package dev.gallop.app.export;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gallop.app.media.FrameReader;
import dev.gallop.app.project.AtomicFiles;
import dev.gallop.app.timeline.Clip;
import dev.gallop.app.timeline.Marker;
import dev.gallop.app.timeline.Timeline;
import dev.gallop.app.timeline.Track;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/// Writes a timeline as FCPXML 1.10, which Final Cut Pro and DaVinci Resolve import: one `asset` per take file
/// (absolute file URLs), a sequence at the first shot's size and the timeline's rate whose primary storyline is V1
/// (clips and gaps), with the other video tracks as connected clips above it (lanes 1, 2, …) and the audio tracks below
/// it (lanes −1, −2, …); pictures carry only their video, the audio tracks the sound, so nothing plays twice. Each clip
/// has its prompt as a note and its generation record as metadata (`com.gallop.generation`); markers go on the
/// storyline item they fall in.
public final class FcpxmlWriter {
    private FcpxmlWriter() {}

    public static void write(Path out, Path project, Timeline t, String name) throws IOException {
        AtomicFiles.write(out, toXml(project, t, name), false);
    }

    static String toXml(Path project, Timeline t, String name) throws IOException {
        int fps = t.fps();
        int[] size = sequenceSize(project, t);
        Xml x = new Xml().doctype("fcpxml").open("fcpxml", "version", "1.10").open("resources");
        x.empty("format", "id", "r1", "name", formatName(size, fps), "frameDuration", "1/" + fps + "s", "width", Integer.toString(size[0]),
                "height", Integer.toString(size[1]), "colorSpace", "1-1-1 (Rec. 709)");
        Map<String, String> assets = new LinkedHashMap<>();
        for (Track tr : t.tracks()) {
            for (Clip c : tr.clips()) {
                String media = c.take().media();
                if (assets.containsKey(media)) continue;
                String id = "r" + (assets.size() + 2);
                assets.put(media, id);
                x.open("asset", "id", id, "name", c.take().id(), "start", "0s", "duration", time(c.take().frames(), fps), "hasVideo", "1",
                        "hasAudio", "1", "videoSources", "1", "audioSources", "1", "audioChannels", "2", "audioRate", "44100", "format", "r1");
                x.empty("media-rep", "kind", "original-media", "src", project.resolve(media).toAbsolutePath().normalize().toUri().toString());
                x.close();
            }
        }
        x.close();
        x.open("library").open("event", "name", "Gallop").open("project", "name", name);
        x.open("sequence", "format", "r1", "duration", time(t.duration(), fps), "tcStart", "0s", "tcFormat", "NDF", "audioLayout", "stereo",
                "audioRate", "48k");
        x.open("spine");
        Track main = t.tracks().stream().filter(tr -> tr.kind() == Track.Kind.VIDEO).findFirst().orElse(null);
        List<Item> spine = spine(main, t.duration());
        // everything else hangs off the storyline item covering its start
        Map<Item, List<Connected>> hanging = new LinkedHashMap<>();
        int videoLane = 0, audioLane = 0;
        for (Track tr : t.tracks()) {
            if (tr == main) continue;
            int lane = tr.kind() == Track.Kind.VIDEO ? ++videoLane : -(++audioLane);
            for (Clip c : tr.clips()) hanging.computeIfAbsent(cover(spine, c.start()), k -> new ArrayList<>()).add(new Connected(c, lane, tr.kind()));
        }
        for (Item it : spine) {
            List<Connected> kids = hanging.getOrDefault(it, List.of());
            List<Marker> marks = t.markers().stream().filter(m -> m.frame() >= it.offset && m.frame() < it.offset + it.duration).toList();
            if (it.clip == null) {
                x.open("gap", "name", "Gap", "offset", time(it.offset, fps), "start", "0s", "duration", time(it.duration, fps));
                for (Connected k : kids) connected(x, k, assets, fps, it.offset - 0);
                for (Marker m : marks) x.empty("marker", "start", time(m.frame() - it.offset, fps), "duration", "1/" + fps + "s", "value", m.name());
                x.close();
            } else {
                Clip c = it.clip;
                x.open("asset-clip", "ref", assets.get(c.take().media()), "name", c.id(), "offset", time(c.start(), fps), "start", time(c.in(), fps),
                        "duration", time(c.duration(), fps), "format", "r1", "tcFormat", "NDF", "srcEnable", "video");
                note(x, c);
                for (Connected k : kids) connected(x, k, assets, fps, c.start() - c.in());
                for (Marker m : marks) x.empty("marker", "start", time(c.in() + m.frame() - c.start(), fps), "duration", "1/" + fps + "s", "value", m.name());
                metadata(x, c);
                x.close();
            }
        }
        x.close().close().close().close().close().close();
        return x.toString();
    }

    private record Item(Clip clip, int offset, int duration) {}

    private record Connected(Clip clip, int lane, Track.Kind kind) {}

    /// V1's clips with gaps between them, covering the whole edit.
    private static List<Item> spine(Track main, int total) {
        List<Item> out = new ArrayList<>();
        int at = 0;
        if (main != null) {
            for (Clip c : main.clips()) {
                if (c.start() > at) out.add(new Item(null, at, c.start() - at));
                out.add(new Item(c, c.start(), c.duration()));
                at = c.end();
            }
        }
        if (at < total || out.isEmpty()) out.add(new Item(null, at, Math.max(1, total - at)));
        return out;
    }

    private static Item cover(List<Item> spine, int frame) {
        for (Item it : spine) if (frame >= it.offset && frame < it.offset + it.duration) return it;
        return spine.getLast();
    }

    /// A connected clip; `parentZero` is the sequence frame where the parent's local time is 0.
    private static void connected(Xml x, Connected k, Map<String, String> assets, int fps, int parentZero) {
        Clip c = k.clip;
        x.open("asset-clip", "ref", assets.get(c.take().media()), "lane", Integer.toString(k.lane), "name", c.id(),
                "offset", time(c.start() - parentZero, fps), "start", time(c.in(), fps), "duration", time(c.duration(), fps), "format", "r1",
                "tcFormat", "NDF", "srcEnable", k.kind == Track.Kind.VIDEO ? "video" : "audio");
        note(x, c);
        metadata(x, c);
        x.close();
    }

    private static void note(Xml x, Clip c) {
        JsonNode r = ExportRecord.record(c);
        String body = r.path("prompt").path("body").asText("");
        if (!body.isEmpty()) x.text("note", body + " (seed " + r.path("seed").asText("?") + ")");
    }

    private static void metadata(Xml x, Clip c) {
        x.open("metadata").empty("md", "key", "com.gallop.generation", "value", ExportRecord.record(c).toString());
        if (c.link() != null) x.empty("md", "key", "com.gallop.link", "value", c.link());
        x.close();
    }

    /// Frames as FCPXML's rational seconds ("53/25s", "0s").
    static String time(int frames, int fps) {
        if (frames == 0) return "0s";
        if (frames % fps == 0) return frames / fps + "s";
        return frames + "/" + fps + "s";
    }

    private static String formatName(int[] size, int fps) {
        if (size[0] == 1920 && size[1] == 1080) return "FFVideoFormat1080p" + fps;
        if (size[0] == 1280 && size[1] == 720) return "FFVideoFormat720p" + fps;
        return null;
    }

    static int[] sequenceSize(Path project, Timeline t) throws IOException {
        for (Track tr : t.tracks()) {
            if (tr.kind() != Track.Kind.VIDEO || tr.clips().isEmpty()) continue;
            try (FrameReader r = new FrameReader(project.resolve(tr.clips().getFirst().take().media()))) {
                return new int[] {r.width(), r.height()};
            }
        }
        return new int[] {1920, 1080};
    }
}
