package dev.gallop.engine.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.backend.cuda.host.StepGraphs;
import dev.gallop.engine.backend.harness.OpData;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/// Stream capture on a real GPU: a short op sequence captured once and replayed gives what running it eagerly gives,
/// and a replay sees new input values written into the same buffers.
@Tag("gpu")
class CudaGraphGpuTest {
    @Test void aCapturedSequenceReplaysLikeEagerExecution() {
        CudaDevice gpu = GpuRequired.device();
        Kernels k = gpu.kernels();
        int m = 41, d = 300;
        Tensor in = OpData.normal(gpu, DType.F32, 21, 1, m, d), g = OpData.normal(gpu, DType.F32, 22, 1, d);
        Tensor norm = gpu.empty(DType.F32, Shape.of(m, d)), act = gpu.empty(DType.F32, Shape.of(m, d));
        Runnable body = () -> {
            k.rmsNorm(norm, in, g, 1e-6f);
            k.gelu7(act, norm);
            k.add(act, in);
        };
        body.run();
        float[] eager = act.toFloats();

        CudaContext c = gpu.context();
        try (StepGraphs<Integer> graphs = new StepGraphs<>(c, 2)) {
            gpu.kernels();   // plans and modules exist before capture
            assertTrue(graphs.run(m, body));
            gpu.synchronize();
            assertArrayEquals(eager, act.toFloats());
            Tensor fresh = OpData.normal(gpu, DType.F32, 23, 1, m, d);
            k.copy(in, fresh);
            assertFalse(graphs.run(m, body));
            gpu.synchronize();
            Tensor ref = gpu.empty(DType.F32, Shape.of(m, d)), refAct = gpu.empty(DType.F32, Shape.of(m, d));
            k.rmsNorm(ref, fresh, g, 1e-6f);
            k.gelu7(refAct, ref);
            k.add(refAct, fresh);
            assertArrayEquals(refAct.toFloats(), act.toFloats());
            assertEquals(1, graphs.stats().captures());
        }
    }
}
