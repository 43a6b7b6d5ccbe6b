package dev.gallop.app.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gallop.app.media.TimelineAudio;
import dev.gallop.app.media.TimelineFrames;
import dev.gallop.app.project.AtomicFiles;
import dev.gallop.app.timeline.Timeline;
import dev.gallop.engine.pipeline.DecodedAudio;
import dev.gallop.engine.runtime.CancelToken;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleConsumer;

/// Renders a timeline to a video file: every frame composited from the shown video tracks and fitted into the output
/// size, the audio tracks mixed, at the timeline's frame rate. MP4 (H.264 + AAC) or QuickTime ProRes 422 + PCM (the
/// mezzanine) at a quality; the [ExportRecord] goes into the `comment` tag and a JSON sidecar (`<name>.json`). Written
/// to a temp file beside the target and renamed when complete, so a cancelled or failed export leaves nothing behind
/// and never damages an earlier export of the same name.
public final class Mp4Export {
    /// What was written.
    public record Result(Path mp4, Path sidecar, int frames, int width, int height, boolean constantQuality) {}

    private Mp4Export() {}

    /// An MP4 at the natural size (the first video clip's) unless `width`/`height` are given (> 0), standard quality.
    public static Result export(Path project, Timeline t, Path out, int width, int height, DoubleConsumer progress, CancelToken cancel)
            throws IOException {
        return render(project, t, t.duration(), out, ExportSettings.Format.MP4, ExportSettings.Quality.STANDARD, width, height, progress, cancel);
    }

    /// `frames` frames of the timeline (more than its clips reach: black and silence after them — a range that ends
    /// in a gap) as `settings` say: its size preset and quality (pass a ranged timeline for a range).
    public static Result export(Path project, Timeline t, Path out, ExportSettings settings, int frames, DoubleConsumer progress, CancelToken cancel)
            throws IOException {
        if (!settings.format().video()) throw new IllegalArgumentException(settings.format() + " is not a video format");
        int[] natural = natural(project, t);
        int[] size = settings.size().pixels(natural[0], natural[1]);
        return render(project, t, Math.max(frames, t.duration()), out, settings.format(), settings.quality(), size[0], size[1], progress, cancel);
    }

    private static int[] natural(Path project, Timeline t) throws IOException {
        if (t.duration() == 0) throw new IllegalArgumentException("the timeline is empty: there is nothing to export");
        return TimelineFrames.naturalSize(project, t)
                .orElseThrow(() -> new IllegalArgumentException("the timeline has no video clip to take the export size from"));
    }

    static Result render(Path project, Timeline t, int frames, Path out, ExportSettings.Format format, ExportSettings.Quality quality, int width,
                         int height, DoubleConsumer progress, CancelToken cancel) throws IOException {
        if (t.duration() == 0) throw new IllegalArgumentException("the timeline is empty: there is nothing to export");
        if (width <= 0 || height <= 0) {
            int[] size = natural(project, t);
            width = size[0];
            height = size[1];
        }
        String ext = "." + format.extension();
        if (!out.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(ext)) {
            throw new IllegalArgumentException("export file " + out + " must end in " + ext + " for " + format);
        }
        ObjectNode record = ExportRecord.of(t, width, height);
        record.put("frames", frames).put("format", format.name().toLowerCase(Locale.ROOT)).put("quality", quality.name().toLowerCase(Locale.ROOT));
        DecodedAudio audio = TimelineAudio.mix(project, t, frames, cancel);
        boolean constant = false;
        try {
            write(project, t, frames, out, format, quality, false, width, height, audio, record, progress, cancel);
        } catch (IOException e) {
            // openh264's rate control can refuse a frame too busy for its budget: then constant quality, which takes any
            if (format != ExportSettings.Format.MP4 || !e.getMessage().contains("refused frame")) throw e;
            constant = true;
            write(project, t, frames, out, format, quality, true, width, height, audio, record, progress, cancel);
        }
        Path sidecar = out.resolveSibling(out.getFileName().toString().replaceAll("(?i)\\.[a-z0-9]+$", "") + ".json");
        AtomicFiles.write(sidecar, record.toPrettyString(), false);
        return new Result(out, sidecar, frames, width, height, constant);
    }

    private static void write(Path project, Timeline t, int frames, Path out, ExportSettings.Format format, ExportSettings.Quality quality,
                              boolean constant, int width, int height, DecodedAudio audio, ObjectNode record, DoubleConsumer progress,
                              CancelToken cancel) throws IOException {
        try (TimelineFrames pictures = new TimelineFrames(project, t, width, height);
             VideoEncoder enc = VideoEncoder.start(out, format, quality, constant, width, height, t.fps(), audio,
                     Map.of("comment", record.toString(), "encoder_app", "Gallop"))) {
            long audioDone = 0;
            for (int f = 0; f < frames; f++) {
                cancel.throwIfCancelled();
                enc.frame(f, pictures.rgb(f));
                long audioTo = f == frames - 1 ? audio.frames() : TimelineAudio.samplesAt(f + 1, t.fps(), audio.sampleRate());
                if (audioTo > audioDone) {
                    int ch = audio.channels();
                    enc.samples(audio.samples(), (int) audioDone * ch, (int) audioTo * ch);
                    audioDone = audioTo;
                }
                progress.accept((f + 1) / (double) frames);
            }
            enc.finish();
        }
    }
}
