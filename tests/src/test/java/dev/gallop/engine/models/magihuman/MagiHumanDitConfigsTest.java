package dev.gallop.engine.models.magihuman;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.io.Checkpoints;
import dev.gallop.engine.io.safetensors.Checkpoint;
import dev.gallop.engine.nn.WeightPolicy;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.randommodel.RandomModelWriter;
import dev.gallop.engine.runtime.CancelToken;
import dev.gallop.engine.runtime.Precision;
import dev.gallop.engine.runtime.Trace;
import dev.gallop.engine.sampling.GaussianNoise;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The DiT on configurations other than the golden one: other widths, head counts, expert layers, local attention.
class MagiHumanDitConfigsTest {
    @TempDir Path dir;

    private MagiHumanDit load(MagiHumanConfig cfg, String name) throws Exception {
        RandomModelWriter.write(dir.resolve(name), cfg, 11, "distill", 2);
        Checkpoint ck = Checkpoints.open(dir.resolve(name).resolve("dit"));
        Weights w = Weights.open(ck, CpuDevice.get(), WeightPolicy.KEEP);
        MagiHumanDit dit = new MagiHumanDit(cfg, w, CpuDevice.get());
        w.requireAllConsumed();
        return dit;
    }

    private static DitInput input(int t, int h, int w, int audio, int text, int textChannels) {
        GaussianNoise n = new GaussianNoise(t * 31L + h);
        CpuDevice d = CpuDevice.get();
        return new DitInput(Tensor.fromFloats(d, Shape.of(48, t, h, w), n.next(48 * t * h * w)),
                Tensor.fromFloats(d, Shape.of(audio, 64), n.next(audio * 64)), Tensor.fromFloats(d, Shape.of(text, textChannels), n.next(text * textChannels)));
    }

    private static double relL2(float[] a, float[] b) {
        double num = 0, den = 0;
        for (int i = 0; i < a.length; i++) { num += (a[i] - b[i]) * (double) (a[i] - b[i]); den += (double) b[i] * b[i]; }
        return Math.sqrt(num / den);
    }

    @Test void otherWidthsHeadsAndExpertLayersRunInBothPrecisions() throws Exception {
        MagiHumanConfig cfg = new MagiHumanConfig(384, 3, 128, 3, 1, Set.of(1), Set.of(), 1536, MagiHumanConfig.swigluWidth(384),
                Set.of(), 11, 1e-6f, 48, 64, 96, 16, MagiHumanConfig.TextCoords.V1);
        MagiHumanDit dit = load(cfg, "wide");
        DitInput in = input(3, 4, 6, 9, 7, 96);
        float[] f32 = dit.forward(in, Precision.F32).video().toFloats();
        float[] f32Audio = dit.forward(in, Precision.F32).audio().toFloats();
        float[] mixed = dit.forward(in, Precision.MIXED_BF16).video().toFloats();
        assertEquals(48 * 3 * 4 * 6, f32.length);
        assertEquals(9 * 64, f32Audio.length);
        double r = relL2(mixed, f32);
        assertTrue(r > 0 && r < 3e-2, "mixed vs f32 rel-L2 " + r);
        assertArrayEquals(f32, dit.forward(in, Precision.F32).video().toFloats(), "forward must be deterministic");
    }

    @Test void frameWindowAttentionEqualsFullAttentionWhenTheWindowCoversAllFramesAndDiffersOtherwise() throws Exception {
        MagiHumanConfig base = new MagiHumanConfig(256, 2, 128, 2, 1, Set.of(0), Set.of(0), 1024, MagiHumanConfig.swigluWidth(256),
                Set.of(), 11, 1e-6f, 48, 64, 64, 16, MagiHumanConfig.TextCoords.V2);
        DitInput in = input(5, 2, 2, 17, 3, 64);
        float[] full = load(base, "full").forward(in, Precision.F32).video().toFloats();
        float[] wide = load(base.withLocalAttention(Set.of(0, 1)), "wide-window").forward(in, Precision.F32).video().toFloats();
        // same keys, but split into per-frame query segments: equal up to f32 summation order
        assertTrue(relL2(wide, full) < 1e-6, "a window of 11 frames covers all 5 frames: rel-L2 " + relL2(wide, full));
        MagiHumanConfig narrow = new MagiHumanConfig(256, 2, 128, 2, 1, Set.of(0), Set.of(0), 1024, MagiHumanConfig.swigluWidth(256),
                Set.of(1), 1, 1e-6f, 48, 64, 64, 16, MagiHumanConfig.TextCoords.V2);
        float[] local = load(narrow, "narrow").forward(in, Precision.F32).video().toFloats();
        assertTrue(relL2(local, full) > 1e-3, "a 1-frame window must change the output: rel-L2 " + relL2(local, full));
    }

    @Test void cancellationIsCheckedBetweenLayers() throws Exception {
        MagiHumanConfig cfg = MagiHumanConfig.tiny();
        MagiHumanDit dit = load(cfg, "tiny");
        CancelToken token = new CancelToken();
        int[] layersSeen = {0};
        Trace trace = new Trace() {
            @Override public boolean enabled() { return true; }

            @Override public void tap(String name, dev.gallop.engine.backend.Tensor t) {
                if (name.endsWith(".out") && ++layersSeen[0] == 2) token.cancel();
            }
        };
        assertThrows(CancellationException.class, () -> dit.forward(input(2, 2, 2, 5, 2, 3584), Precision.F32, trace, token));
        assertEquals(2, layersSeen[0], "the forward must stop right after the layer during which it was cancelled");
    }

    @Test void mismatchedInputsAreRefusedWithShapes() throws Exception {
        MagiHumanDit dit = load(MagiHumanConfig.tiny(), "tiny2");
        CpuDevice d = CpuDevice.get();
        var e = assertThrows(IllegalArgumentException.class, () -> dit.forward(new DitInput(d.zeros(DType.F32, Shape.of(10, 1, 2, 2)),
                d.zeros(DType.F32, Shape.of(1, 64)), d.zeros(DType.F32, Shape.of(1, 3584))), Precision.F32));
        assertTrue(e.getMessage().contains("[10, 1, 2, 2]") && e.getMessage().contains("48"), e.getMessage());
        var odd = assertThrows(IllegalArgumentException.class, () -> dit.forward(new DitInput(d.zeros(DType.F32, Shape.of(48, 1, 3, 2)),
                d.zeros(DType.F32, Shape.of(1, 64)), d.zeros(DType.F32, Shape.of(1, 3584))), Precision.F32));
        assertTrue(odd.getMessage().contains("3×2"), odd.getMessage());
    }
}
