package dev.gallop.app.testing;

import dev.gallop.engine.media.Mp4Writer;
import dev.gallop.engine.pipeline.DecodedAudio;
import dev.gallop.engine.pipeline.DecodedVideo;
import dev.gallop.engine.runtime.CancelToken;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/// Media files with known content: frame f is a flat grey of [#grey(int)], the sound a sine of known pitch.
public final class TestMedia {
    private TestMedia() {}

    /// The grey level of frame f: steps of 6 so that codec error (a few levels) never confuses two frames.
    public static int grey(int f) { return (f * 6) % 240 + 8; }

    /// Writes `frames` frames of `width`×`height` at 25 fps and, when `hz` > 0, a stereo sine at 44.1 kHz, amplitude
    /// 0.5, as long as the video.
    public static Path write(Path file, int frames, int width, int height, double hz) throws IOException {
        byte[] rgb = new byte[frames * height * width * 3];
        for (int f = 0; f < frames; f++) java.util.Arrays.fill(rgb, f * height * width * 3, (f + 1) * height * width * 3, (byte) grey(f));
        DecodedAudio audio = null;
        if (hz > 0) {
            int n = (int) Math.round(frames / 25.0 * 44_100);
            float[] s = new float[n * 2];
            for (int i = 0; i < n; i++) s[2 * i] = s[2 * i + 1] = (float) (0.5 * Math.sin(2 * Math.PI * hz * i / 44_100));
            audio = new DecodedAudio(s, 2, 44_100);
        }
        Mp4Writer.write(file, new DecodedVideo(rgb, frames, height, width), audio, 25, Map.of(), p -> { }, CancelToken.NEVER);
        return file;
    }

    /// The mean of the RGB bytes (a flat frame's grey level).
    public static double mean(byte[] rgb) {
        long s = 0;
        for (byte b : rgb) s += b & 0xff;
        return s / (double) rgb.length;
    }
}
