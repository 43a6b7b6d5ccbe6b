package dev.gallop.engine.models.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.demo.DemoClip;
import dev.gallop.engine.demo.DemoColor;
import dev.gallop.engine.demo.DemoMotion;
import dev.gallop.engine.demo.DemoPrompt;
import dev.gallop.engine.demo.DemoScene;
import dev.gallop.engine.demo.DemoShape;
import dev.gallop.engine.demo.DemoSpec;
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
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The demo decoders: a clip's own latents decode to the generator's frames and sound at any size, the decoder reads
/// the mean over the latent grid, a half-decided shape draws a blend, and loading errors name the file.
class DemoDecodersTest {
    @TempDir Path dir;

    private static final int C = SceneLatent.CHANNELS;

    private Path sceneFolder(float[] mean, float[] std, String config, boolean extra) throws IOException {
        Path d = dir.resolve("video" + System.nanoTime());
        Files.createDirectories(d);
        Files.writeString(d.resolve("config.json"), config);
        SafetensorsWriter w = new SafetensorsWriter()
                .add("latent_mean", mean, Shape.of(mean.length), DType.F32)
                .add("latent_std", std, Shape.of(std.length), DType.F32);
        if (extra) w.add("stray", new float[1], Shape.of(1), DType.F32);
        w.write(d.resolve("decoder.safetensors"));
        return d;
    }

    private static float[][] statistics(int c) {
        Random r = new Random(7);
        float[] mean = new float[c], std = new float[c];
        for (int i = 0; i < c; i++) {
            mean[i] = (float) (0.3 * r.nextGaussian());
            std[i] = (float) (0.1 + r.nextDouble());
        }
        return new float[][] {mean, std};
    }

    /// The clip's raw latent [C, T] standardised and put on every latent pixel of an h×w grid: [C, T, h, w].
    private static float[] onGrid(float[] raw, int t, float[] mean, float[] std, int h, int w) {
        float[] z = new float[C * t * h * w];
        for (int c = 0; c < C; c++) {
            for (int ti = 0; ti < t; ti++) {
                float v = (raw[c * t + ti] - mean[c]) / std[c];
                for (int i = 0; i < h * w; i++) z[(c * t + ti) * h * w + i] = v;
            }
        }
        return z;
    }

    private static DemoClip clip(DemoShape shape, DemoMotion motion, long seed, double seconds) {
        DemoSpec spec = new DemoSpec(shape, DemoColor.ORANGE, motion, DemoColor.BLUE);
        return DemoClip.of(DemoScene.sample(spec, new SplittableRandom(seed)), DemoPrompt.of(spec, false), seconds);
    }

    private static int maxDifference(DecodedVideo a, DecodedVideo b) {
        assertEquals(a.frames(), b.frames());
        assertEquals(a.width(), b.width());
        assertEquals(a.height(), b.height());
        int worst = 0;
        for (int i = 0; i < a.rgb().length; i++) worst = Math.max(worst, Math.abs((a.rgb()[i] & 255) - (b.rgb()[i] & 255)));
        return worst;
    }

    @Test void aClipsLatentDecodesToItsFramesAtEverySize() throws Exception {
        float[][] s = statistics(C);
        DemoSceneDecoder d = DemoSceneDecoder.load(sceneFolder(s[0], s[1], "{\"latent_channels\": 29, \"spatial_downsample\": 32}", false));
        int[][] grids = {{4, 4}, {8, 14}, {14, 8}};
        DemoMotion[] motions = {DemoMotion.SPINNING, DemoMotion.BOUNCING, DemoMotion.GROWING};
        DemoShape[] shapes = {DemoShape.TRIANGLE, DemoShape.SQUARE, DemoShape.CIRCLE};
        for (int i = 0; i < grids.length; i++) {
            DemoClip c = clip(shapes[i], motions[i], 11 + i, 2.0 + i);
            int t = (c.frames() - 1) / 4 + 1, h = grids[i][0], w = grids[i][1];
            DecodedVideo v = d.decode(onGrid(c.latent(), t, s[0], s[1], h, w), C, t, h, w, CancelToken.NEVER);
            assertEquals(c.frames(), v.frames());
            assertEquals(32 * h, v.height());
            assertEquals(32 * w, v.width());
            // the latent holds the poses as f32 and passes through the standardisation: a pixel on an edge may move a level
            int worst = maxDifference(c.video(32 * w, 32 * h), v);
            assertTrue(worst <= 2, "decoded frames differ from the generator's by " + worst + " levels at " + w * 32 + "x" + h * 32);
        }
    }

    @Test void theDecoderReadsTheMeanOverTheLatentGrid() throws Exception {
        float[][] s = statistics(C);
        DemoSceneDecoder d = DemoSceneDecoder.load(sceneFolder(s[0], s[1], "{\"latent_channels\": 29, \"spatial_downsample\": 32}", false));
        DemoClip c = clip(DemoShape.SQUARE, DemoMotion.LEFT_TO_RIGHT, 3, 1.0);
        int t = (c.frames() - 1) / 4 + 1;
        float[] z = onGrid(c.latent(), t, s[0], s[1], 4, 4), moved = z.clone();
        Random r = new Random(5);
        for (int base = 0; base < moved.length; base += 16) {        // opposite offsets on two pixels of every (channel, frame)
            float e = (float) r.nextGaussian();
            moved[base + 3] += e;
            moved[base + 9] -= e;
        }
        int worst = maxDifference(d.decode(z, C, t, 4, 4, CancelToken.NEVER), d.decode(moved, C, t, 4, 4, CancelToken.NEVER));
        assertTrue(worst <= 1, "offsets that cancel over the grid change the frames by " + worst + " levels");
        assertArrayEquals(d.scenes(z, t, 16), d.scenes(moved, t, 16), 1e-5f);
    }

    @Test void aHalfDecidedShapeIsABlendAndACleanOneIsItself() {
        float[] z = new float[C];
        z[SceneLatent.SHAPE + ShapeField.SQUARE] = 1;
        ScenePose clean = SceneLatent.pose(z, 0, 1, 0);
        assertTrue(clean.shapeWeights()[ShapeField.SQUARE] > 0.9999, java.util.Arrays.toString(clean.shapeWeights()));
        z[SceneLatent.SHAPE + ShapeField.SQUARE] = 0.5f;
        z[SceneLatent.SHAPE + ShapeField.TRIANGLE] = 0.5f;
        ScenePose half = SceneLatent.pose(z, 0, 1, 0);
        assertEquals(half.shapeWeights()[ShapeField.SQUARE], half.shapeWeights()[ShapeField.TRIANGLE], 1e-12);
        assertTrue(half.shapeWeights()[ShapeField.SQUARE] > 0.49 && half.shapeWeights()[ShapeField.CIRCLE] < 0.01,
                java.util.Arrays.toString(half.shapeWeights()));
    }

    @Test void cancellingStopsTheDecode() throws Exception {
        float[][] s = statistics(C);
        DemoSceneDecoder d = DemoSceneDecoder.load(sceneFolder(s[0], s[1], "{\"latent_channels\": 29, \"spatial_downsample\": 32}", false));
        CancelToken token = new CancelToken();
        token.cancel();
        assertThrows(RuntimeException.class, () -> d.decode(new float[C * 5 * 16], C, 5, 4, 4, token));
    }

    @Test void theToneDecoderPlaysTheClipsControls() throws Exception {
        Path d = dir.resolve("audio");
        Files.createDirectories(d);
        Files.writeString(d.resolve("config.json"), "{\"latent_channels\": 3, \"sample_rate\": 16000, \"hop\": 640}");
        float[] mean = {1.1f, 0.5f, 0.05f}, std = {0.5f, 0.1f, 0.2f};
        new SafetensorsWriter().add("latent_mean", mean, Shape.of(3), DType.F32).add("latent_std", std, Shape.of(3), DType.F32)
                .write(d.resolve("decoder.safetensors"));
        DemoToneDecoder tone = DemoToneDecoder.load(d);
        DemoClip c = clip(DemoShape.CIRCLE, DemoMotion.BOUNCING, 9, 2.0);
        float[] controls = c.controls(), z = new float[controls.length];
        for (int i = 0; i < z.length; i++) z[i] = (controls[i] - mean[i % 3]) / std[i % 3];
        assertArrayEquals(controls, tone.controls(z, c.audioFrames()), 1e-5f);
        DecodedAudio a = tone.decode(z, c.audioFrames());
        assertEquals(c.audioFrames() * DemoFormat.HOP, a.frames());
        assertEquals(DemoFormat.SAMPLE_RATE, a.sampleRate());
        assertArrayEquals(c.audio(), a.samples(), 1e-4f);
    }

    @Test void loadingErrorsNameTheFileAndTheProblem() throws Exception {
        float[][] s = statistics(C);
        var extra = assertThrows(IOException.class, () -> DemoSceneDecoder.load(sceneFolder(s[0], s[1], "{\"latent_channels\": 29, \"spatial_downsample\": 32}", true)));
        assertTrue(extra.getMessage().contains("stray") && extra.getMessage().contains("decoder.safetensors"), extra.getMessage());
        var channels = assertThrows(IOException.class, () -> DemoSceneDecoder.load(sceneFolder(s[0], s[1], "{\"latent_channels\": 16, \"spatial_downsample\": 32}", false)));
        assertTrue(channels.getMessage().contains("latent_channels 16") && channels.getMessage().contains("config.json"), channels.getMessage());
        float[][] short4 = statistics(4);
        var shape = assertThrows(IOException.class, () -> DemoSceneDecoder.load(sceneFolder(short4[0], short4[1], "{\"latent_channels\": 29, \"spatial_downsample\": 32}", false)));
        assertTrue(shape.getMessage().contains("latent_mean") && shape.getMessage().contains("[4]"), shape.getMessage());
        var noDownsample = assertThrows(IOException.class, () -> DemoSceneDecoder.load(sceneFolder(s[0], s[1], "{\"latent_channels\": 29}", false)));
        assertTrue(noDownsample.getMessage().contains("spatial_downsample"), noDownsample.getMessage());
        var none = assertThrows(IOException.class, () -> DemoToneDecoder.load(dir.resolve("nowhere")));
        assertTrue(none.getMessage().contains("config.json"), none.getMessage());
    }
}
