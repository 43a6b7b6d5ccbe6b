package dev.gallop.app.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gallop.app.media.TimelineAudio;
import dev.gallop.app.media.TimelineFrames;
import dev.gallop.app.project.AtomicFiles;
import dev.gallop.app.timeline.Timeline;
import dev.gallop.engine.pipeline.DecodedAudio;
import dev.gallop.engine.runtime.CancelToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.DoubleConsumer;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

/// Renders a timeline to an MP4: H.264 (libopenh264, constant QP as in `Mp4Writer`), yuv420p, at the timeline's
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
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + out.getFileName() + ".", ".part.mp4");
        boolean done = false;
        FFmpegFrameRecorder rec = new FFmpegFrameRecorder(tmp.toFile(), width, height, audio.channels());
        try (TimelineFrames pictures = new TimelineFrames(project, t, width, height)) {
            avutil.av_log_set_level(avutil.AV_LOG_ERROR);
            rec.setFormat("mp4");
            rec.setVideoCodecName("libopenh264");
            rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            rec.setFrameRate(t.fps());
            rec.setVideoBitrate(Math.max(2_000_000, width * height * 8));
            rec.setGopSize(t.fps());
            rec.setVideoOption("rc_mode", System.getProperty("gallop.h264.rc", "off"));
            rec.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
            rec.setSampleRate(audio.sampleRate());
            rec.setAudioChannels(audio.channels());
            rec.setAudioBitrate(192_000);
            rec.setMetadata("comment", record.toString());
            rec.setMetadata("encoder_app", "Gallop");
            rec.start();
            Frame frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
            ByteBuffer buf = (ByteBuffer) frame.image[0];
            int rowBytes = width * 3;
            long audioDone = 0;
            for (int f = 0; f < frames; f++) {
                cancel.throwIfCancelled();
                byte[] rgb = pictures.rgb(f);
                for (int y = 0; y < height; y++) {
                    buf.position(y * frame.imageStride);
                    buf.put(rgb, y * rowBytes, rowBytes);
                }
                buf.rewind();
                frame.timestamp = Math.round(f * 1_000_000.0 / t.fps());
                rec.record(frame, avutil.AV_PIX_FMT_RGB24);
                long audioTo = f == frames - 1 ? audio.frames() : TimelineAudio.samplesAt(f + 1, t.fps(), audio.sampleRate());
                if (audioTo > audioDone) {
                    int ch = audio.channels();
                    // a copy: JavaCPP reads an array-backed buffer from the array's start, ignoring its offset
                    float[] chunk = java.util.Arrays.copyOfRange(audio.samples(), (int) audioDone * ch, (int) audioTo * ch);
                    rec.recordSamples(audio.sampleRate(), ch, FloatBuffer.wrap(chunk));
                    audioDone = audioTo;
                }
                progress.accept((f + 1) / (double) frames);
            }
            rec.stop();
            rec.release();
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            done = true;
        } catch (FrameRecorder.Exception e) {
            throw new IOException("writing " + out + ": " + e.getMessage(), e);
        } finally {
            if (!done) {
                try {
                    rec.release();
                } catch (FrameRecorder.Exception ignored) {
                    // the recorder failed already; its temp file is removed below
                }
                Files.deleteIfExists(tmp);
            }
        }
        Path sidecar = out.resolveSibling(out.getFileName().toString().replaceAll("(?i)\\.mp4$", "") + ".json");
        AtomicFiles.write(sidecar, record.toPrettyString(), false);
        return new Result(out, sidecar, frames, width, height);
    }
}
