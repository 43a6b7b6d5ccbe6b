package dev.gallop.engine.media;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/// What a media file holds, read back by decoding it: video frames counted one by one, audio samples summed.
public record MediaInfo(String videoCodec, int width, int height, double frameRate, int videoFrames,
                        String audioCodec, int sampleRate, int audioChannels, long audioSamples, double durationSeconds,
                        Map<String, String> metadata) {

    public boolean hasAudio() { return audioChannels > 0; }

    public static MediaInfo read(Path file) throws IOException {
        try (FFmpegFrameGrabber g = new FFmpegFrameGrabber(file.toFile())) {
            avutil.av_log_set_level(avutil.AV_LOG_ERROR);
            g.start();
            int frames = 0;
            long samples = 0;
            Frame f;
            while ((f = g.grab()) != null) {
                if (f.image != null) frames++;
                if (f.samples != null) samples += f.samples[0].limit() / Math.max(1, f.samples.length == 1 ? g.getAudioChannels() : 1);
            }
            MediaInfo info = new MediaInfo(g.getVideoCodecName(), g.getImageWidth(), g.getImageHeight(), g.getFrameRate(), frames,
                    g.getAudioChannels() > 0 ? g.getAudioCodecName() : null, g.getSampleRate(), g.getAudioChannels(), samples,
                    g.getLengthInTime() / 1e6, Map.copyOf(g.getMetadata()));
            g.stop();
            return info;
        } catch (FrameGrabber.Exception e) {
            throw new IOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
