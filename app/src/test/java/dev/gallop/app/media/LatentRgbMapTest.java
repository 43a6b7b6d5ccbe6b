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

/// The latent colour map: a least-squares fit recovers a linear decoder exactly and its pictures are smooth (no
/// blocks).
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
}
