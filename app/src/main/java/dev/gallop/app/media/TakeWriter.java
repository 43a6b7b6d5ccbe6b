package dev.gallop.app.media;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gallop.app.project.ProjectFile;
import dev.gallop.app.timeline.Take;
import dev.gallop.engine.io.output.OutputGroup;
import dev.gallop.engine.media.Mp4Writer;
import dev.gallop.engine.pipeline.GenerationRequest;
import dev.gallop.engine.runtime.CancelToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;

/// Writes a take into the project: `media/<id>.mp4` (H.264 + AAC through [Mp4Writer], the generation record in the
/// container's `comment` tag) and `media/<id>.json` (the same record as a sidecar). Both are prepared together
/// ([OutputGroup]: locked, room checked, leftovers of dead writers removed), written and checked, and only then put
/// in place, so both appear whole or neither does.
public final class TakeWriter {
    private TakeWriter() {}

    /// Writes the take and returns it, its media path relative to the project folder.
    public static Take write(Path project, String takeId, LatentDecoder.Decoded media, ObjectNode record, DoubleConsumer progress,
                             CancelToken cancel) throws IOException {
        if (!takeId.matches("[A-Za-z0-9_.-]+")) throw new IllegalArgumentException("take id '" + takeId + "' is not a safe file name");
        Path dir = ProjectFile.mediaDir(project);
        String json = record.toString();
        Path mp4 = dir.resolve(takeId + ".mp4"), sidecar = dir.resolve(takeId + ".json");
        var v = media.video();
        long estimate = Mp4Writer.estimateBytes(v.frames(), v.width(), v.height(), v.frames() / (double) GenerationRequest.FPS,
                media.audio() != null) + record.toPrettyString().length();
        try (OutputGroup out = OutputGroup.prepare(List.of(mp4, sidecar), estimate, "take " + takeId)) {
            Mp4Writer.write(out.open(mp4), v, media.audio(), GenerationRequest.FPS, Map.of("comment", json), progress, cancel);
            out.open(sidecar).write(ByteBuffer.wrap(record.toPrettyString().getBytes(StandardCharsets.UTF_8)));
            out.commit();
        }
        return new Take(takeId, "media/" + takeId + ".mp4", v.frames(), json);
    }
}
