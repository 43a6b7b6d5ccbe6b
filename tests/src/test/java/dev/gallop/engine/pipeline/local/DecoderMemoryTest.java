package dev.gallop.engine.pipeline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.DeviceMemoryException;
import dev.gallop.engine.backend.MemoryBudget;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.models.VideoDecoder;
import dev.gallop.engine.pipeline.discovery.ComponentSpec;
import dev.gallop.engine.runtime.CancelToken;
import dev.gallop.engine.sampling.GaussianNoise;
import dev.gallop.engine.tensor.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The video decoder's planned working memory against what Turbo-VAED (the golden set's small widths) really needs on
/// the device: it decodes with 10 % more than the estimate and is refused with three quarters of it.
class DecoderMemoryTest {
    @TempDir Path dir;

    @Test void turboVaedDecodesWithinItsEstimate() throws Exception {
        Path src = dev.gallop.tests.parity.GoldenDirs.turboVaed().getFirst().path();   // the weights of the first golden set
        Path folder = Files.createDirectories(dir.resolve("turbo"));
        Files.copy(src.resolve("config.json"), folder.resolve("config.json"));
        Files.copy(src.resolve("weights.safetensors"), folder.resolve("weights.safetensors"));
        ComponentSpec spec = new ComponentSpec("turbo-vaed", folder);
        Device cpu = CpuDevice.get();
        int t = 13, h = 8, w = 12, frames = 1 + 4 * (t - 1);
        long estimate = MemoryEstimates.videoDecodeWork(spec, frames, 16L * w, 16L * h);
        MemoryBudget old = cpu.limitMemory(MemoryBudget.UNLIMITED);
        try {
            VideoDecoder vd = Components.videoDecoder(spec, cpu);
            Tensor latent = Tensor.fromFloats(cpu, Shape.of(48, t, h, w), new GaussianNoise(3).next(48 * t * h * w));
            long live = MemoryPlanTest.liveBytes();
            cpu.limitMemory(new MemoryBudget(Math.max(MemoryBudget.MIN_BYTES, live + (long) (estimate * 1.10))));
            assertEquals(frames, vd.decode(latent, CancelToken.NEVER).frames());
            live = MemoryPlanTest.liveBytes();
            long under = live + estimate * 3 / 4;   // it needs 0.87 of the estimate (50.5 MiB)
            assertTrue(under >= MemoryBudget.MIN_BYTES, "the case must need more than the least budget: estimate " + estimate);
            cpu.limitMemory(new MemoryBudget(under));
            assertThrows(DeviceMemoryException.class, () -> vd.decode(latent, CancelToken.NEVER));
        } finally {
            cpu.limitMemory(old);
        }
    }
}
