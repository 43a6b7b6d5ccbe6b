package dev.gallop.app.project;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gallop.app.timeline.Clip;
import dev.gallop.app.timeline.Marker;
import dev.gallop.app.timeline.Take;
import dev.gallop.app.timeline.Timeline;
import dev.gallop.app.timeline.Track;
import dev.gallop.engine.io.json.BoundedJson;
import dev.gallop.engine.io.output.StaleOutputs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/// A project folder: `project.json` (versioned schema), `media/` (takes), `renders/` (exports), an autosave and a
/// lock file. The lock exists while the project is open; finding it at open time means the last session did not
/// close cleanly. An autosave newer than `project.json` that holds another edit is offered for recovery at every
/// open, however the last session ended; one the user declines is set aside (renamed), never deleted.
public final class ProjectFile {
    /// 2: shots have their sound as a linked clip on an audio track, track mute/solo/lock, markers, approved shots.
    /// A version 1 file (sound only inside the video clips) is read with each shot's sound put on an audio track,
    /// linked to it, so nothing that was heard goes silent.
    public static final int VERSION = 2;
    public static final String FILE = "project.json", AUTOSAVE = ".autosave.json", LOCK = ".lock";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProjectFile() {}

    public static Path mediaDir(Path project) { return project.resolve("media"); }

    public static Path rendersDir(Path project) { return project.resolve("renders"); }

    public static void save(Path project, Timeline t) throws IOException {
        Files.createDirectories(mediaDir(project));
        AtomicFiles.write(project.resolve(FILE), toJson(t), true);
        Files.deleteIfExists(project.resolve(AUTOSAVE));
    }

    public static void autosave(Path project, Timeline t) throws IOException {
        AtomicFiles.write(project.resolve(AUTOSAVE), toJson(t), false);
    }

    public static Timeline load(Path project) throws IOException { return read(project.resolve(FILE)); }

    /// The autosave to offer: present, newer than the saved project (or there is no saved project), readable, and
    /// holding another edit than the saved one.
    public static Optional<Timeline> recoverable(Path project) {
        Path a = project.resolve(AUTOSAVE), p = project.resolve(FILE);
        try {
            if (!Files.exists(a)) return Optional.empty();
            if (Files.exists(p) && Files.getLastModifiedTime(a).compareTo(Files.getLastModifiedTime(p)) <= 0) return Optional.empty();
            Timeline t = read(a);
            if (Files.exists(p) && t.equals(read(p))) return Optional.empty();
            return Optional.of(t);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /// Removes the autosave (the user discarded the changes it holds, or there are none).
    public static void discardAutosave(Path project) throws IOException { Files.deleteIfExists(project.resolve(AUTOSAVE)); }

    /// The user declined to recover the autosave: it is renamed to `.autosave-declined-<time>.json` so it is not
    /// offered again but can still be opened by hand. Returns the new name, or null when there was none.
    public static Path setAsideAutosave(Path project) throws IOException {
        Path a = project.resolve(AUTOSAVE);
        if (!Files.exists(a)) return null;
        String stamp = java.time.LocalDateTime.now().format(java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path aside = project.resolve(".autosave-declined-" + stamp + ".json");
        for (int i = 2; Files.exists(aside); i++) aside = project.resolve(".autosave-declined-" + stamp + "-" + i + ".json");
        return Files.move(a, aside);
    }

    /// Marks the project open; returns true when a lock from an earlier session was found (it did not close cleanly).
    public static boolean lock(Path project) throws IOException {
        Path l = project.resolve(LOCK);
        boolean stale = Files.exists(l);
        Files.createDirectories(project);
        sweepLeftovers(project);
        Files.writeString(l, Long.toString(ProcessHandle.current().pid()));
        return stale;
    }

    /// Removes what writers that died left in the project (partial files of saves, takes and exports; see
    /// [StaleOutputs]): run when a project opens. Returns what was removed.
    public static java.util.List<Path> sweepLeftovers(Path project) {
        java.util.List<Path> removed = new java.util.ArrayList<>(StaleOutputs.sweep(project));
        removed.addAll(StaleOutputs.sweep(mediaDir(project)));
        removed.addAll(StaleOutputs.sweep(rendersDir(project)));
        return removed;
    }

    public static void unlock(Path project) throws IOException { Files.deleteIfExists(project.resolve(LOCK)); }

    /// A version 1 edit: every video clip's sound becomes a linked clip on the first audio track free over its range
    /// (a new audio track when none is), with the same takes, range and place.
    static Timeline soundOnAudioTracks(Timeline t) {
        for (Track v : List.copyOf(t.tracks())) {
            if (v.kind() != Track.Kind.VIDEO) continue;
            for (Clip c : v.clips()) {
                String link = c.link() != null ? c.link() : c.id();
                Timeline now = t;
                Track audio = now.tracks().stream().filter(a -> a.kind() == Track.Kind.AUDIO && a.free(c.start(), c.end())).findFirst().orElse(null);
                if (audio == null) {
                    audio = new Track(now.newTrackId(Track.Kind.AUDIO), Track.Kind.AUDIO, List.of());
                    List<Track> l = new ArrayList<>(now.tracks());
                    l.add(audio);
                    now = now.withTracks(l);
                }
                String id = c.id() + ".sound";
                for (int n = 2; now.find(id).isPresent(); n++) id = c.id() + ".sound" + n;
                now = now.with(now.track(audio.id()).with(new Clip(id, c.start(), c.in(), c.out(), c.takes(), c.active(), link, false)));
                t = now.with(now.track(v.id()).replaced(c.withLink(link)));
            }
        }
        return t;
    }

    static String toJson(Timeline t) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "gallop-project").put("version", VERSION).put("fps", t.fps());
        ArrayNode markers = root.putArray("markers");
        for (Marker m : t.markers()) markers.addObject().put("frame", m.frame()).put("name", m.name());
        ArrayNode tracks = root.putArray("tracks");
        for (Track tr : t.tracks()) {
            ObjectNode tn = tracks.addObject().put("id", tr.id()).put("kind", tr.kind().name().toLowerCase(java.util.Locale.ROOT))
                    .put("muted", tr.muted()).put("solo", tr.solo()).put("locked", tr.locked());
            ArrayNode clips = tn.putArray("clips");
            for (Clip c : tr.clips()) {
                ObjectNode cn = clips.addObject().put("id", c.id()).put("start", c.start()).put("in", c.in()).put("out", c.out()).put("active", c.active());
                if (c.link() != null) cn.put("link", c.link());
                if (c.approved()) cn.put("approved", true);
                ArrayNode takes = cn.putArray("takes");
                for (Take k : c.takes()) {
                    ObjectNode kn = takes.addObject().put("id", k.id()).put("media", k.media()).put("frames", k.frames());
                    try {
                        kn.set("record", JSON.readTree(k.record()));
                    } catch (IOException e) {
                        kn.put("record", k.record());
                    }
                }
            }
        }
        return root.toPrettyString();
    }

    /// Reads a project file (`project.json`, its backup or an autosave).
    public static Timeline read(Path file) throws IOException {
        JsonNode root;
        try {
            root = BoundedJson.read(file, BoundedJson.PROJECT);
        } catch (IOException e) {
            throw new IOException(file + ": not a readable project file: " + e.getMessage(), e);
        }
        if (root == null || !"gallop-project".equals(root.path("format").asText())) throw new IOException(file + ": not a Gallop project (format)");
        int version = root.path("version").asInt(-1);
        if (version < 1 || version > VERSION) {
            throw new IOException(file + ": project version " + version + " is not supported (this Gallop reads 1.." + VERSION + ")");
        }
        try {
            List<Track> tracks = new ArrayList<>();
            for (JsonNode tn : root.path("tracks")) {
                List<Clip> clips = new ArrayList<>();
                for (JsonNode cn : tn.path("clips")) {
                    List<Take> takes = new ArrayList<>();
                    for (JsonNode kn : cn.path("takes")) {
                        JsonNode r = kn.get("record");
                        takes.add(new Take(kn.path("id").asText(), kn.path("media").asText(), kn.path("frames").asInt(),
                                r == null ? "{}" : r.isTextual() ? r.asText() : r.toString()));
                    }
                    JsonNode link = cn.get("link");
                    clips.add(new Clip(cn.path("id").asText(), cn.path("start").asInt(), cn.path("in").asInt(), cn.path("out").asInt(),
                            takes, cn.path("active").asInt(), link == null || link.isNull() ? null : link.asText(), cn.path("approved").asBoolean(false)));
                }
                tracks.add(new Track(tn.path("id").asText(), Track.Kind.valueOf(tn.path("kind").asText().toUpperCase(java.util.Locale.ROOT)), clips,
                        tn.path("muted").asBoolean(false), tn.path("solo").asBoolean(false), tn.path("locked").asBoolean(false)));
            }
            List<Marker> markers = new ArrayList<>();
            for (JsonNode m : root.path("markers")) markers.add(new Marker(m.path("frame").asInt(), m.path("name").asText("")));
            Timeline t = new Timeline(root.path("fps").asInt(25), tracks, markers);
            return version == 1 ? soundOnAudioTracks(t) : t;
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }
}
