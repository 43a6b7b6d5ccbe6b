package dev.gallop.engine.models.magihuman;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.io.Checkpoints;
import dev.gallop.engine.io.safetensors.Checkpoint;
import dev.gallop.engine.nn.WeightPolicy;
import dev.gallop.engine.nn.WeightStream;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.randommodel.RandomModelWriter;
import dev.gallop.engine.runtime.Precision;
import dev.gallop.engine.sampling.GaussianNoise;
import dev.gallop.engine.tensor.Shape;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// A DiT whose layers stream their GEMM weights from host memory computes what the resident DiT computes, holds
/// less on the device, and uploads each streamed layer once per forward.
class StreamedDitTest {
    @TempDir static Path dir;
    static final MagiHumanConfig CFG = MagiHumanConfig.tiny();

    @BeforeAll static void model() throws Exception {
        RandomModelWriter.write(dir.resolve("m"), CFG, 5, "distill", 2);
    }

    private record Loaded(MagiHumanDit dit, Checkpoint ckpt) {}

    private static Loaded load(WeightPolicy policy, Set<Integer> streamed) throws Exception {
        Checkpoint ck = Checkpoints.open(dir.resolve("m").resolve("dit"));
        Weights w = Weights.open(ck, CpuDevice.get(), policy);
        MagiHumanDit dit = new MagiHumanDit(CFG, w, CpuDevice.get(), streamed);
        w.requireAllConsumed();
        return new Loaded(dit, ck);
    }

    private static DitInput input() {
        GaussianNoise n = new GaussianNoise(99);
        CpuDevice d = CpuDevice.get();
        int t = 3, h = 4, w = 6, audio = 9, text = 7;
        return new DitInput(Tensor.fromFloats(d, Shape.of(48, t, h, w), n.next(48 * t * h * w)),
                Tensor.fromFloats(d, Shape.of(audio, 64), n.next(audio * 64)),
                Tensor.fromFloats(d, Shape.of(text, CFG.textChannels()), n.next(text * CFG.textChannels())));
    }

    @Test void streamedLayersComputeExactlyWhatResidentLayersDo() throws Exception {
        for (WeightPolicy policy : new WeightPolicy[] {WeightPolicy.KEEP, WeightPolicy.FP8_PER_CHANNEL}) {
            Precision p = policy == WeightPolicy.KEEP ? Precision.F32 : Precision.MIXED_BF16;
            Loaded resident = load(policy, Set.of());
            Loaded streamed = load(policy, Set.of(0, 1, 3));    // two expert layers and a shared one, consecutive and not
            try {
                assertNull(resident.dit().stream());
                DitInput in = input();
                DitOutput a = resident.dit().forward(in, p);
                float[] av = a.video().toFloats(), aa = a.audio().toFloats();
                for (int step = 0; step < 2; step++) {
                    DitOutput b = streamed.dit().forward(in, p);
                    assertArrayEquals(av, b.video().toFloats(), policy + " video, forward " + step);
                    assertArrayEquals(aa, b.audio().toFloats(), policy + " audio, forward " + step);
                }
                WeightStream s = streamed.dit().stream();
                assertEquals(3, s.units());
                assertEquals(6, s.uploads(), "each streamed layer once per forward");
                assertEquals(2 * s.hostBytes(), s.uploadedBytes());
            } finally {
                resident.ckpt().close();
                streamed.ckpt().close();
            }
        }
    }

    @Test void theSlotHoldsTheLargestStreamedLayerAndTheDeviceHoldsLess() throws Exception {
        CpuDevice cpu = CpuDevice.get();
        Checkpoint ck = Checkpoints.open(dir.resolve("m").resolve("dit"));
        try {
            Weights w = Weights.open(ck, cpu, WeightPolicy.FP8_PER_CHANNEL);
            long expert = MagiHumanDit.layerGemmBytes(CFG, 0, w.at("block").at("layers").at(0));
            long shared = MagiHumanDit.layerGemmBytes(CFG, 1, w.at("block").at("layers").at(1));
            // fp8: one byte a weight; an expert layer holds three sets
            long d = CFG.hidden(), perSet = CFG.qkvWidth() * d + d * d + (long) CFG.mlpUpWidth(1) * d + d * CFG.mlpIntermediate(1);
            assertTrue(shared >= perSet && shared < perSet + 4 * 256, shared + " vs " + perSet);
            assertTrue(expert > 2.5 * shared, expert + " vs " + shared);

            Loaded sharedOnly = load(WeightPolicy.FP8_PER_CHANNEL, Set.of(1, 2));
            try {
                assertEquals(shared, sharedOnly.dit().stream().slotBytes());
                assertTrue(sharedOnly.dit().stream().hostBytes() > 2 * perSet - 1, "both layers' weights stay on the host");
            } finally {
                sharedOnly.ckpt().close();
            }
        } finally {
            ck.close();
        }
        assertThrows(IllegalArgumentException.class, () -> load(WeightPolicy.KEEP, Set.of(CFG.layers())));
    }
}
