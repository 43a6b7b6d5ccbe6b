package dev.gallop.app.export;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gallop.app.project.AtomicFiles;
import dev.gallop.app.timeline.Clip;
import dev.gallop.app.timeline.Marker;
import dev.gallop.app.timeline.Timeline;
import dev.gallop.app.timeline.Track;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/// Writes a timeline as Final Cut Pro 7 XML (`xmeml` version 5), the XML Premiere Pro imports (File ▸ Import): one
/// sequence at the timeline's rate with a video track per video track and an audio track per audio track; each clip
/// item names its take file (`pathurl`, absolute) once in full and by id after that, its place (`start`/`end`) and
/// source range (`in`/`out`). Linked pictures and sounds are linked items. The generation record goes into the clip's
/// comments (the prompt and seed in the first master comment, the whole record as JSON in the first clip comment) and
/// the markers onto the sequence.
public final class Fcp7XmlWriter {
    private Fcp7XmlWriter() {}

    public static void write(Path out, Path project, Timeline t, String name) throws IOException {
        AtomicFiles.write(out, toXml(project, t, name), false);
    }

    static String toXml(Path project, Timeline t, String name) throws IOException {
        int fps = t.fps();
        int[] size = FcpxmlWriter.sequenceSize(project, t);
        Map<String, String> itemIds = new HashMap<>();
        int n = 0;
        for (Track tr : t.tracks()) for (Clip c : tr.clips()) itemIds.put(c.id(), "clipitem-" + ++n);
        Xml x = new Xml().doctype("xmeml").open("xmeml", "version", "5");
        x.open("sequence", "id", "sequence-1").text("name", name).text("duration", t.duration());
        rate(x, fps);
        x.open("timecode");
        rate(x, fps);
        x.text("string", "00:00:00:00").text("frame", 0).text("displayformat", "NDF").close();
        x.open("media").open("video").open("format").open("samplecharacteristics");
        rate(x, fps);
        x.text("width", size[0]).text("height", size[1]).text("pixelaspectratio", "square").close().close();
        Set<String> filesWritten = new HashSet<>();
        Map<String, String> fileIds = new HashMap<>();
        for (Track tr : t.tracks()) {
            if (tr.kind() != Track.Kind.VIDEO) continue;
            x.open("track");
            for (Clip c : tr.clips()) item(x, project, t, c, itemIds, fileIds, filesWritten, fps, size, true);
            x.text("enabled", tr.muted() ? "FALSE" : "TRUE").text("locked", tr.locked() ? "TRUE" : "FALSE").close();
        }
        x.close().open("audio");
        x.text("numOutputChannels", 2);
        for (Track tr : t.tracks()) {
            if (tr.kind() != Track.Kind.AUDIO) continue;
            x.open("track");
            for (Clip c : tr.clips()) item(x, project, t, c, itemIds, fileIds, filesWritten, fps, size, false);
            x.text("enabled", tr.muted() ? "FALSE" : "TRUE").text("locked", tr.locked() ? "TRUE" : "FALSE").close();
        }
        x.close().close();
        for (Marker m : t.markers()) x.open("marker").text("name", m.name()).text("comment", "").text("in", m.frame()).text("out", -1).close();
        x.close().close();
        return x.toString();
    }

    private static void item(Xml x, Path project, Timeline t, Clip c, Map<String, String> itemIds, Map<String, String> fileIds, Set<String> filesWritten,
                             int fps, int[] size, boolean video) {
        x.open("clipitem", "id", itemIds.get(c.id())).text("name", c.id()).text("enabled", "TRUE").text("duration", c.take().frames());
        rate(x, fps);
        x.text("start", c.start()).text("end", c.end()).text("in", c.in()).text("out", c.out());
        String media = c.take().media();
        String fileId = fileIds.computeIfAbsent(media, m -> "file-" + (fileIds.size() + 1));
        if (filesWritten.add(media)) {
            x.open("file", "id", fileId).text("name", Path.of(media).getFileName().toString())
                    .text("pathurl", project.resolve(media).toAbsolutePath().normalize().toUri().toString());
            rate(x, fps);
            x.text("duration", c.take().frames());
            x.open("media").open("video").open("samplecharacteristics");
            rate(x, fps);
            x.text("width", size[0]).text("height", size[1]).close().close();
            x.open("audio").open("samplecharacteristics").text("depth", 16).text("samplerate", 44100).close().text("channelcount", 2).close();
            x.close().close();
        } else {
            x.empty("file", "id", fileId);
        }
        if (!video) x.open("sourcetrack").text("mediatype", "audio").text("trackindex", 1).close();
        JsonNode r = ExportRecord.record(c);
        x.open("comments").text("mastercomment1", r.path("prompt").path("body").asText("") + " (seed " + r.path("seed").asText("?") + ")")
                .text("mastercomment2", "model " + r.path("model").asText("?") + ", " + r.path("steps").asText("?") + " steps")
                .text("clipcommenta", r.toString()).close();
        if (c.link() != null) {
            link(x, itemIds.get(c.id()), video ? "video" : "audio", t, c);
            for (Clip p : t.partners(c.id())) link(x, itemIds.get(p.id()), t.trackOf(p.id()).kind() == Track.Kind.VIDEO ? "video" : "audio", t, p);
        }
        x.close();
    }

    private static void link(Xml x, String id, String type, Timeline t, Clip c) {
        Track tr = t.trackOf(c.id());
        int trackIndex = 1 + (int) t.tracks().stream().filter(o -> o.kind() == tr.kind()).takeWhile(o -> o != tr).count();
        x.open("link").text("linkclipref", id).text("mediatype", type).text("trackindex", trackIndex)
                .text("clipindex", tr.clips().indexOf(c) + 1).close();
    }

    private static void rate(Xml x, int fps) { x.open("rate").text("timebase", fps).text("ntsc", "FALSE").close(); }
}
