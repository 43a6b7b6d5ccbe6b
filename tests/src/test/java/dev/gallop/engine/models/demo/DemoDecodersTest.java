package dev.gallop.engine.models.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.io.safetensors.SafetensorsWriter;
import dev.gallop.engine.pipeline.DecodedAudio;
import dev.gallop.engine.pipeline.DecodedVideo;
import dev.gallop.engine.runtime.CancelToken;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The demo decoders on seeded random weights: geometry, vector/scalar twins, and the loading errors.
class DemoDecodersTest {
    @TempDir Path dir;

    private static float[] gaussian(Random r, int n, double std) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (r.nextGaussian() * std);
        return v;
    }

    private static void conv(SafetensorsWriter w, Random r, String name, int... dims) {
        int n = 1;
        for (int d : dims) n *= d;
        w.add(name + ".weight", gaussian(r, n, 0.2), Shape.of(dims), DType.F32);
        w.add(name + ".bias", gaussian(r, dims[0], 0.1), Shape.of(dims[0]), DType.F32);
    }

    private Path videoFolder(boolean dropHead, boolean extra) throws IOException {
        Path d = dir.resolve("video" + dropHead + extra);
        Files.createDirectories(d);
        Files.writeString(d.resolve("config.json"), "{\"latent_channels\": 4, \"widths\": [8, 8, 6]}");
        Random r = new Random(1);
        SafetensorsWriter w = new SafetensorsWriter()
                .add("latent_mean", gaussian(r, 4, 0.1), Shape.of(4), DType.F32)
                .add("latent_std", new float[] {1, 2, 0.5f, 1}, Shape.of(4), DType.F32);
        conv(w, r, "conv_in", 8, 4, 3, 3);
        conv(w, r, "conv1", 8, 8, 3, 3);
        conv(w, r, "conv2", 6, 8, 3, 3);
        if (!dropHead) conv(w, r, "head", 88, 6, 3, 3);
        if (extra) w.add("stray", new float[1], Shape.of(1), DType.F32);
        w.write(d.resolve("decoder.safetensors"));
        return d;
    }

    private Path audioFolder() throws IOException {
        Path d = dir.resolve("audio");
        Files.createDirectories(d);
        Files.writeString(d.resolve("config.json"), "{\"latent_channels\": 3, \"width\": 5, \"sample_rate\": 16000, \"hop\": 640}");
        Random r = new Random(2);
        SafetensorsWriter w = new SafetensorsWriter()
                .add("latent_mean", gaussian(r, 3, 0.1), Shape.of(3), DType.F32)
                .add("latent_std", new float[] {1, 1, 1}, Shape.of(3), DType.F32);
        conv(w, r, "conv1", 5, 3, 3);
        conv(w, r, "conv2", 5, 5, 3);
        conv(w, r, "out", 3, 5, 1);
        w.write(d.resolve("decoder.safetensors"));
        return d;
    }

    @Test void videoDecoderMakesOnePlusFourFramesPerLatentFrameIdenticallyInBothPaths() throws Exception {
        Path d = videoFolder(false, false);
        float[] z = gaussian(new Random(3), 4 * 3 * 2 * 4, 1);
        DemoVideoDecoder vec = DemoVideoDecoder.load(d, false), sca = DemoVideoDecoder.load(d, true);
        float[] a = vec.decodeFloats(z, 4, 3, 2, 4, CancelToken.NEVER), b = sca.decodeFloats(z, 4, 3, 2, 4, CancelToken.NEVER);
        assertArrayEquals(b, a);
        DecodedVideo v = vec.decode(z, 4, 3, 2, 4, CancelToken.NEVER);
        assertEquals(9, v.frames());
        assertEquals(32, v.height());
        assertEquals(64, v.width());
        for (float x : a) assertTrue(x >= 0 && x <= 1, "pixel " + x + " outside [0, 1]");
        var e = assertThrows(IllegalArgumentException.class, () -> vec.decode(z, 5, 3, 2, 4, CancelToken.NEVER));
        assertTrue(e.getMessage().contains("4 latent channels"), e.getMessage());
    }

    @Test void audioDecoderPlaysItsControlsThroughTheToneSynth() throws Exception {
        Path d = audioFolder();
        float[] z = gaussian(new Random(4), 11 * 3, 1);
        DemoAudioDecoder vec = DemoAudioDecoder.load(d, false), sca = DemoAudioDecoder.load(d, true);
        assertArrayEquals(sca.controls(z, 11), vec.controls(z, 11), 1e-6f);
        DecodedAudio a = vec.decode(z, 11);
        assertEquals(11 * DemoFormat.HOP, a.frames());
        assertEquals(DemoFormat.SAMPLE_RATE, a.sampleRate());
        assertEquals(1, a.channels());
    }

    @Test void loadingErrorsNameTheFileAndTheTensor() throws Exception {
        var missing = assertThrows(IOException.class, () -> DemoVideoDecoder.load(videoFolder(true, false)));
        assertTrue(missing.getMessage().contains("decoder.safetensors") && missing.getMessage().contains("head.weight"), missing.getMessage());
        var extra = assertThrows(IOException.class, () -> DemoVideoDecoder.load(videoFolder(false, true)));
        assertTrue(extra.getMessage().contains("stray"), extra.getMessage());
        Path wrong = videoFolder(false, false);
        Files.writeString(wrong.resolve("config.json"), "{\"latent_channels\": 5, \"widths\": [8, 8, 6]}");
        var shape = assertThrows(IOException.class, () -> DemoVideoDecoder.load(wrong));
        assertTrue(shape.getMessage().contains("latent_mean") && shape.getMessage().contains("[5]"), shape.getMessage());
        var none = assertThrows(IOException.class, () -> DemoAudioDecoder.load(dir.resolve("nowhere")));
        assertTrue(none.getMessage().contains("config.json"), none.getMessage());
    }
}
