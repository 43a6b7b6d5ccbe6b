package dev.gallop.engine.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.backend.cuda.ffm.CudaException;
import dev.gallop.engine.backend.cuda.fft.CufftStatus;
import dev.gallop.engine.backend.cuda.fft.FftSupport;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The sequence operations' host side on the stand-in libraries: the convolutions' grids and per-phase launches, the
/// FFT resample's cuFFT plans (layouts, stream, reuse, eviction) and transforms, and a device without cuFFT.
class FakeCudaSequenceTest {
    static FakeCuda fake;

    @BeforeAll static void build(@TempDir Path dir) throws Exception { fake = FakeCuda.build(dir); }

    static int counter(String name) throws Throwable { return fake.counter(name); }

    static int lastPlan(int i) throws Throwable {
        MethodHandle h = fake.fake.fn(FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), "fake_fft_last_plan");
        return (int) h.invokeExact(i);
    }

    static String lastKernel() throws Throwable {
        MethodHandle h = fake.fake.fn(FunctionDescriptor.of(ValueLayout.ADDRESS), "fake_last_kernel");
        return ((MemorySegment) h.invokeExact()).reinterpret(128).getString(0);
    }

    static int lastGrid(int i) throws Throwable {
        MethodHandle h = fake.fake.fn(FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), "fake_last_grid");
        return (int) h.invokeExact(i);
    }

    @Test void convolutionsLaunchTiledGridsAndOneKernelPerPhase() throws Throwable {
        CudaDevice dev = fake.device();
        Kernels k = dev.kernels();
        Tensor x = dev.empty(DType.F32, Shape.of(300, 70)), w = dev.empty(DType.F32, Shape.of(130, 70, 7)), b = dev.empty(DType.F32, Shape.of(130));
        k.conv1d(dev.empty(DType.F32, Shape.of(300, 130)), x, w, b, 1, 3, 1);
        assertEquals("conv1d_f32", lastKernel());
        assertEquals(5, lastGrid(0), "300 output steps in tiles of 64");
        assertEquals(3, lastGrid(1), "130 output channels in tiles of 64");
        int before = counter("fake_launches");
        // stride 5, kernel 3: phases 3 and 4 have no taps but still write their rows
        k.convTranspose1d(dev.empty(DType.F32, Shape.of(41, 6)), dev.empty(DType.F32, Shape.of(9, 5)), dev.empty(DType.F32, Shape.of(5, 6, 3)),
                null, 5, 1);
        assertEquals(5, counter("fake_launches") - before, "one launch per phase");
        assertEquals("conv_transpose1d_f32", lastKernel());
        var e = assertThrows(IllegalArgumentException.class, () -> k.conv1d(dev.empty(DType.F32, Shape.of(300, 130)), x,
                dev.empty(DType.BF16, Shape.of(130, 70, 7)), null, 1, 3, 1));
        assertTrue(e.getMessage().contains("conv1d: weight must be F32"), e.getMessage());
    }

    @Test void resampleRunsTwoPlannedTransformsAroundItsKernelsAndReusesThePlans() throws Throwable {
        CudaDevice dev = fake.device();
        Kernels k = dev.kernels();
        int n = 2048 * 7, m = 1764 * 7, c = 2;
        Tensor x = dev.empty(DType.F32, Shape.of(n, c)), y = dev.empty(DType.F32, Shape.of(m, c));
        int plans = counter("fake_fft_live_plans"), r2c = counter("fake_fft_r2c"), c2r = counter("fake_fft_c2r");
        k.resampleFft(y, x);
        dev.synchronize();
        assertEquals(plans + 2, counter("fake_fft_live_plans"), "an R2C and a C2R plan");
        assertEquals(r2c + 1, counter("fake_fft_r2c"));
        assertEquals(c2r + 1, counter("fake_fft_c2r"));
        assertEquals("resample_scale_f32", lastKernel());
        // the C2R plan, created last: length M from [C][M/2 + 1] bins into out[M, C] (stride C, next channel 1 further)
        int[] want = {m, m / 2 + 1, 1, m / 2 + 1, m, c, 1, c};
        for (int i = 0; i < want.length; i++) assertEquals(want[i], lastPlan(i), "C2R plan field " + i);
        k.resampleFft(y, x);
        assertEquals(plans + 2, counter("fake_fft_live_plans"), "the second call reuses the plans");
        assertEquals(r2c + 2, counter("fake_fft_r2c"));
        for (int extra = 1; extra <= ResamplePlans.KEEP; extra++) {
            k.resampleFft(dev.empty(DType.F32, Shape.of(m + extra, c)), x);
        }
        assertEquals(plans + 2 * ResamplePlans.KEEP, counter("fake_fft_live_plans"), "old plans are destroyed beyond the cache");
    }

    @Test void withoutCufftTheResampleNamesWhatIsMissingAndTheDeviceSaysSo() {
        CudaDevice dev = fake.device(new FftSupport(null, "cuFFT was not found: tried libcufft.so.12, libcufft.so.11"));
        assertTrue(dev.description().contains("FFT: none (cuFFT was not found"), dev.description());
        Tensor x = dev.empty(DType.F32, Shape.of(100, 2)), y = dev.empty(DType.F32, Shape.of(90, 2));
        var e = assertThrows(IllegalStateException.class, () -> dev.kernels().resampleFft(y, x));
        assertTrue(e.getMessage().contains("resampleFft on cuda:0 needs cuFFT") && e.getMessage().contains("libcufft.so.12"), e.getMessage());
        assertTrue(fake.device().description().endsWith("FFT: cuFFT 12.0.0"), fake.device().description());
    }

    @Test void cufftFailuresNameTheCallAndTheStatus() {
        var e = assertThrows(CudaException.class, () -> fake.fft.planMany(0, 0, 1, 1, 1, 1, 1, 0x2a, 1));
        assertTrue(e.getMessage().contains("cufftPlanMany(n 0, R2C, batch 1) failed: CUFFT_INVALID_VALUE (4)"), e.getMessage());
        assertEquals("CUFFT_INVALID_SIZE", CufftStatus.name(8));
        assertEquals("cufftResult 99", CufftStatus.name(99));
    }
}
