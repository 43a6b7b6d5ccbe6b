package dev.gallop.engine.bench;

import dev.gallop.engine.backend.BackendProvider;
import dev.gallop.engine.backend.Backends;
import dev.gallop.engine.backend.cuda.CudaContext;
import dev.gallop.engine.backend.cuda.CudaDevice;
import dev.gallop.engine.backend.cuda.blas.CublasLt;
import dev.gallop.engine.backend.cuda.blas.LtMatmul;
import dev.gallop.engine.backend.cuda.dnn.Cudnn;
import dev.gallop.engine.backend.cuda.dnn.SdpaPlan;
import dev.gallop.engine.backend.cuda.host.DevicePool;
import dev.gallop.engine.backend.cuda.host.StepGraphs;
import dev.gallop.engine.backend.MemoryBudget;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.backend.cuda.kernels.ElementwiseNatives;
import dev.gallop.engine.backend.cuda.kernels.TransformerNatives;
import dev.gallop.engine.models.magihuman.DitInput;
import dev.gallop.engine.models.magihuman.MagiHumanConfig;
import dev.gallop.engine.models.magihuman.MagiHumanDit;
import dev.gallop.engine.models.magihuman.TokenLayout;
import dev.gallop.engine.nn.WeightPolicy;
import dev.gallop.engine.pipeline.local.MemoryPlan;
import dev.gallop.engine.pipeline.local.MemoryPlanner;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.randommodel.RandomCheckpoint;
import dev.gallop.engine.runtime.CancelToken;
import dev.gallop.engine.runtime.Precision;
import dev.gallop.engine.runtime.Trace;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/// `gallop bench cuda`: the CUDA backend at the real 15B DiT config with seeded random weights made where it runs.
/// Usage: `[--what gemm,attention,dit] [--res 256p,540p] [--dtype bf16|fp8|both] [--layers 40] [--runs 10]
/// [--dit-config real|tiny] [--vram SIZE] [--stream N|auto]` (tiny: the DiT part on the 4-layer test config, for checking
/// the harness itself; `--vram` holds the device pool to a budget such as 24G or 16G; `--stream` keeps N DiT layers in
/// host memory, or with `auto` the fewest the memory planner says fit the budget at the largest resolution asked).
/// - gemm: cuBLASLt at the DiT's shapes (M = tokens; K,N of QKV, output, up, down incl. the unpadded K = 13652),
///   bf16 output, f32 accumulation; fp8 with N padded to a multiple of 16;
/// - attention: cuDNN fused SDPA, 40 query / 8 kv heads, head dim 128;
/// - dit: one forward of the shipping [MagiHumanDit] (bf16 weights, or fp8 e4m3 with per-channel scales quantized at
///   load), mixed precision, eager and recorded as one CUDA graph per step (streamed layers: eager only, their copies
///   included), plus the host time to enqueue it; then the pool's measured peak against the planner's prediction.
/// Times are CUDA-event medians of `runs` after warm-up; TFLOP/s count 2 FLOPs per multiply-add. One line per
/// result, `RESULT <kind> <name> <dtype> tokens=<n> ms=<median> tflops=<rate>`, then a markdown table.
public final class CudaBench {
    private final CudaContext c;
    private final int runs;
    private final PrintStream out;
    private final List<String> table = new ArrayList<>();

    private CudaBench(CudaContext c, int runs, PrintStream out) {
        this.c = c;
        this.runs = runs;
        this.out = out;
    }

    public static void main(String[] args) {
        BackendProvider cuda = Backends.providers().stream().filter(p -> p.name().equals("cuda")).findFirst().orElseThrow();
        if (cuda.devices().isEmpty()) throw new IllegalStateException("no CUDA device: " + cuda.unavailableReason().orElse("?"));
        run((CudaDevice) cuda.devices().get(0), args, System.out);
    }

    /// Runs the benchmarks selected by `args` on `dev`, printing to `out`.
    public static void run(CudaDevice dev, String[] args, PrintStream out) {
        String what = opt(args, "--what", "gemm,attention,dit"), res = opt(args, "--res", "256p,540p"), dtype = opt(args, "--dtype", "both");
        int layers = Integer.parseInt(opt(args, "--layers", "40")), runs = Integer.parseInt(opt(args, "--runs", "10"));
        CudaContext c = dev.context();
        out.println("# device: " + dev.description());
        CudaBench b = new CudaBench(c, runs, out);
        List<String> types = switch (dtype) {
            case "both" -> c.hasFp8() ? List.of("bf16", "fp8") : List.of("bf16");
            case "bf16", "fp8" -> List.of(dtype);
            default -> throw new IllegalArgumentException("--dtype must be bf16, fp8 or both");
        };
        MagiHumanConfig cfg = config(layers);
        List<StepShape> shapes = Arrays.stream(res.split(",")).map(r -> StepShape.of(cfg, r.trim())).toList();
        Set<String> parts = Set.of(what.split(","));
        if (parts.contains("gemm")) for (StepShape s : shapes) for (String t : types) b.gemms(cfg, s.tokens(), t.equals("fp8"));
        if (parts.contains("attention")) for (StepShape s : shapes) b.attention(cfg, s.tokens());
        if (parts.contains("dit")) {
            MagiHumanConfig ditCfg = opt(args, "--dit-config", "real").equals("tiny") ? MagiHumanConfig.tiny() : cfg;
            List<StepShape> ditShapes = Arrays.stream(res.split(",")).map(r -> StepShape.of(ditCfg, r.trim())).toList();
            MemoryBudget budget = MemoryBudget.parse(opt(args, "--vram", "auto"));
            String streamOpt = opt(args, "--stream", "0");
            dev.limitMemory(budget);
            StepShape largest = ditShapes.stream().max(java.util.Comparator.comparingInt(StepShape::tokens)).orElseThrow();
            for (String t : types) {
                WeightPolicy policy = t.equals("fp8") ? WeightPolicy.FP8_PER_CHANNEL : WeightPolicy.BF16;
                TokenLayout big = largest.layout();
                int streamed = streamOpt.equals("auto") ? MemoryPlanner.leastStreamedLayers(ditCfg, policy, big.videoTokens(), big.audioTokens(),
                        big.textTokens(), true, dev, MemoryPlanner.usable(dev, budget) - dev.memoryUse().inUseBytes()) : Integer.parseInt(streamOpt);
                long t0 = System.nanoTime();
                MagiHumanDit dit = new MagiHumanDit(ditCfg, Weights.open(new RandomCheckpoint(ditCfg, 7), dev, policy), dev,
                        ditCfg.layersToStream(Math.min(streamed, ditCfg.layers())));
                out.printf(Locale.ROOT, "# %s weights of %d layers (%d streamed from host memory) made and loaded in %.1f s; pool %.1f GiB in use,"
                        + " budget %s%n", t, ditCfg.layers(), streamed, (System.nanoTime() - t0) / 1e9, c.pool().stats().inUseBytes() / 1073741824.0, budget);
                for (StepShape s : ditShapes) b.dit(dev, dit, s, t, MemoryPlanner.ditForward(ditCfg, policy, Math.min(streamed, ditCfg.layers()),
                        s.layout().videoTokens(), s.layout().audioTokens(), s.layout().textTokens(), true, dev));
                dit.closeReplays();
                if (dit.stream() != null) dit.stream().close();
            }
            dev.limitMemory(MemoryBudget.UNLIMITED);
        }
        out.println();
        out.println("| what | dtype | tokens | ms | TFLOP/s |");
        out.println("|---|---|---:|---:|---:|");
        b.table.forEach(out::println);
        DevicePool.Stats st = c.pool().stats();
        out.printf(Locale.ROOT, "# pool: peak %.2f GiB in use, %d driver allocations, %d reuses%n", st.peakInUseBytes() / 1073741824.0,
                st.driverAllocs(), st.reuses());
    }

    /// The real config, or its first `layers` layers with the same sandwich pattern at both ends.
    static MagiHumanConfig config(int layers) {
        MagiHumanConfig real = MagiHumanConfig.real15B();
        if (layers == real.layers()) return real;
        if (layers < 1 || layers > real.layers()) throw new IllegalArgumentException("--layers must be 1.." + real.layers());
        Set<Integer> mm = new TreeSet<>(), gelu = new TreeSet<>();
        for (int l = 0; l < Math.min(4, layers); l++) {
            mm.add(l);
            gelu.add(l);
        }
        for (int l = Math.max(4, layers - 4); l < layers; l++) mm.add(l);
        return new MagiHumanConfig(real.hidden(), layers, real.headDim(), real.headsQ(), real.headsKv(), mm, gelu,
                real.gelu7Intermediate(), real.swiglu7Intermediate(), Set.of(), real.frameReceptiveField(), real.normEps(),
                real.latentChannels(), real.audioChannels(), real.textChannels(), real.ropeBands(), real.textCoords());
    }

    private void gemms(MagiHumanConfig cfg, int m, boolean fp8) {
        int d = cfg.hidden(), inter = cfg.swiglu7Intermediate();
        int[][] kn = {{d, cfg.qkvWidth()}, {d, d}, {d, 2 * inter}, {inter, d}, {13696, d}, {d, cfg.gelu7Intermediate()},
                {cfg.gelu7Intermediate(), d}};
        String[] names = {"qkv", "proj", "up (swiglu7)", "down K=13652", "down K=13696 (padded)", "up (gelu7)", "down (gelu7)"};
        for (int i = 0; i < kn.length; i++) {
            int k = kn[i][0], n = fp8 ? Math.ceilDiv(kn[i][1], 16) * 16 : kn[i][1];   // fp8 runs on N padded to 16
            if (fp8 && k % 16 != 0) continue;   // cuBLASLt fp8 needs K % 16 == 0: the padded row is the fp8 case
            int type = fp8 ? CublasLt.R_8F_E4M3 : CublasLt.R_16BF, eb = fp8 ? 1 : 2;
            List<DevicePool.Block> held = new ArrayList<>();
            long x = fill(held, (long) m * k * eb, fp8), w = fill(held, (long) n * k * eb, fp8), out = alloc(held, 2L * m * n);
            long ws = alloc(held, 32L << 20);
            // bf16 output, as torch.matmul / torch._scaled_mm give the peer
            try (LtMatmul p = new LtMatmul(c.cublasLt(), c.cublasLtHandle(),
                    new LtMatmul.Key(type, type, CublasLt.R_16BF, m, n, k, k, k, n, CublasLt.EPILOGUE_DEFAULT, -1, false), 32L << 20)) {
                double ms = time(() -> p.run(x, w, out, 0, ws, c.stream()));
                report("gemm " + names[i] + " " + n + "x" + k, fp8 ? "fp8" : "bf16", m, ms, p.flops());
            } finally {
                held.forEach(c.pool()::release);
            }
        }
    }

    private void attention(MagiHumanConfig cfg, int n) {
        int hq = cfg.headsQ(), hkv = cfg.headsKv(), dh = cfg.headDim();
        List<DevicePool.Block> held = new ArrayList<>();
        long q = fill(held, 2L * n * hq * dh, false), k = fill(held, 2L * n * hkv * dh, false), v = fill(held, 2L * n * hkv * dh, false);
        long o = alloc(held, 2L * n * hq * dh);
        try (SdpaPlan p = new SdpaPlan(c.cudnn(), c.cudnnHandle(), new SdpaPlan.Key(hq, hkv, n, n, dh, Cudnn.DATA_BFLOAT16, 0.0884f))) {
            long ws = p.workspaceBytes() > 0 ? alloc(held, p.workspaceBytes()) : 0;
            double ms = time(() -> p.run(q, k, v, o, ws));
            report("attention cuDNN SDPA", "bf16", n, ms, p.flops());
        } finally {
            held.forEach(c.pool()::release);
        }
    }

    private void dit(CudaDevice dev, MagiHumanDit dit, StepShape s, String dtype, MemoryPlan.Stage predicted) {
        TokenLayout l = s.layout();
        System.gc();
        dev.resetPeakMemory();
        MagiHumanConfig cfg = s.cfg();
        Tensor video = random(dev, 11, cfg.latentChannels(), l.frames(), 2 * l.gridH(), 2 * l.gridW());
        Tensor audio = random(dev, 12, l.audioTokens(), cfg.audioChannels()), text = random(dev, 13, l.textTokens(), cfg.textChannels());
        DitInput in = new DitInput(video, audio, text);
        long t0 = System.nanoTime();
        dit.forward(in, Precision.MIXED_BF16, Trace.NONE, CancelToken.NEVER);   // records the step's graph
        double firstMs = (System.nanoTime() - t0) / 1e6;
        c.synchronize();
        Trace eager = new Trace() {   // a trace that taps nothing: the forward runs eagerly, kernel by kernel
            @Override public boolean enabled() { return true; }

            @Override public void tap(String name, Tensor t) {}
        };
        double eagerMs = time(() -> dit.forward(in, Precision.MIXED_BF16, eager, CancelToken.NEVER));
        report("dit forward, eager (" + cfg.layers() + " layers" + (dit.stream() == null ? "" : ", " + dit.stream().units() + " streamed") + ")",
                dtype, s.tokens(), eagerMs, s.flops());
        if (dit.stream() == null) {
            double graphMs = time(() -> dit.forward(in, Precision.MIXED_BF16, Trace.NONE, CancelToken.NEVER));
            report("dit forward, one CUDA graph per step", dtype, s.tokens(), graphMs, s.flops());
        }
        out.printf(Locale.ROOT, "# first forward (recording included, plans made): %.0f ms%n", firstMs);
        long measured = dev.memoryUse().peakBytes();
        out.printf(Locale.ROOT, "MEMORY dit %s tokens=%d streamed=%d predicted=%d measured=%d ratio=%.3f%n", dtype, s.tokens(),
                dit.stream() == null ? 0 : dit.stream().units(), predicted.peakBytes(), measured, measured / (double) predicted.peakBytes());
    }

    /// The device address of a CUDA tensor.
    private static long address(Tensor t) { return ((dev.gallop.engine.backend.cuda.CudaBuffer) t.buffer()).ptr() + t.byteOffset(); }

    /// Seeded values in ±1 made on the device (F32).
    private Tensor random(CudaDevice dev, long seed, int... dims) {
        Tensor t = dev.empty(DType.F32, Shape.of(dims));
        long n = t.numel();
        if (n > 0) {
            c.launch1d(ElementwiseNatives.FILL_UNIFORM.get("fill_uniform_f32"), n,
                    a -> a.ptr(address(t)).i64(1).i32((int) n).i64(n).i64(seed).f32(1f));
        }
        return t;
    }

    private long alloc(List<DevicePool.Block> held, long bytes) {
        DevicePool.Block b = c.pool().allocate(bytes);
        held.add(b);
        return b.ptr();
    }

    /// A device array of `bytes` bytes of seeded random values: bf16 in ±1, or e4m3 (bf16 values quantized in rows of
    /// 16, so no NaN codes).
    private long fill(List<DevicePool.Block> held, long bytes, boolean fp8) {
        long p = alloc(held, bytes);
        if (!fp8) {
            long n = bytes / 2;
            c.launch1d(ElementwiseNatives.FILL_UNIFORM.get("fill_uniform_bf16"), n, a -> a.ptr(p).i64(1).i32((int) n).i64(n).i64(bytes).f32(1f));
            return p;
        }
        DevicePool.Block tmp = c.pool().allocate(2 * bytes);
        long rows = bytes / 16, scales = alloc(held, 4 * rows);
        c.launch1d(ElementwiseNatives.FILL_UNIFORM.get("fill_uniform_bf16"), bytes, a -> a.ptr(tmp.ptr()).i64(rows).i32(16).i64(16).i64(bytes).f32(1f));
        c.launchRows(TransformerNatives.QUANTIZE_ROWS.get("quantize_rows_bf16"), rows,
                a -> a.ptr(tmp.ptr()).i64(16).ptr(p).i64(16).ptr(scales).i64(rows).i32(16));
        c.pool().release(tmp);
        return p;
    }

    /// Median milliseconds of `runs` timed runs after 3 warm-ups, by CUDA events on the compute stream.
    private double time(Runnable work) {
        MemorySegment start = c.driver().eventCreate(), end = c.driver().eventCreate();
        try {
            for (int i = 0; i < 3; i++) work.run();
            double[] ms = new double[runs];
            for (int i = 0; i < runs; i++) {
                c.driver().eventRecord(start, c.stream());
                work.run();
                c.driver().eventRecord(end, c.stream());
                c.driver().eventSynchronize(end);
                ms[i] = c.driver().elapsedMs(start, end);
            }
            Arrays.sort(ms);
            return ms[runs / 2];
        } finally {
            c.driver().eventDestroy(start);
            c.driver().eventDestroy(end);
        }
    }

    private void report(String what, String dtype, int tokens, double ms, double flops) {
        double tflops = flops / ms / 1e9;
        out.printf(Locale.ROOT, "RESULT %s | %s | tokens=%d ms=%.3f tflops=%.1f%n", what, dtype, tokens, ms, tflops);
        table.add(String.format(Locale.ROOT, "| %s | %s | %d | %.3f | %.1f |", what, dtype, tokens, ms, tflops));
    }

    private static String opt(String[] args, String key, String dflt) {
        for (int i = 0; i + 1 < args.length; i++) if (args[i].equals(key)) return args[i + 1];
        return dflt;
    }
}
