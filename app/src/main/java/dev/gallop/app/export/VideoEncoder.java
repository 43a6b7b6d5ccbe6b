package dev.gallop.app.export;

import dev.gallop.engine.io.output.AtomicOutput;
import dev.gallop.engine.media.EncoderSink;
import dev.gallop.engine.media.Mp4Boxes;
import dev.gallop.engine.pipeline.DecodedAudio;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

/// A video file being written for an export: MP4 with H.264 (libopenh264 at the quality's bit rate, yuv420p) and AAC,
/// or QuickTime with ProRes 422 (LT / 422 / HQ by quality, 10-bit 4:2:2) and 16-bit PCM — the mezzanine editors cut
/// from. Metadata go into the container's tags. The encoder writes through FFmpeg's custom I/O into an [AtomicOutput]
/// (a partial file beside the target, given by the export's output group), every write checked ([EncoderSink]);
/// [#finish] completes the file and checks its boxes, and the group puts it in place with its sidecar, so a cancelled
/// or failed export never leaves a partial file or damages an earlier one.
final class VideoEncoder implements AutoCloseable {
    private final Path out;
    private final AtomicOutput file;
    private final EncoderSink sink;
    private final FFmpegFrameRecorder rec;
    private final Frame frame;
    private final double fps;
    private final DecodedAudio audio;
    private boolean done;

    private VideoEncoder(AtomicOutput file, int w, int h, double fps, DecodedAudio audio) {
        this.out = file.target();
        this.file = file;
        this.sink = new EncoderSink(file);
        this.rec = new FFmpegFrameRecorder(sink, w, h, audio == null ? 0 : audio.channels());
        this.frame = new Frame(w, h, Frame.DEPTH_UBYTE, 3);
        this.fps = fps;
        this.audio = audio;
    }

    /// `constantQuality` uses openh264's constant-QP mode instead of the bit rate (for frames the rate control refuses).
    static VideoEncoder start(AtomicOutput file, ExportSettings.Format format, ExportSettings.Quality quality, boolean constantQuality,
                              int w, int h, double fps, DecodedAudio audio, Map<String, String> metadata) throws IOException {
        boolean mov = format == ExportSettings.Format.PRORES;
        VideoEncoder v = new VideoEncoder(file, w, h, fps, audio);
        FFmpegFrameRecorder rec = v.rec;
        boolean ok = false;
        try {
            avutil.av_log_set_level(avutil.AV_LOG_ERROR);
            rec.setFrameRate(fps);
            if (mov) {
                rec.setFormat("mov");
                rec.setVideoCodecName("prores_ks");
                rec.setPixelFormat(avutil.AV_PIX_FMT_YUV422P10LE);
                rec.setVideoOption("profile", Integer.toString(quality.proresProfile()));
                rec.setVideoOption("vendor", "apl0");
                if (audio != null) rec.setAudioCodec(avcodec.AV_CODEC_ID_PCM_S16LE);
            } else {
                rec.setFormat("mp4");
                rec.setVideoCodecName("libopenh264");
                rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
                rec.setGopSize((int) Math.round(fps));
                rec.setVideoBitrate(quality.bitrate(w, h, fps));
                rec.setVideoOption("rc_mode", constantQuality ? "off" : "bitrate");
                rec.setVideoOption("allow_skip_frames", "0");
                if (audio != null) {
                    rec.setAudioCodec(avcodec.AV_CODEC_ID_AAC);
                    rec.setAudioBitrate(quality == ExportSettings.Quality.DRAFT ? 128_000 : 192_000);
                }
            }
            if (audio != null) {
                rec.setSampleRate(audio.sampleRate());
                rec.setAudioChannels(audio.channels());
            }
            metadata.forEach(rec::setMetadata);
            rec.start();
            v.sink.check();
            ok = true;
            return v;
        } catch (FrameRecorder.Exception e) {
            v.sink.check();   // the cause of an encoder error is usually a failed write: report that
            throw new IOException("cannot start writing " + file.target() + ": " + e.getMessage(), e);
        } finally {
            if (!ok) v.close();
        }
    }

    /// Records picture `index` from packed RGB rows.
    void frame(int index, byte[] rgb) throws IOException {
        ByteBuffer buf = (ByteBuffer) frame.image[0];
        int row = frame.imageWidth * 3;
        for (int y = 0; y < frame.imageHeight; y++) {
            buf.position(y * frame.imageStride);
            buf.put(rgb, y * row, row);
        }
        buf.rewind();
        frame.timestamp = Math.round(index * 1_000_000.0 / fps);
        try {
            rec.record(frame, avutil.AV_PIX_FMT_RGB24);
        } catch (FrameRecorder.Exception e) {
            sink.check();
            throw new IOException("the encoder refused frame " + index + " of " + out.getFileName() + ": " + e.getMessage(), e);
        }
        sink.check();
    }

    /// Records `samples[from, to)` (values, not sample frames) of interleaved sound.
    void samples(float[] samples, int from, int to) throws IOException {
        if (audio == null || to <= from) return;
        try {
            rec.recordSamples(audio.sampleRate(), audio.channels(), FloatBuffer.wrap(Arrays.copyOfRange(samples, from, to)));
        } catch (FrameRecorder.Exception e) {
            sink.check();
            throw new IOException("cannot write the sound of " + out.getFileName() + ": " + e.getMessage(), e);
        }
        sink.check();
    }

    /// Completes the file (the encoder flushed, the index written) and checks every write, its boxes and its size; the
    /// export's output group then puts it in place.
    void finish() throws IOException {
        try {
            rec.stop();
            rec.release();
        } catch (FrameRecorder.Exception e) {
            sink.check();
            throw new IOException("cannot finish " + out + ": " + e.getMessage(), e);
        }
        sink.check();
        Mp4Boxes.check(file);
        file.finish();
        done = true;
    }

    /// Unfinished: releases the encoder (the output group deletes the partial file).
    @Override public void close() {
        if (done) return;
        done = true;
        try {
            rec.release();
        } catch (FrameRecorder.Exception | RuntimeException ignored) {
            // the encoder failed already; the partial file goes with the output group
        }
    }
}
