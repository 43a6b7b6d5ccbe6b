package dev.gallop.app.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gallop.app.media.TimelineAudio;
import dev.gallop.app.media.TimelineFrames;
import dev.gallop.app.project.AtomicFiles;
import dev.gallop.app.timeline.Timeline;
import dev.gallop.engine.media.Mp4Recording;
import dev.gallop.engine.pipeline.DecodedAudio;
import dev.gallop.engine.runtime.CancelToken;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.DoubleConsumer;

/// Renders a timeline to an MP4 through [Mp4Recording]: H.264 (libopenh264, constant QP), yuv420p, at the timeline's
/// frame rate; the mixed sound as AAC 44.1 kHz stereo; the [ExportRecord] in the `comment` tag and in a JSON sidecar
/// (`<name>.json`). Written to a temp file beside the target and renamed when complete, so a cancelled or failed
/// export leaves nothing behind and never damages an earlier export of the same name.
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
        DecodedAudio audio = TimelineAudio.mix(project, t, cancel);
        try (TimelineFrames pictures = new TimelineFrames(project, t, width, height);
             Mp4Recording mp4 = Mp4Recording.start(out, width, height, t.fps(), audio,
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
        Path sidecar = out.resolveSibling(out.getFileName().toString().replaceAll("(?i)\\.mp4$", "") + ".json");
        AtomicFiles.write(sidecar, record.toPrettyString(), false);
        return new Result(out, sidecar, frames, width, height);
    }
}
