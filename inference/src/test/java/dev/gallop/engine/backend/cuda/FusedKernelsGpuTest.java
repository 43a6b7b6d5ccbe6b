package dev.gallop.engine.backend.cuda;

import static dev.gallop.engine.backend.cuda.OpsData.f32;
import static dev.gallop.engine.backend.cuda.OpsData.random;
import static dev.gallop.engine.backend.cuda.OpsData.relL2;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.backend.cuda.host.StepGraphs;
import dev.gallop.engine.backend.cuda.step.DitStep;
import dev.gallop.engine.backend.cuda.step.StepShape;
import dev.gallop.engine.backend.cuda.step.StepWeights;
import dev.gallop.engine.cli.GallopCli;
import dev.gallop.engine.models.magihuman.MagiHumanConfig;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import dev.gallop.engine.tensor.Tensor;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/// The fused kernels of the DiT step against compositions of the plain backend ops on the CPU, and the step itself:
/// graph replay equals eager execution, fp8 stays close to bf16.
@Tag("gpu")
class FusedKernelsGpuTest {
    @Test void qkNormRopeIsCopyColumnsThenRmsNormThenRope() {
        CudaDevice gpu = GpuRequired.device();
        CudaContext c = gpu.context();
        Kernels cpu = CpuDevice.get().kernels();
        int m = 23, heads = 3, dh = 128, width = 900, col0 = 131, half = 48;
        float[] src = random(31, m * width, 2), gain = random(32, dh, 1), sin = random(33, m * half, 1), cos = random(34, m * half, 1);
        Tensor ref = CpuDevice.get().empty(DType.F32, Shape.of(m, heads, dh));
        cpu.copyColumns(ref.reshape(m, heads * dh), f32(CpuDevice.get(), src, m, width), col0);
        cpu.rmsNorm(ref, ref, f32(CpuDevice.get(), gain, dh), 1e-6f);
        cpu.rope(ref, f32(CpuDevice.get(), sin, m, half), f32(CpuDevice.get(), cos, m, half));
        Tensor s = f32(gpu, src, m, width), g = f32(gpu, gain, dh), sn = f32(gpu, sin, m, half), cs = f32(gpu, cos, m, half);
        Tensor out = gpu.empty(DType.F32, Shape.of(m, heads, dh));
        c.launchRows("qk_norm_rope_f32", (long) m * heads, a -> a.ptr(CudaKernels.ptr(s)).i64(width).i32(col0).ptr(CudaKernels.ptr(out))
                .i64(m).i32(heads).i32(dh).ptr(CudaKernels.ptr(g)).ptr(CudaKernels.ptr(sn)).ptr(CudaKernels.ptr(cs)).i32(half).f32(1e-6f).i32(0));
        double err = relL2(out.toFloats(), ref.toFloats());
        assertTrue(err < 1e-5, "fused q/k norm + RoPE rel-L2 " + err);
    }

    @Test void swigluIntoAPaddedOperandZeroesThePad() {
        CudaDevice gpu = GpuRequired.device();
        CudaContext c = gpu.context();
        int m = 7, inter = 13652, ld = 13696;
        float[] up = random(35, m * 2 * inter, 3);
        Tensor ref = CpuDevice.get().empty(DType.F32, Shape.of(m, inter));
        CpuDevice.get().kernels().swiglu7(ref, f32(CpuDevice.get(), up, m, 2 * inter));
        Tensor u = f32(gpu, up, m, 2 * inter), out = gpu.empty(DType.F32, Shape.of(m, ld));
        c.launch1d("swiglu7_f32", (long) m * ld, a -> a.ptr(CudaKernels.ptr(u)).i64(2L * inter).ptr(CudaKernels.ptr(out)).i64(ld).i64(m).i32(inter).i32(0));
        float[] got = out.toFloats(), want = ref.toFloats();
        for (int r = 0; r < m; r++) {
            float[] row = Arrays.copyOfRange(got, r * ld, r * ld + inter), pad = Arrays.copyOfRange(got, r * ld + inter, (r + 1) * ld);
            assertTrue(relL2(row, Arrays.copyOfRange(want, r * inter, (r + 1) * inter)) < 1e-5, "row " + r);
            assertArrayEquals(new float[ld - inter], pad, "pad of row " + r);
        }
    }

    @Test void theDitStepReplaysAsAGraphAndFp8StaysCloseToBf16() {
        CudaDevice gpu = GpuRequired.device();
        CudaContext c = gpu.context();
        MagiHumanConfig cfg = GallopCli.tinyConfig();
        StepShape shape = StepShape.of(cfg, "301");
        float[] eager, replay, fp8 = null;
        try (StepWeights w = new StepWeights(c, cfg, false, 3); DitStep step = new DitStep(c, w, shape, false);
             StepGraphs<StepShape> graphs = new StepGraphs<>(c, 1)) {
            step.randomInput(5);
            step.enqueue();
            eager = read(c, step.residual(), shape.tokens() * cfg.hidden());
            step.randomInput(5);
            graphs.run(shape, step::enqueue);
            replay = read(c, step.residual(), shape.tokens() * cfg.hidden());
            assertEquals(1, graphs.stats().captures());
        }
        assertArrayEquals(eager, replay, "graph replay must equal eager execution");
        for (float f : eager) assertTrue(Float.isFinite(f));
        if (c.hasFp8()) {
            try (StepWeights w = new StepWeights(c, cfg, true, 3); DitStep step = new DitStep(c, w, shape, true)) {
                step.randomInput(5);
                step.enqueue();
                fp8 = read(c, step.residual(), shape.tokens() * cfg.hidden());
            }
            double err = relL2(fp8, eager);
            assertTrue(err < 0.1, "fp8 step vs bf16 step rel-L2 " + err);
        }
    }

    private static float[] read(CudaContext c, long ptr, int n) {
        try (var a = java.lang.foreign.Arena.ofConfined()) {
            var host = a.allocate(4L * n, 4);
            c.driver().copyDtoHAsync(host, ptr, 4L * n, c.stream());
            c.synchronize();
            return host.toArray(java.lang.foreign.ValueLayout.JAVA_FLOAT);
        }
    }
}
