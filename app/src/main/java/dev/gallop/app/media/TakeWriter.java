package dev.gallop.app.media;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gallop.app.project.AtomicFiles;
import dev.gallop.app.project.ProjectFile;
import dev.gallop.app.timeline.Take;
import dev.gallop.engine.media.Mp4Writer;
import dev.gallop.engine.pipeline.GenerationRequest;
import dev.gallop.engine.runtime.CancelToken;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.DoubleConsumer;

/// Writes a take into the project: `media/<id>.mp4` (H.264 + AAC through [Mp4Writer], the generation record in the
/// container's `comment` tag) and `media/<id>.json` (the same record as a sidecar). Both appear whole or not at all.
public final class TakeWriter {
    private TakeWriter() {}

    /// Writes the take and returns it, its media path relative to the project folder.
    public static Take write(Path project, String takeId, LatentDecoder.Decoded media, ObjectNode record, DoubleConsumer progress,
                             CancelToken cancel) throws IOException {
        if (!takeId.matches("[A-Za-z0-9_.-]+")) throw new IllegalArgumentException("take id '" + takeId + "' is not a safe file name");
        Path dir = ProjectFile.mediaDir(project);
        String json = record.toString();
        Mp4Writer.write(dir.resolve(takeId + ".mp4"), media.video(), media.audio(), GenerationRequest.FPS, Map.of("comment", json), progress, cancel);
        AtomicFiles.write(dir.resolve(takeId + ".json"), record.toPrettyString(), false);
        return new Take(takeId, "media/" + takeId + ".mp4", media.video().frames(), json);
    }
}
