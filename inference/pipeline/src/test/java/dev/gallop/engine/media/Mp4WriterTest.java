package dev.gallop.engine.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.pipeline.DecodedAudio;
import dev.gallop.engine.pipeline.DecodedVideo;
import dev.gallop.engine.runtime.CancelToken;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// Writes a real H.264/AAC MP4 and reads it back with FFmpeg.
class Mp4WriterTest {
    @TempDir Path dir;

    static DecodedVideo bars(int frames, int h, int w) {
        byte[] rgb = new byte[frames * h * w * 3];
        for (int f = 0; f < frames; f++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int o = ((f * h + y) * w + x) * 3;
                    boolean left = x < w / 2;
                    rgb[o] = (byte) (left ? 230 : 20);
                    rgb[o + 1] = (byte) 40;
                    rgb[o + 2] = (byte) (left ? 20 : 230);
                }
            }
        }
        return new DecodedVideo(rgb, frames, h, w);
    }

    static DecodedAudio tone(double seconds, int rate) {
        int n = (int) (seconds * rate);
        float[] s = new float[n * 2];
        for (int i = 0; i < n; i++) s[2 * i] = s[2 * i + 1] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * i / rate));
        return new DecodedAudio(s, 2, rate);
    }

    @Test void writesAPlayableMp4WithSoundAndMetadata() throws Exception {
        Path out = dir.resolve("clip.mp4");
        double[] last = {0};
        Mp4Writer.write(out, bars(25, 64, 96), tone(1.04, 44100), 25, Map.of("comment", "{\"seed\":42}"), p -> last[0] = p, CancelToken.NEVER);
        MediaInfo info = MediaInfo.read(out);
        assertEquals("h264", info.videoCodec());
        assertEquals(96, info.width());
        assertEquals(64, info.height());
        assertEquals(25, info.videoFrames());
        assertEquals(25.0, info.frameRate(), 0.01);
        assertEquals("aac", info.audioCodec());
        assertEquals(44100, info.sampleRate());
        assertEquals(2, info.audioChannels());
        assertTrue(info.audioSamples() > 44100 && info.audioSamples() < 48000, "audio samples " + info.audioSamples());
        assertEquals("{\"seed\":42}", info.metadata().get("comment"));
        assertEquals(1.0, last[0]);
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count(), "no temporary file may remain");
        }
    }

    @Test void soundKeepsItsContentOverTime() throws Exception {
        // one second of silence, then one second of tone: each half must come back as written
        int rate = 44100;
        float[] s = new float[2 * rate * 2];
        for (int i = rate; i < 2 * rate; i++) s[2 * i] = s[2 * i + 1] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / rate));
        Path out = dir.resolve("halves.mp4");
        Mp4Writer.write(out, bars(50, 32, 32), new DecodedAudio(s, 2, rate), 25, Map.of(), p -> { }, CancelToken.NEVER);
        double[] sq = new double[2];
        long[] n = new long[2];
        try (org.bytedeco.javacv.FFmpegFrameGrabber g = new org.bytedeco.javacv.FFmpegFrameGrabber(out.toFile())) {
            g.setSampleMode(org.bytedeco.javacv.FrameGrabber.SampleMode.FLOAT);
            g.start();
            long at = 0;
            org.bytedeco.javacv.Frame f;
            while ((f = g.grabSamples()) != null) {
                java.nio.FloatBuffer b = (java.nio.FloatBuffer) f.samples[0];
                while (b.hasRemaining()) {
                    float v = b.get();
                    long frame = at++ / 2;
                    if (frame > rate / 10 && frame < rate * 9 / 10) { sq[0] += v * v; n[0]++; }
                    if (frame > rate * 11 / 10 && frame < rate * 19 / 10) { sq[1] += v * v; n[1]++; }
                }
            }
        }
        assertTrue(Math.sqrt(sq[0] / n[0]) < 0.01, "the first second is silent, RMS " + Math.sqrt(sq[0] / n[0]));
        assertEquals(0.5 / Math.sqrt(2), Math.sqrt(sq[1] / n[1]), 0.02, "the second second is the tone");
    }

    @Test void noisyFramesEncodeToo() throws Exception {
        byte[] rgb = new byte[25 * 64 * 96 * 3];
        new java.util.Random(1).nextBytes(rgb);
        Path out = dir.resolve("noise.mp4");
        Mp4Writer.write(out, new DecodedVideo(rgb, 25, 64, 96), null, 25, Map.of(), p -> { }, CancelToken.NEVER);
        assertEquals(25, MediaInfo.read(out).videoFrames());
    }

    @Test void cancelLeavesNoFile() throws Exception {
        CancelToken c = new CancelToken();
        Path out = dir.resolve("cancelled.mp4");
        assertThrows(CancellationException.class, () -> Mp4Writer.write(out, bars(50, 32, 32), null, 25, Map.of(), p -> {
            if (p > 0.2) c.cancel();
        }, c));
        assertFalse(Files.exists(out));
        try (var s = Files.list(dir)) {
            assertEquals(0, s.count(), "the partial file must be removed");
        }
    }
}
