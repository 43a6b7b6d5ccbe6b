package dev.gallop.app.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.app.prompt.ModelCatalog;
import dev.gallop.app.testing.TestModels;
import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.pipeline.DecodedVideo;
import dev.gallop.engine.pipeline.GeneratedClip;
import dev.gallop.engine.pipeline.GenerationRequest;
import dev.gallop.engine.pipeline.LatentClip;
import dev.gallop.engine.pipeline.local.LocalGenerator;
import dev.gallop.engine.pipeline.StructuredPrompt;
import dev.gallop.engine.pipeline.VideoSize;
import dev.gallop.engine.runtime.CancelToken;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/// The latent colour map: a least-squares fit recovers a linear decoder exactly, its pictures are smooth (no blocks),
/// and fitted from a probe of the demo model's own decoder it shows a real x₀ far closer to the decoded picture than
/// the channel groups do.
class LatentRgbMapTest {
    @Test void aLinearDecoderIsRecoveredAndThePictureIsSmooth() {
        int c = 4;
        double[][] w = {{0.2, -0.1, 0.05, 0.0, 0.5}, {0.0, 0.3, 0.0, -0.2, 0.4}, {-0.15, 0.0, 0.25, 0.1, 0.45}};
        Random r = new Random(3);
        List<float[]> lat = new ArrayList<>(), col = new ArrayList<>();
        for (int f = 0; f < 4; f++) {
            float[] v = new float[c * 16];
            for (int i = 0; i < v.length; i++) v[i] = (float) (r.nextDouble() - 0.5);
            LatentClip clip = new LatentClip(v, c, 1, 4, 4, new float[0], 0);
            byte[] rgb = new byte[64 * 64 * 3];
            for (int y = 0; y < 64; y++) {
                for (int x = 0; x < 64; x++) {
                    int li = (y / 16) * 4 + x / 16;
                    for (int k = 0; k < 3; k++) {
                        double val = w[k][c];
                        for (int ch = 0; ch < c; ch++) val += w[k][ch] * v[ch * 16 + li];
                        rgb[(y * 64 + x) * 3 + k] = (byte) Math.clamp(Math.round(val * 255), 0, 255);
                    }
                }
            }
            LatentRgbMap.samples(clip, 0, rgb, 64, 64, lat, col);
        }
        assertEquals(64, lat.size(), "one sample per latent pixel");
        for (float[] x : col) for (float y : x) assertTrue(y > 0 && y < 1, "no clamping in the synthetic decoder");
        LatentRgbMap m = LatentRgbMap.fit(c, lat, col);
        for (int k = 0; k < 3; k++) for (int i = 0; i <= c; i++) assertEquals(w[k][i], m.weights()[k * (c + 1) + i], 0.01, "weight " + k + "," + i);

        // a 2×2 latent with one bright pixel: the picture is a gradient, not four flat blocks
        float[] v = new float[c * 4];
        v[0] = 2;
        ArgbImage p = m.picture(new LatentClip(v, c, 1, 2, 2, new float[0], 0), 0, 32, 32);
        int distinct = (int) java.util.Arrays.stream(p.argb()).distinct().count();
        assertTrue(distinct > 16, distinct + " colours: a smooth picture");
        assertTrue(p.pixel(15, 4) != p.pixel(4, 4), "no flat block across a latent pixel");
    }

    @Test void fittedFromAProbeOfTheDemoDecoderItShowsARealX0LikeTheDecoderDoes() throws Exception {
        Path demo = TestModels.home().resolve(ModelCatalog.DEMO);
        LatentDecoder decoder = new LatentDecoder(CpuDevice.get());
        LatentRgbMaps maps = new LatentRgbMaps();
        assertTrue(maps.wantsProbe(demo));
        LatentClip probe = LatentRgbMaps.probe(16);
        maps.add(demo, probe, decoder.decodeVideo(probe, demo, CancelToken.NEVER));
        LatentRgbMap map = maps.map(demo).orElseThrow();

        GeneratedClip clip;
        try (LocalGenerator g = new LocalGenerator(CpuDevice.get())) {
            clip = g.submit(new GenerationRequest(StructuredPrompt.of("a red circle on a blue background"), Optional.empty(), Optional.empty(),
                    0.64, new VideoSize(64, 64), 11, 0, demo), e -> { }).await();
        }
        DecodedVideo v = clip.video();
        List<float[]> lat = new ArrayList<>(), truth = new ArrayList<>();
        LatentRgbMap.samples(clip.latents(), 0, java.util.Arrays.copyOf(v.rgb(), 64 * 64 * 3), 64, 64, lat, truth);
        ArgbImage mapped = LatentPreview.picture(clip.latents(), 0, map, 64), groups = LatentPreview.picture(clip.latents(), 0, null, 64);
        double withMap = error(mapped, truth), withGroups = error(groups, truth);
        assertTrue(withMap < 0.2, "the map's colours are close to the decoder's: mean error " + withMap);
        assertTrue(withMap < withGroups * 0.6, "far closer than the channel groups: " + withMap + " vs " + withGroups);
    }

    /// Mean absolute colour error (0..1) of the picture's 16×16 cell means against the decoder's.
    static double error(ArgbImage p, List<float[]> truth) {
        double e = 0;
        for (int cell = 0; cell < 16; cell++) {
            int cy = cell / 4, cx = cell % 4;
            double[] mean = new double[3];
            for (int y = cy * 16; y < cy * 16 + 16; y++) {
                for (int x = cx * 16; x < cx * 16 + 16; x++) {
                    int px = p.pixel(x, y);
                    mean[0] += (px >> 16 & 0xff) / 255.0 / 256;
                    mean[1] += (px >> 8 & 0xff) / 255.0 / 256;
                    mean[2] += (px & 0xff) / 255.0 / 256;
                }
            }
            for (int k = 0; k < 3; k++) e += Math.abs(mean[k] - truth.get(cell)[k]) / 48;
        }
        return e;
    }
}
