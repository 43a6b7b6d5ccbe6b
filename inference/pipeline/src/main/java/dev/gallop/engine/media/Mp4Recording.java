package dev.gallop.engine.media;

import dev.gallop.engine.pipeline.DecodedAudio;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Map;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FFmpegLogCallback;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameRecorder;

/// An MP4 being written: H.264 (libopenh264, the LGPL build's encoder, constant QP) in yuv420p, optionally AAC sound,
/// string metadata in the container. It goes to a temp file next to the target that [#finish] moves into place;
/// closing it unfinished releases the encoder and deletes the temp file, so a cancelled or failed write never leaves
/// a half-written clip or damages an earlier file of the same name. Encoder failures are [IOException]s naming the
/// target. Shared by [Mp4Writer] (a take) and the studio's timeline export.
public final class Mp4Recording implements AutoCloseable {
    private final Path out;
    private final Path tmp;
    private final FFmpegFrameRecorder rec;
    private final Frame frame;
    private final double fps;
    private final DecodedAudio audio;
    private boolean done;

    private Mp4Recording(Path out, Path tmp, int width, int height, double fps, DecodedAudio audio) {
        this.out = out;
        this.tmp = tmp;
        this.fps = fps;
        this.audio = audio;
        rec = new FFmpegFrameRecorder(tmp.toFile(), width, height, audio == null ? 0 : audio.channels());
        frame = new Frame(width, height, Frame.DEPTH_UBYTE, 3);
    }

    /// Starts an MP4 of `width`×`height` RGB frames at `fps`, with a sound track in the format of `audio` (none when
    /// null) and `metadata` as container tags.
    public static Mp4Recording start(Path out, int width, int height, double fps, DecodedAudio audio, Map<String, String> metadata)
            throws IOException {
        Path dir = out.toAbsolutePath().getParent();
        if (dir != null) Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + out.getFileName() + ".", ".part.mp4");
        Mp4Recording r = new Mp4Recording(out, tmp, width, height, fps, audio);
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
    }

    /// Completes the file and moves it into place.
    public void finish() throws IOException {
        try {
            rec.stop();
            rec.release();
        } catch (FrameRecorder.Exception e) {
            throw failed(e);
        }
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        done = true;
    }

    /// Unfinished: releases the encoder and deletes the temp file; after [#finish], nothing.
    @Override public void close() throws IOException {
        if (done) return;
        try {
            rec.release();
        } catch (FrameRecorder.Exception ignored) {
            // the recorder failed already; its temp file is removed below
        }
        Files.deleteIfExists(tmp);
    }

    private IOException failed(FrameRecorder.Exception e) { return new IOException("writing " + out + ": " + e.getMessage(), e); }
}
