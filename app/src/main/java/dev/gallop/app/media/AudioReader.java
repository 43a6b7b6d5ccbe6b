package dev.gallop.app.media;

import dev.gallop.engine.pipeline.DecodedAudio;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/// Reads the whole sound of a media file as interleaved float samples, converted to the asked rate and channels.
public final class AudioReader {
    /// The mix format of the studio: what MagiHuman's audio decoder gives (44.1 kHz stereo).
    public static final int RATE = 44_100, CHANNELS = 2;

    private AudioReader() {}

    /// The sound at [#RATE] / [#CHANNELS], or null when the file has no audio stream.
    public static DecodedAudio read(Path file) throws IOException { return read(file, RATE, CHANNELS); }

    public static DecodedAudio read(Path file, int rate, int channels) throws IOException {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            avutil.av_log_set_level(avutil.AV_LOG_ERROR);
            g.setSampleMode(FrameGrabber.SampleMode.FLOAT);
            g.setSampleRate(rate);
            g.setAudioChannels(channels);
            g.start();
            if (!g.hasAudio()) {
                g.stop();
                return null;
            }
            float[] out = new float[rate * channels];
            int n = 0;
            Frame f;
            while ((f = g.grabSamples()) != null) {
                if (f.samples == null) continue;
                if (f.samples.length != 1) throw new IOException(file + ": expected interleaved samples, got " + f.samples.length + " planes");
                FloatBuffer b = (FloatBuffer) f.samples[0];
                int k = b.remaining();
                if (n + k > out.length) out = Arrays.copyOf(out, Math.max(out.length * 2, n + k));
                b.get(out, n, k);
                n += k;
            }
            g.stop();
            return new DecodedAudio(Arrays.copyOf(out, n - n % channels), channels, rate);
        } catch (FrameGrabber.Exception e) {
            throw new IOException("cannot read the sound of " + file + ": " + e.getMessage(), e);
        }
    }
}
