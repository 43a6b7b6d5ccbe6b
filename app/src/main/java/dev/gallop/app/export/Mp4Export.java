package dev.gallop.app.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gallop.app.media.TimelineAudio;
import dev.gallop.app.media.TimelineFrames;
import dev.gallop.app.timeline.Timeline;
import dev.gallop.engine.io.output.AtomicOutput;
import dev.gallop.engine.io.output.OutputGroup;
import dev.gallop.engine.media.Mp4Writer;
import dev.gallop.engine.pipeline.DecodedAudio;
import dev.gallop.engine.runtime.CancelToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleConsumer;

/// Renders a timeline to a video file: every frame composited from the shown video tracks and fitted into the output
/// size, the audio tracks mixed, at the timeline's frame rate. MP4 (H.264 + AAC) or QuickTime ProRes 422 + PCM (the
/// mezzanine) at a quality; the [ExportRecord] goes into the `comment` tag and a JSON sidecar (`<name>.json`). Both
/// files are prepared before the rendering ([OutputGroup]: the folder created and cleared of dead writers' leftovers,
/// both names locked, the room for the estimate checked), written to partial files beside their targets, checked, and
/// renamed together when complete, so a cancelled or failed export leaves nothing behind and never damages an earlier
/// export of the same name.
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
        Path sidecar = out.resolveSibling(out.getFileName().toString().replaceAll("(?i)\\.[a-z0-9]+$", "") + ".json");
        long estimate = estimateBytes(format, frames, width, height, frames / (double) t.fps(), audio);
        for (boolean constant : new boolean[] {false, true}) {
            try (OutputGroup files = OutputGroup.prepare(List.of(out, sidecar), estimate, "the export")) {
                write(project, t, frames, files.open(out), format, quality, constant, width, height, audio, record, progress, cancel);
                files.open(sidecar).write(ByteBuffer.wrap(record.toPrettyString().getBytes(StandardCharsets.UTF_8)));
                files.commit();
                return new Result(out, sidecar, frames, width, height, constant);
            } catch (IOException e) {
                // openh264's rate control can refuse a frame too busy for its budget: then constant quality, which takes any
                if (constant || format != ExportSettings.Format.MP4 || e.getMessage() == null || !e.getMessage().contains("refused frame")) {
                    throw e;
                }
            }
        }
        throw new AssertionError("unreachable: the constant-quality attempt returns or throws");
    }

    /// The bytes an export may take, for the free-space check: H.264 as a take's estimate; ProRes HQ at about 4 bits per
    /// pixel and frame plus 16-bit PCM.
    static long estimateBytes(ExportSettings.Format format, int frames, int width, int height, double seconds, DecodedAudio audio) {
        if (format != ExportSettings.Format.PRORES) return Mp4Writer.estimateBytes(frames, width, height, seconds, audio != null) + (64 << 10);
        long pcm = audio == null ? 0 : (long) Math.ceil(seconds * audio.sampleRate()) * audio.channels() * 2;
        return (long) frames * width * height / 2 + pcm + (1 << 20);
    }

    private static void write(Path project, Timeline t, int frames, AtomicOutput out, ExportSettings.Format format, ExportSettings.Quality quality,
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
