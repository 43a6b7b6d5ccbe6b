package dev.gallop.engine.bench;

import dev.gallop.engine.backend.cpu.base.Parallel;
import dev.gallop.engine.backend.cpu.gemm.Gemm;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Floats;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/// Times Gemm.matmul (vector path) on linear-layer shapes and prints GFLOP/s (2·M·N·K per call).
///
/// Usage: `GemmBench [--m 512,1024,2048,4096] [--n 1024,2048,4096] [--k 1024] [--dtypes f32,bf16]
/// [--runs 7] [--warmup 3] [--bf16mode]`. Threads: `-Dgallop.threads=N`. Output, one line per case:
/// `dtype M N K best_gflops median_gflops`.
public final class GemmBench {
    private static final ValueLayout.OfFloat F32 = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfShort I16 = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private GemmBench() {}

    public static void main(String[] args) {
        int[] ms = {512, 1024, 2048, 4096}, ns = {1024, 2048, 4096}, ks = {1024};
        String[] dtypes = {"f32", "bf16"};
        int runs = 7, warmup = 3;
        boolean bf16Mode = false;
        for (int a = 0; a < args.length; a++) {
            switch (args[a]) {
                case "--m" -> ms = ints(args[++a]);
                case "--n" -> ns = ints(args[++a]);
                case "--k" -> ks = ints(args[++a]);
                case "--dtypes" -> dtypes = args[++a].split(",");
                case "--runs" -> runs = Integer.parseInt(args[++a]);
                case "--warmup" -> warmup = Integer.parseInt(args[++a]);
                case "--bf16mode" -> bf16Mode = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[a]);
            }
        }
        System.out.printf(Locale.ROOT, "# threads=%d vector=%s%n", Parallel.parallelism(),
                jdk.incubator.vector.FloatVector.SPECIES_PREFERRED);
        // JIT warm-up of every path before any timing (the first shapes would otherwise pay for C2 compilation).
        for (String dt : dtypes) {
            for (int i = 0; i < 3; i++) run(DType.parse(dt), 480, 1024, 1024, 5, 5, bf16Mode, false);
        }
        System.out.println("# dtype M N K best_gflops median_gflops");
        for (String dt : dtypes) {
            DType type = DType.parse(dt);
            for (int k : ks) {
                for (int n : ns) {
                    for (int m : ms) run(type, m, n, k, runs, warmup, bf16Mode, true);
                }
            }
        }
    }

    private static void run(DType type, int m, int n, int k, int runs, int warmup, boolean bf16Mode,
                            boolean print) {
        try (Arena arena = Arena.ofShared()) {
            SplittableRandom rnd = new SplittableRandom(42);
            MemorySegment x = arena.allocate(4L * m * k, 64);
            MemorySegment w = arena.allocate((long) type.bytes() * n * k, 64);
            MemorySegment out = arena.allocate(4L * m * n, 64);
            for (long i = 0; i < (long) m * k; i++) x.setAtIndex(F32, i, (float) rnd.nextDouble(-1, 1));
            for (long i = 0; i < (long) n * k; i++) {
                float v = (float) rnd.nextDouble(-1, 1);
                switch (type) {
                    case F32 -> w.setAtIndex(F32, i, v);
                    case BF16 -> w.setAtIndex(I16, i, Floats.floatToBf16(v));
                    case F16 -> w.setAtIndex(I16, i, Floats.floatToF16(v));
                    case F8_E4M3 -> w.set(ValueLayout.JAVA_BYTE, i, Floats.floatToE4m3(v * 400f));
                }
            }
            float[] scales = type == DType.F8_E4M3 ? new float[] {1f / 400f} : null;
            double flops = 2.0 * m * n * k;
            double[] gf = new double[runs];
            for (int r = 0; r < warmup + runs; r++) {
                long t = System.nanoTime();
                Gemm.matmul(x, 0, w, 0, type, scales, null, 0, out, 0, m, n, k, bf16Mode, true);
                long dt = System.nanoTime() - t;
                if (r >= warmup) gf[r - warmup] = flops / dt;
            }
            Arrays.sort(gf);
            if (print) System.out.printf(Locale.ROOT, "%s %d %d %d %.1f %.1f%n", type.safetensorsName().toLowerCase(Locale.ROOT),
                    m, n, k, gf[runs - 1], gf[runs / 2]);
        }
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
    }
}
