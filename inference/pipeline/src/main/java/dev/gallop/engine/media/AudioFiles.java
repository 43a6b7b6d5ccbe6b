package dev.gallop.engine.media;

import java.io.IOException;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/// Reads an audio track (any format FFmpeg decodes: WAV, MP3, AAC/M4A, FLAC, the sound of a video file) as the
/// reference's audio condition does (docs/models/magihuman.md#conditioning): mixed down to mono and resampled by
/// FFmpeg to the encoder's rate, as 16-bit samples scaled by 1/32768, then the first `maxSeconds` kept.
public final class AudioFiles {
    private AudioFiles() {}

    /// Mono samples at `sampleRate`, at most `maxSeconds` long.
    public static float[] readMono(Path file, int sampleRate, double maxSeconds) throws IOException {
        return readMonoSamples(file, sampleRate, (long) (maxSeconds * sampleRate));
    }

    /// Mono samples at `sampleRate`, at most `max` of them.
    public static float[] readMonoSamples(Path file, int sampleRate, long max) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException("audio file " + file + " does not exist");
        float[] out = new float[1 << 16];
        int n = 0;
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            avutil.av_log_set_level(avutil.AV_LOG_FATAL);      // a file FFmpeg cannot read is reported below, by name
            g.setAudioChannels(1);
            g.setSampleRate(sampleRate);
            g.setSampleMode(FrameGrabber.SampleMode.SHORT);
            try {
                g.start();
            } catch (FrameGrabber.Exception e) {
                throw new IOException("audio file " + file + " cannot be decoded: " + e.getMessage(), e);
            }
            if (!g.hasAudio()) throw new IOException("audio file " + file + " has no audio stream");
            Frame f;
            while (n < max && (f = g.grabSamples()) != null) {
                if (f.samples == null || f.samples.length == 0) continue;
                ShortBuffer s = (ShortBuffer) f.samples[0];
                int count = s.remaining();
                if (out.length < n + count) out = Arrays.copyOf(out, Math.max(2 * out.length, n + count));
                for (int i = 0; i < count; i++) out[n + i] = s.get(s.position() + i) / 32768f;
                n += count;
            }
            g.stop();
        } catch (FrameGrabber.Exception e) {
            throw new IOException("audio file " + file + " cannot be decoded: " + e.getMessage(), e);
        }
        return Arrays.copyOf(out, (int) Math.min(n, max));
    }

    /// `mono` duplicated into interleaved stereo (the reference feeds the mono track to both channels).
    public static float[] toStereo(float[] mono) {
        float[] st = new float[2 * mono.length];
        for (int i = 0; i < mono.length; i++) {
            st[2 * i] = mono[i];
            st[2 * i + 1] = mono[i];
        }
        return st;
    }
}
