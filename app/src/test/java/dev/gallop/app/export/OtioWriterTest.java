package dev.gallop.app.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gallop.app.timeline.Timeline;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.gallop.app.testing.SampleProject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OtioWriterTest {
    @TempDir Path project;

    static double value(JsonNode time) {
        assertEquals("RationalTime.1", time.path("OTIO_SCHEMA").asText());
        assertEquals(25.0, time.path("rate").asDouble());
        return time.path("value").asDouble();
    }

    @Test void tracksClipsGapsAndGenerationRecordsRoundTrip() throws Exception {
        Timeline t = SampleProject.build(project);
        Path out = project.resolve("renders/cut.otio");
        OtioWriter.write(out, project, t, "My cut");
        JsonNode root = new ObjectMapper().readTree(out.toFile());
        assertEquals("Timeline.1", root.path("OTIO_SCHEMA").asText());
        assertEquals("My cut", root.path("name").asText());
        JsonNode stack = root.path("tracks");
        assertEquals("Stack.1", stack.path("OTIO_SCHEMA").asText());
        assertEquals(3, stack.path("children").size(), "V1, A1, A2");
        JsonNode v1 = stack.path("children").get(0), a1 = stack.path("children").get(1);
        assertEquals("Track.1", v1.path("OTIO_SCHEMA").asText());
        assertEquals("Video", v1.path("kind").asText());
        assertEquals("Audio", a1.path("kind").asText());

        JsonNode items = v1.path("children");
        assertEquals(3, items.size());
        JsonNode a = items.get(0), gap = items.get(1), b = items.get(2);
        assertEquals("Clip.2", a.path("OTIO_SCHEMA").asText());
        assertEquals(10, value(a.path("source_range").path("start_time")));
        assertEquals(20, value(a.path("source_range").path("duration")));
        assertEquals("Gap.1", gap.path("OTIO_SCHEMA").asText());
        assertEquals(5, value(gap.path("source_range").path("duration")));
        assertEquals("DEFAULT_MEDIA", a.path("active_media_reference_key").asText());
        JsonNode ref = a.path("media_references").path("DEFAULT_MEDIA");
        assertEquals("ExternalReference.1", ref.path("OTIO_SCHEMA").asText());
        assertEquals(40, value(ref.path("available_range").path("duration")));
        assertTrue(Files.isRegularFile(out.getParent().resolve(ref.path("target_url").asText()).normalize()), "the media path, relative to the file, finds the take");
        assertTrue(Files.isRegularFile(Path.of(URI.create(OtioWriter.toJson(project, t, "x").path("tracks").path("children").get(0).path("children").get(0)
                .path("media_references").path("DEFAULT_MEDIA").path("target_url").asText()))), "absolute file URLs when asked for");
        assertEquals(11, a.path("metadata").path("gallop").path("generation").path("seed").asInt());
        assertEquals("a red circle", a.path("metadata").path("gallop").path("generation").path("prompt").path("body").asText());

        JsonNode bg = b.path("metadata").path("gallop");
        assertEquals(13, bg.path("generation").path("seed").asInt(), "the active take");
        assertEquals(1, bg.path("active_take").asInt());
        assertEquals(2, bg.path("takes").size());
        assertEquals(12, bg.path("takes").get(0).path("generation").path("seed").asInt());

        // A1: shot a's sound, a gap of 10 frames, then the other sound clip
        assertEquals("Clip.2", a1.path("children").get(0).path("OTIO_SCHEMA").asText());
        assertEquals(10, value(a1.path("children").get(1).path("source_range").path("duration")));
        assertEquals("Clip.2", a1.path("children").get(2).path("OTIO_SCHEMA").asText());
        // the sum of item durations is each track's length on the timeline
        double len = 0;
        for (JsonNode i : items) len += value(i.path("source_range").path("duration"));
        assertEquals(45, len);
    }
}
