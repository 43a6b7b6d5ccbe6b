package dev.gallop.app.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gallop.app.project.AtomicFiles;
import dev.gallop.engine.io.json.BoundedJson;
import dev.gallop.engine.pipeline.GenerationRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/// The queue on disk: `{"format": "gallop-queue", "version": 1, "jobs": [...]}`, written atomically (temp file,
/// fsync, rename) after every change. Reading refuses anything it does not fully understand (a broken file, another
/// format, a newer version, a bad job) with a [QueueFileException] naming the file and the problem.
public final class QueueFile {
    public static final int VERSION = 1;
    public static final String FORMAT = "gallop-queue";
    private static final ObjectMapper JSON = new ObjectMapper();

    private QueueFile() {}

    /// One saved job. `target` is null for a new shot.
    public record Entry(String id, GenerationRequest request, String target, JobState state, String message) {}

    /// The file could not be used; the message names the file and the reason.
    public static final class QueueFileException extends IOException {
        public QueueFileException(String message, Throwable cause) { super(message, cause); }
    }

    public static void write(Path file, List<Entry> jobs) throws IOException {
        ObjectNode root = JSON.createObjectNode().put("format", FORMAT).put("version", VERSION);
        ArrayNode arr = root.putArray("jobs");
        for (Entry e : jobs) {
            ObjectNode j = arr.addObject().put("id", e.id()).put("state", e.state().name().toLowerCase(Locale.ROOT));
            if (e.target() != null) j.put("target", e.target());
            if (e.message() != null && !e.message().isEmpty()) j.put("message", e.message());
            j.set("request", RequestJson.write(e.request()));
        }
        AtomicFiles.write(file, root.toPrettyString(), false);
    }

    /// The saved jobs, in queue order; an absent file is an empty queue.
    public static List<Entry> read(Path file) throws QueueFileException {
        if (!Files.exists(file)) return List.of();
        JsonNode root;
        try {
            root = BoundedJson.read(file, BoundedJson.QUEUE);
        } catch (IOException e) {
            throw new QueueFileException(file + ": not a readable queue file: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject() || !FORMAT.equals(root.path("format").asText())) {
            throw new QueueFileException(file + ": not a Gallop queue file (\"format\" is not \"" + FORMAT + "\")", null);
        }
        int version = root.path("version").asInt(-1);
        if (version > VERSION) {
            throw new QueueFileException(file + ": queue version " + version + " was written by a newer Gallop (this one reads 1.." + VERSION + ")", null);
        }
        if (version < 1) throw new QueueFileException(file + ": queue version " + root.path("version") + " is not valid", null);
        if (!root.path("jobs").isArray()) throw new QueueFileException(file + ": \"jobs\" is missing or not a list", null);
        List<Entry> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        int i = 0;
        for (JsonNode j : root.path("jobs")) {
            String where = file + ": job " + i++;
            try {
                String id = j.path("id").asText("");
                if (id.isBlank()) throw new IllegalArgumentException(where + ": \"id\" is missing");
                if (!ids.add(id)) throw new IllegalArgumentException(where + ": id \"" + id + "\" appears twice");
                JobState state;
                try {
                    state = JobState.valueOf(j.path("state").asText("").toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(where + ": unknown state \"" + j.path("state").asText() + "\"");
                }
                JsonNode t = j.get("target");
                out.add(new Entry(id, RequestJson.read(j.get("request"), where + " (" + id + ")"), t == null || t.isNull() ? null : t.asText(),
                        state, j.path("message").asText("")));
            } catch (IllegalArgumentException e) {
                String m = e.getMessage().startsWith(where) ? e.getMessage() : where + ": " + e.getMessage();
                throw new QueueFileException(m, e);
            }
        }
        return out;
    }
}
