package dev.gallop.engine.media;

import dev.gallop.engine.pipeline.DecodedAudio;
import dev.gallop.engine.pipeline.DecodedVideo;
import dev.gallop.engine.runtime.CancelToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.function.DoubleConsumer;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

/// Writes RGB frames and stereo float audio to an MP4: H.264 (libopenh264, the LGPL build's encoder), yuv420p,
/// AAC, with string metadata in the container. The file appears only when complete: it is written next to the
/// target and moved into place, so a cancelled or failed export never leaves a half-written clip.
public final class Mp4Writer {
    private Mp4Writer() {}

    public static void write(Path out, DecodedVideo video, DecodedAudio audio, double fps, Map<String, String> metadata,
                             DoubleConsumer progress, CancelToken cancel) throws IOException {
        if (video.width() % 2 != 0 || video.height() % 2 != 0) {
            throw new IllegalArgumentException("H.264 needs even frame sizes, got " + video.width() + "×" + video.height());
        }
        Path dir = out.toAbsolutePath().getParent();
        if (dir != null) Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + out.getFileName() + ".", ".part.mp4");
        boolean done = false;
        FFmpegFrameRecorder rec = new FFmpegFrameRecorder(tmp.toFile(), video.width(), video.height(), audio == null ? 0 : audio.channels());
        try {
            avutil.av_log_set_level(avutil.AV_LOG_ERROR);
            if (Boolean.getBoolean("gallop.ffmpeg.log")) org.bytedeco.javacv.FFmpegLogCallback.set();
            rec.setFormat("mp4");
            rec.setVideoCodecName("libopenh264");
            rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            rec.setFrameRate(fps);
            rec.setVideoBitrate(Math.max(2_000_000, video.width() * video.height() * 8));
            rec.setGopSize((int) Math.round(fps));
            // openh264's rate-controlled modes (quality, bitrate, buffer) fail outright (EncodeFrame returns 3) on
            // frames too busy for their budget, such as noisy early takes; constant-QP mode encodes anything.
            rec.setVideoOption("rc_mode", System.getProperty("gallop.h264.rc", "off"));
            if (audio != null) {
                rec.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
                rec.setSampleRate(audio.sampleRate());
                rec.setAudioChannels(audio.channels());
                rec.setAudioBitrate(192_000);
            }
            metadata.forEach(rec::setMetadata);
            rec.start();
            Frame frame = new Frame(video.width(), video.height(), Frame.DEPTH_UBYTE, 3);
            int stride = frame.imageStride, rowBytes = video.width() * 3;
            ByteBuffer buf = (ByteBuffer) frame.image[0];
            for (int f = 0; f < video.frames(); f++) {
                cancel.throwIfCancelled();
                for (int y = 0; y < video.height(); y++) {
                    buf.position(y * stride);
                    buf.put(video.rgb(), (f * video.height() + y) * rowBytes, rowBytes);
                }
                buf.rewind();
                frame.timestamp = Math.round(f * 1_000_000 / fps);
                rec.record(frame, avutil.AV_PIX_FMT_RGB24);
                progress.accept((f + 1) / (double) video.frames() * (audio == null ? 1.0 : 0.9));
            }
            if (audio != null) {
                int chunk = 4096 * audio.channels();
                for (int i = 0; i < audio.samples().length; i += chunk) {
                    cancel.throwIfCancelled();
                    int n = Math.min(chunk, audio.samples().length - i);
                    // a copy, not a slice: the recorder reads a buffer's backing array from index 0, so a slice
                    // of the whole array would encode the first chunk over and over
                    rec.recordSamples(audio.sampleRate(), audio.channels(), FloatBuffer.wrap(java.util.Arrays.copyOfRange(audio.samples(), i, i + n)));
                }
            }
            rec.stop();
            rec.release();
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            progress.accept(1.0);
            done = true;
        } catch (FrameRecorder.Exception e) {
            throw new IOException("writing " + out + ": " + e.getMessage(), e);
        } finally {
            if (!done) {
                try {
                    rec.release();
                } catch (FrameRecorder.Exception ignored) {
                    // the recorder failed already; the temp file is removed below
                }
                Files.deleteIfExists(tmp);
            }
        }
    }
}
