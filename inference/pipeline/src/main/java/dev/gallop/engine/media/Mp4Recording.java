package dev.gallop.engine.media;

import dev.gallop.engine.io.output.AtomicOutput;
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
import org.bytedeco.javacv.FFmpegLogCallback;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

/// An MP4 being written: H.264 (libopenh264, the LGPL build's encoder, constant QP) in yuv420p, optionally AAC sound,
/// string metadata in the container. The encoder writes through FFmpeg's custom I/O into an [AtomicOutput] (a partial
/// file beside the target), so every write is checked ([EncoderSink]): a full disk fails the frame, the samples or the
/// finish it happened in, naming the target and the cause. [#finish] completes the file, checks its boxes
/// ([Mp4Boxes]: a file without its index is never passed off as a clip) and its size, and puts it in place (or leaves
/// that to the caller who gave the output); closing it unfinished releases the encoder and deletes the partial file, so
/// a cancelled or failed write never leaves a half-written clip or damages an earlier file of the same name. Shared by
/// [Mp4Writer] (a take) and the studio's timeline export.
public final class Mp4Recording implements AutoCloseable {
    private final Path out;
    private final AtomicOutput file;
    private final boolean commits;
    private final EncoderSink sink;
    private final FFmpegFrameRecorder rec;
    private final Frame frame;
    private final double fps;
    private final DecodedAudio audio;
    private boolean done;

    private Mp4Recording(AtomicOutput file, boolean commits, int width, int height, double fps, DecodedAudio audio) {
        this.out = file.target();
        this.file = file;
        this.commits = commits;
        this.fps = fps;
        this.audio = audio;
        sink = new EncoderSink(file);
        rec = new FFmpegFrameRecorder(sink, width, height, audio == null ? 0 : audio.channels());
        frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
    }

    /// Starts an MP4 of `width`×`height` RGB frames at `fps`, with a sound track in the format of `audio` (none when
    /// null) and `metadata` as container tags; [#finish] puts it in place as `out`.
    public static Mp4Recording start(Path out, int width, int height, double fps, DecodedAudio audio, Map<String, String> metadata)
            throws IOException {
        AtomicOutput file = AtomicOutput.create(out);
        try {
            return start(file, true, width, height, fps, audio, metadata);
        } catch (IOException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /// Starts an MP4 into `file`, which the caller commits (with the other files of its job) after [#finish].
    public static Mp4Recording start(AtomicOutput file, int width, int height, double fps, DecodedAudio audio, Map<String, String> metadata)
            throws IOException {
        return start(file, false, width, height, fps, audio, metadata);
    }

    private static Mp4Recording start(AtomicOutput file, boolean commits, int width, int height, double fps, DecodedAudio audio,
                                      Map<String, String> metadata) throws IOException {
        Mp4Recording r = new Mp4Recording(file, commits, width, height, fps, audio);
        boolean started = false;
        try {
            r.open(width, height, metadata);
            started = true;
            return r;
        } finally {
            if (!started) r.close();
        }
    }

    private void open(int width, int height, Map<String, String> metadata) throws IOException {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        if (Boolean.getBoolean("gallop.ffmpeg.log")) FFmpegLogCallback.set();
        rec.setFormat("mp4");
        rec.setVideoCodecName("libopenh264");
        rec.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        rec.setFrameRate(fps);
        rec.setVideoBitrate(Math.max(2_000_000, width * height * 8));
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
        try {
            rec.start();
        } catch (FrameRecorder.Exception e) {
            throw failed(e);
        }
        sink.check();
    }

    /// Records picture number `index` (its timestamp is index / fps) from packed RGB rows at `rgb[offset...]`.
    public void frame(int index, byte[] rgb, int offset) throws IOException {
        ByteBuffer buf = (ByteBuffer) frame.image[0];
        int rowBytes = frame.imageWidth * 3;
        for (int y = 0; y < frame.imageHeight; y++) {
            buf.position(y * frame.imageStride);
            buf.put(rgb, offset + y * rowBytes, rowBytes);
        }
        buf.rewind();
        frame.timestamp = Math.round(index * 1_000_000.0 / fps);
        try {
            rec.record(frame, avutil.AV_PIX_FMT_RGB24);
        } catch (FrameRecorder.Exception e) {
            throw failed(e);
        }
        sink.check();
    }

    /// Records `samples[from, to)` of interleaved sound in the format given at [#start] (indices count values, not
    /// sample frames).
    public void samples(float[] samples, int from, int to) throws IOException {
        if (audio == null) throw new IllegalStateException("the MP4 " + out + " was started without a sound track");
        // a copy: JavaCPP reads an array-backed buffer from the array's start, ignoring its offset
        FloatBuffer chunk = FloatBuffer.wrap(Arrays.copyOfRange(samples, from, to));
        try {
            rec.recordSamples(audio.sampleRate(), audio.channels(), chunk);
        } catch (FrameRecorder.Exception e) {
            throw failed(e);
        }
        sink.check();
    }

    /// Completes the file (the encoder flushed, the index written), checks every write, its boxes and its size, and
    /// puts it in place as the target (when this recording was started with a path; else the caller commits).
    public void finish() throws IOException {
        try {
            rec.stop();
            rec.release();
        } catch (FrameRecorder.Exception e) {
            throw failed(e);
        }
        sink.check();
        Mp4Boxes.check(file);
        file.finish();
        if (commits) file.commit();
        done = true;
    }

    /// Unfinished: releases the encoder and deletes the partial file; after [#finish], nothing (a caller-given output
    /// is the caller's to commit or close).
    @Override public void close() throws IOException {
        if (done) return;
        done = true;
        try {
            rec.release();
        } catch (FrameRecorder.Exception ignored) {
            // the recorder failed already; its partial file is removed below
        }
        if (commits) file.close();
    }

    private IOException failed(FrameRecorder.Exception e) {
        try {
            sink.check();   // the cause of an encoder error is usually a failed write: report that
        } catch (IOException write) {
            write.addSuppressed(e);
            return write;
        }
        return new IOException("writing " + out + ": " + e.getMessage(), e);
    }
}
