package dev.gallop.engine.backend.cuda;

import static dev.gallop.engine.backend.cuda.OpsData.bf16;
import static dev.gallop.engine.backend.cuda.OpsData.f32;
import static dev.gallop.engine.backend.cuda.OpsData.fp8;
import static dev.gallop.engine.backend.cuda.OpsData.random;
import static dev.gallop.engine.backend.cuda.OpsData.relL2;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.backend.AttentionMask;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import java.util.function.BiFunction;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/// Every CUDA backend op against the CPU backend on random inputs at odd sizes (ggml's backend-ops idea), with a
/// tolerance per numeric path: f32 ops 1e-5 relative L2; bf16-rounded outputs 1e-2 (a bf16 ulp is 2^-8 relative and
/// the two sides may round differently once in a while); fp8 GEMMs 6e-2 (the GPU also quantizes the activations).
@Tag("gpu")
class CudaOpsGpuTest {
    static final double F32 = 1e-5, BF16 = 1e-2, FP8 = 6e-2;
    Device gpu, cpu = CpuDevice.get();
    Kernels g, c;

    @BeforeEach void setUp() {
        gpu = GpuRequired.device();
        g = gpu.kernels();
        c = cpu.kernels();
    }

    /// Runs `op` on both devices with the same inputs (`make` builds them on a device) and compares `result`.
    private void same(String what, double tol, BiFunction<Device, Kernels, Tensor> op) {
        float[] want = op.apply(cpu, c).toFloats();
        float[] got = op.apply(gpu, g).toFloats();
        double err = relL2(got, want);
        assertTrue(err <= tol, what + ": rel-L2 " + err + " > " + tol);
    }

    @ParameterizedTest @ValueSource(strings = {"F32", "BF16", "F8_E4M3"})
    void linearAtOddSizes(String weightType) {
        DType wt = DType.valueOf(weightType);
        int m = 37, k = 83, n = 51;
        float[] x = random(1, m * k, 1), w = random(2, n * k, 0.1), b = random(3, n, 0.5);
        for (boolean mixed : new boolean[] {false, true}) {
            for (boolean withBias : new boolean[] {false, true}) {
                double tol = wt == DType.F8_E4M3 ? FP8 : mixed ? BF16 : F32;
                same("linear " + wt + (mixed ? " mixed" : " f32") + (withBias ? " +bias" : ""), tol, (d, kk) -> {
                    Tensor out = d.empty(DType.F32, Shape.of(m, n));
                    Tensor wd = switch (wt) {
                        case F32 -> f32(d, w, n, k);
                        case BF16 -> bf16(d, w, n, k);
                        default -> fp8(d, w, n, k);
                    };
                    kk.linear(out, f32(d, x, m, k), wd, withBias ? f32(d, b, n) : null, mixed);
                    return out;
                });
            }
        }
    }

    @Test void linearAtTheRealMlpWidth() {
        int m = 19, k = 13652, n = 24;   // the SwiGLU7 down-projection's unaligned K
        float[] x = random(4, m * k, 1), w = random(5, n * k, 0.02);
        same("linear K=13652 bf16", BF16, (d, kk) -> {
            Tensor out = d.empty(DType.F32, Shape.of(m, n));
            kk.linear(out, f32(d, x, m, k), bf16(d, w, n, k), null, true);
            return out;
        });
        same("linear K=13652 fp8", FP8, (d, kk) -> {
            Tensor out = d.empty(DType.F32, Shape.of(m, n));
            kk.linear(out, f32(d, x, m, k), fp8(d, w, n, k), null, true);
            return out;
        });
    }

    @Test void rmsNormRopeGateAndActivations() {
        int m = 29, h = 3, dh = 128, half = 48, d = 333;
        float[] x = random(6, m * d, 2), gain = random(7, d, 1), q = random(8, m * h * dh, 1);
        float[] sin = random(9, m * half, 1), cos = random(10, m * half, 1), gates = random(11, m * h, 2);
        same("rmsNorm", F32, (dev, k) -> {
            Tensor out = dev.empty(DType.F32, Shape.of(m, d));
            k.rmsNorm(out, f32(dev, x, m, d), f32(dev, gain, d), 1e-6f);
            return out;
        });
        same("rope", F32, (dev, k) -> {
            Tensor t = f32(dev, q, m, h, dh);
            k.rope(t, f32(dev, sin, m, half), f32(dev, cos, m, half));
            return t;
        });
        same("sigmoidGate", F32, (dev, k) -> {
            Tensor out = dev.empty(DType.F32, Shape.of(m, h, dh));
            k.sigmoidGate(out, f32(dev, q, m, h, dh), f32(dev, gates, m, h));
            return out;
        });
        int inter = 171;
        float[] up = random(12, m * 2 * inter, 4);
        same("swiglu7", F32, (dev, k) -> {
            Tensor out = dev.empty(DType.F32, Shape.of(m, inter));
            k.swiglu7(out, f32(dev, up, m, 2 * inter));
            return out;
        });
        same("gelu7", F32, (dev, k) -> {
            Tensor out = dev.empty(DType.F32, Shape.of(m, 2 * inter));
            k.gelu7(out, f32(dev, up, m, 2 * inter));
            return out;
        });
        same("add", F32, (dev, k) -> {
            Tensor acc = f32(dev, x, m, d);
            k.add(acc, f32(dev, x, m, d));
            return acc;
        });
        same("copyColumns", 0, (dev, k) -> {
            Tensor out = dev.empty(DType.F32, Shape.of(m, 77));
            k.copyColumns(out, f32(dev, x, m, d), 101);
            return out;
        });
    }

    @Test void roundingAndCopiesAreExact() {
        float[] x = random(13, 1001, 3);
        Tensor t = f32(gpu, x, 1001), r = f32(cpu, x, 1001);
        g.roundBf16(t);
        c.roundBf16(r);
        assertArrayEquals(r.toFloats(), t.toFloats());
        Tensor b = gpu.empty(DType.BF16, Shape.of(1001)), back = gpu.empty(DType.F32, Shape.of(1001));
        g.copy(b, f32(gpu, x, 1001));
        g.copy(back, b);
        assertArrayEquals(r.toFloats(), back.toFloats(), "f32 -> bf16 -> f32 is the bf16 rounding");
        Tensor q8 = fp8(gpu, x, 7, 143), q8c = fp8(cpu, x, 7, 143);
        Tensor wide = gpu.empty(DType.F32, Shape.of(7, 143)), widec = cpu.empty(DType.F32, Shape.of(7, 143));
        g.copy(wide, q8);
        c.copy(widec, q8c);
        assertArrayEquals(widec.toFloats(), wide.toFloats(), "fp8 dequantization");
    }

    @ParameterizedTest @ValueSource(strings = {"auto", "gallop"})
    void attentionFullAndWindowed(String impl) {
        String old = System.getProperty("gallop.cuda.attention");
        System.setProperty("gallop.cuda.attention", impl);
        try {
            int n = 83, hq = 4, hkv = 2, dh = 128;
            float[] q = random(14, n * hq * dh, 1), k = random(15, n * hkv * dh, 1), v = random(16, n * hkv * dh, 1);
            float scale = (float) (1 / Math.sqrt(dh));
            AttentionMask window = AttentionMask.frameWindow(5, 12, n, 1);
            for (boolean mixed : new boolean[] {false, true}) {
                for (AttentionMask mask : new AttentionMask[] {AttentionMask.full(n), window}) {
                    same("attention " + impl + (mixed ? " bf16" : " f32") + (mask == window ? " windowed" : " full"), mixed ? BF16 : F32,
                            (dev, kk) -> {
                                Tensor out = dev.empty(DType.F32, Shape.of(n, hq, dh));
                                Tensor qq = f32(dev, q, n, hq, dh), kt = f32(dev, k, n, hkv, dh), vt = f32(dev, v, n, hkv, dh);
                                if (mixed) {
                                    kk.roundBf16(qq);
                                    kk.roundBf16(kt);
                                    kk.roundBf16(vt);
                                }
                                kk.attention(out, qq, kt, vt, scale, mask, mixed);
                                return out;
                            });
                }
            }
        } finally {
            if (old == null) System.clearProperty("gallop.cuda.attention"); else System.setProperty("gallop.cuda.attention", old);
        }
    }
}
