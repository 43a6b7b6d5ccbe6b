package dev.gallop.app.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gallop.app.media.TimelineAudio;
import dev.gallop.app.media.TimelineFrames;
import dev.gallop.app.timeline.Timeline;
import dev.gallop.engine.io.output.AtomicOutput;
import dev.gallop.engine.io.output.OutputGroup;
import dev.gallop.engine.media.Mp4Recording;
import dev.gallop.engine.media.Mp4Writer;
import dev.gallop.engine.pipeline.DecodedAudio;
import dev.gallop.engine.runtime.CancelToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleConsumer;

/// Renders a timeline to an MP4 through [Mp4Recording]: H.264 (libopenh264, constant QP), yuv420p, at the timeline's
/// frame rate; the mixed sound as AAC 44.1 kHz stereo; the [ExportRecord] in the `comment` tag and in a JSON sidecar
/// (`<name>.json`). Both files are prepared before the rendering ([OutputGroup]: the folder created and cleared of
/// dead writers' leftovers, both names locked, the room for the estimate checked), written to partial files beside
/// their targets, checked, and renamed together when complete, so a cancelled or failed export leaves nothing behind
/// and never damages an earlier export of the same name.
public final class Mp4Export {
    /// What was written.
    public record Result(Path mp4, Path sidecar, int frames, int width, int height) {}

    private Mp4Export() {}

    /// Exports at the natural size (the first video clip's) unless `width`/`height` are given (> 0).
    public static Result export(Path project, Timeline t, Path out, int width, int height, DoubleConsumer progress, CancelToken cancel)
            throws IOException {
        int frames = t.duration();
        if (frames == 0) throw new IllegalArgumentException("the timeline is empty: there is nothing to export");
        if (width <= 0 || height <= 0) {
            int[] size = TimelineFrames.naturalSize(project, t)
                    .orElseThrow(() -> new IllegalArgumentException("the timeline has no video clip to take the export size from"));
            width = size[0];
            height = size[1];
        }
        if (!out.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".mp4")) {
            throw new IllegalArgumentException("export file " + out + " must end in .mp4");
        }
        ObjectNode record = ExportRecord.of(t, width, height);
        Path sidecar = out.resolveSibling(out.getFileName().toString().replaceAll("(?i)\\.mp4$", "") + ".json");
        long estimate = Mp4Writer.estimateBytes(frames, width, height, frames / (double) t.fps(), true) + (64 << 10);
        try (OutputGroup files = OutputGroup.prepare(List.of(out, sidecar), estimate, "the export")) {
            render(project, t, files.open(out), frames, width, height, record, progress, cancel);
            files.open(sidecar).write(ByteBuffer.wrap(record.toPrettyString().getBytes(StandardCharsets.UTF_8)));
            files.commit();
        }
        return new Result(out, sidecar, frames, width, height);
    }

    private static void render(Path project, Timeline t, AtomicOutput file, int frames, int width, int height, ObjectNode record,
                               DoubleConsumer progress, CancelToken cancel) throws IOException {
        DecodedAudio audio = TimelineAudio.mix(project, t, cancel);
        try (TimelineFrames pictures = new TimelineFrames(project, t, width, height);
             Mp4Recording mp4 = Mp4Recording.start(file, width, height, t.fps(), audio,
                     Map.of("comment", record.toString(), "encoder_app", "Gallop"))) {
            long audioDone = 0;
            for (int f = 0; f < frames; f++) {
                cancel.throwIfCancelled();
                mp4.frame(f, pictures.rgb(f), 0);
                long audioTo = f == frames - 1 ? audio.frames() : TimelineAudio.samplesAt(f + 1, t.fps(), audio.sampleRate());
                if (audioTo > audioDone) {
                    int ch = audio.channels();
                    mp4.samples(audio.samples(), (int) audioDone * ch, (int) audioTo * ch);
                    audioDone = audioTo;
                }
                progress.accept((f + 1) / (double) frames);
            }
            mp4.finish();
        }
    }
}
