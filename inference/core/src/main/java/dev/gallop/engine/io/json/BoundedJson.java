package dev.gallop.engine.io.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/// Reads JSON that came from outside (a project, the queue, a model's `model.json` and `config.json`, a checkpoint
/// header) within limits: a file larger than [Limits#maxBytes()] is refused before it is read, nesting deeper than
/// [Limits#maxDepth()] and a key given twice in one object are refused while parsing. Every refusal is an
/// [IOException] whose message starts with the file and says which limit was hit.
public final class BoundedJson {
    private BoundedJson() {}

    /// The size and nesting a kind of file may have; `what` names the kind in messages ("project file").
    public record Limits(String what, long maxBytes, int maxDepth) {
        public Limits {
            if (maxBytes < 2 || maxDepth < 1) throw new IllegalArgumentException("bad JSON limits " + maxBytes + "/" + maxDepth);
        }
    }

    /// A project file: its takes carry their generation records, so a long timeline is a few MB.
    public static final Limits PROJECT = new Limits("project file", 64L << 20, 32);
    /// The studio's queue: one request per job.
    public static final Limits QUEUE = new Limits("queue file", 16L << 20, 32);
    /// `model.json`, a DiT's `config.json`, a decoder's config.
    public static final Limits MODEL_CONFIG = new Limits("model configuration", 1L << 20, 16);
    /// A record sidecar or another small document.
    public static final Limits SMALL = new Limits("JSON file", 4L << 20, 32);

    /// A mapper that enforces `limits` (depth, document length) and refuses duplicate keys.
    public static ObjectMapper mapper(Limits limits) {
        JsonFactory f = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(limits.maxDepth())
                        .maxDocumentLength(limits.maxBytes()).build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        return JsonMapper.builder(f).build();
    }

    /// Reads `file` as JSON within `limits`.
    public static JsonNode read(Path file, Limits limits) throws IOException {
        long size;
        try {
            size = Files.size(file);
        } catch (NoSuchFileException e) {
            throw new NoSuchFileException(file.toString(), null, "no such " + limits.what());
        }
        if (size > limits.maxBytes()) {
            throw new IOException(file + ": is " + size + " bytes; a " + limits.what() + " may be at most " + limits.maxBytes()
                    + " bytes (limit)");
        }
        return parse(file.toString(), Files.readAllBytes(file), limits);
    }

    /// Parses `json` (from `source`, named in messages) within `limits`.
    public static JsonNode parse(String source, byte[] json, Limits limits) throws IOException {
        if (json.length > limits.maxBytes()) {
            throw new IOException(source + ": is " + json.length + " bytes; a " + limits.what() + " may be at most "
                    + limits.maxBytes() + " bytes (limit)");
        }
        try {
            JsonNode n = MAPPERS.computeIfAbsent(limits, BoundedJson::mapper).readTree(json);
            if (n == null || n.isMissingNode()) throw new IOException(source + ": is empty; not a " + limits.what());
            return n;
        } catch (StreamConstraintsException e) {
            throw new IOException(source + ": " + limits.what() + " nests deeper than " + limits.maxDepth() + " levels or is too long"
                    + " (limit): " + e.getOriginalMessage(), e);
        } catch (JsonParseException e) {
            String m = e.getOriginalMessage();
            if (m != null && m.startsWith("Duplicate")) {
                throw new IOException(source + ": " + limits.what() + " gives the key " + quoted(m) + " twice in one object", e);
            }
            throw new IOException(source + ": not valid JSON (" + limits.what() + "): " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr(), e);
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(source)) throw e;
            throw new IOException(source + ": not valid JSON (" + limits.what() + "): " + e.getMessage(), e);
        }
    }

    private static final java.util.Map<Limits, ObjectMapper> MAPPERS = new java.util.concurrent.ConcurrentHashMap<>();

    /// The key named in a duplicate-key message ("Duplicate Object property \"k\"" / "Duplicate field 'k'").
    static String quoted(String message) {
        int a = message.indexOf('"'), b = message.indexOf('"', a + 1);
        if (a < 0 || b < 0) {
            a = message.indexOf('\'');
            b = message.indexOf('\'', a + 1);
        }
        if (a < 0 || b <= a) return "(unnamed)";
        String k = message.substring(a + 1, b);
        return "'" + (k.length() > 200 ? k.substring(0, 200) + "..." : k) + "'";
    }
}
