package dev.gallop.engine.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gallop.engine.backend.AttentionMask;
import dev.gallop.engine.backend.AttentionSpec;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.backend.cuda.blas.CublasLt;
import dev.gallop.engine.backend.cuda.blas.LtMatmul;
import dev.gallop.engine.backend.cuda.dnn.Cudnn;
import dev.gallop.engine.backend.cuda.dnn.SdpaPlan;
import dev.gallop.engine.backend.cuda.driver.CudaDriver;
import dev.gallop.engine.backend.cuda.driver.KernelArgs;
import dev.gallop.engine.backend.cuda.driver.Memcpy2D;
import dev.gallop.engine.backend.cuda.ffm.CudaException;
import dev.gallop.engine.backend.cuda.ffm.NativeLibrary;
import dev.gallop.engine.backend.cuda.ffm.Symbols;
import dev.gallop.engine.io.Checkpoints;
import dev.gallop.engine.io.safetensors.Checkpoint;
import dev.gallop.engine.models.magihuman.DitInput;
import dev.gallop.engine.models.magihuman.DitOutput;
import dev.gallop.engine.models.magihuman.MagiHumanConfig;
import dev.gallop.engine.models.magihuman.MagiHumanDit;
import dev.gallop.engine.nn.WeightPolicy;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.randommodel.RandomModelWriter;
import dev.gallop.engine.runtime.Precision;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The FFM bindings and the whole CUDA backend's host side against a stand-in library (fake_cuda.c, compiled with
/// gcc here): every downcall's Java and C signatures must agree, arguments must arrive as the C side reads them,
/// and the backend's control flow (plans, scratch, launches, capture, the DiT forward through the SPI) must run —
/// all without a GPU. Numerical results are the GPU harness's job (-Pcuda).
class FakeCudaTest {
    static CudaDriver cu;
    static CublasLt lt;
    static Cudnn dnn;
    static Symbols fake;

    @BeforeAll static void build(@TempDir Path dir) throws Exception {
        assumeTrue(System.getProperty("os.name").startsWith("Linux"), "the stand-in library is built for Linux");
        Path src = Path.of(System.getProperty("gallop.fakecuda.src", "../inference/cuda/src/test/c/fake_cuda.c"));
        Path lib = dir.resolve("libgallop-fake-cuda.so");
        Process p;
        try {
            p = new ProcessBuilder("gcc", "-shared", "-fPIC", "-O1", "-o", lib.toString(), src.toString()).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "gcc is not installed: " + e.getMessage());
            return;
        }
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), "gcc failed: " + out);
        NativeLibrary nl = NativeLibrary.load("fake CUDA", List.of(lib.getFileName().toString()), List.of(dir), "", Arena.global());
        cu = CudaDriver.bind(nl);
        lt = CublasLt.bind(nl);
        dnn = Cudnn.bind(nl);
        fake = new Symbols(nl);
    }

    static long fakeLong(String name) throws Throwable {
        MethodHandle h = fake.fn(FunctionDescriptor.of(ValueLayout.JAVA_LONG), name);
        return (long) h.invokeExact();
    }

    static int fakeInt(String name) throws Throwable {
        MethodHandle h = fake.fn(FunctionDescriptor.of(ValueLayout.JAVA_INT), name);
        return (int) h.invokeExact();
    }

    static String lastKernel() throws Throwable {
        MethodHandle h = fake.fn(FunctionDescriptor.of(ValueLayout.ADDRESS), "fake_last_kernel");
        return ((MemorySegment) h.invokeExact()).reinterpret(128).getString(0);
    }

    static int lastGrid(int axis) throws Throwable {
        MethodHandle h = fake.fn(FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT), "fake_last_grid");
        return (int) h.invokeExact(axis);
    }

    static final byte[] FATBIN = {(byte) 0x50, (byte) 0xED, (byte) 0x55, (byte) 0xBA, 1, 0, 0, 0};

    @Test void driverCallsMarshalTheirArgumentsAndMapErrors() throws Throwable {
        cu.init();
        assertEquals(13000, cu.driverVersion());
        assertEquals(1, cu.deviceCount());
        int dev = cu.device(0);
        assertEquals("Fake GPU 0", cu.deviceName(dev));
        assertEquals(80L << 30, cu.totalMemory(dev));
        assertEquals(132, cu.attribute(dev, CudaDriver.ATTR_MULTIPROCESSOR_COUNT));
        CudaException e = assertThrows(CudaException.class, () -> cu.device(3));
        assertEquals("cuDeviceGet failed: CUDA_ERROR_INVALID_DEVICE (101)", e.getMessage());
        cu.setCurrent(cu.primaryContextRetain(dev));
        assertEquals(70L << 30, cu.memoryInfo()[0]);
        long a = cu.malloc(1000), b = cu.malloc(10);
        assertEquals(a + 4096, b);
        e = assertThrows(CudaException.class, () -> cu.malloc(1L << 41));
        assertTrue(e.getMessage().startsWith("cuMemAlloc_v2(2199023255552 bytes) failed: CUDA_ERROR_OUT_OF_MEMORY (2)"), e.getMessage());
        MemorySegment stream = cu.streamCreate(CudaDriver.STREAM_NON_BLOCKING);
        MemorySegment pinned = cu.mallocHost(64);
        assertEquals(64, pinned.byteSize());
        cu.copyHtoDAsync(a, pinned, 64, stream);
        cu.copyDtoHAsync(pinned, a, 64, stream);
        cu.freeHost(pinned);
        try (Arena arena = Arena.ofConfined()) {
            cu.copy2DAsync(Memcpy2D.hostToDevice(arena, arena.allocate(40 * 3), 40, a, 64, 40, 3), stream);
            e = assertThrows(CudaException.class, () -> cu.copy2DAsync(Memcpy2D.deviceToDevice(arena, a, 16, b, 64, 40, 3), stream));
            assertEquals("cuMemcpy2DAsync_v2 failed: CUDA_ERROR_INVALID_VALUE (1)", e.getMessage(), "width beyond the source pitch");
            e = assertThrows(CudaException.class, () -> cu.moduleLoad(arena.allocate(16), "rope.fatbin"));
            assertEquals("cuModuleLoadData(rope.fatbin) failed: CUDA_ERROR_INVALID_IMAGE (200)", e.getMessage());
            MemorySegment module = cu.moduleLoad(arena.allocateFrom(ValueLayout.JAVA_BYTE, FATBIN), "test");
            MemorySegment fn = cu.function(module, "rope_f32");
            cu.launch(fn, "rope_f32", 7, 2, 1, 256, 1, 1, 0, stream, new KernelArgs(arena).ptr(0xABCDL).i32(5).pointers());
        }
        assertEquals("rope_f32", lastKernel());
        assertEquals(7, lastGrid(0));
        assertEquals(2, lastGrid(1));
        assertEquals(0xABCDL, fakeLong("fake_last_param0"));
        MemorySegment start = cu.eventCreate(), end = cu.eventCreate();
        cu.eventRecord(start, stream);
        cu.eventRecord(end, stream);
        cu.eventSynchronize(end);
        assertEquals(1.5f, cu.elapsedMs(start, end));
        cu.eventDestroy(start);
        cu.eventDestroy(end);
        cu.beginCapture(stream);
        e = assertThrows(CudaException.class, () -> cu.beginCapture(stream));
        assertEquals("CUDA_ERROR_ILLEGAL_STATE", e.status());
        MemorySegment graph = cu.endCapture(stream);
        MemorySegment exec = cu.instantiate(graph);
        cu.graphLaunch(exec, stream);
        cu.graphExecDestroy(exec);
        cu.graphDestroy(graph);
        assertEquals("CUDA_ERROR_FAKE", cu.errorName(999));
        cu.free(a);
        cu.streamSynchronize(stream);
        cu.streamDestroy(stream);
    }

    @Test void cublasLtPlansAndRunsInTheTnForm() throws Throwable {
        MemorySegment handle = lt.createHandle();
        assertEquals(130100, lt.version());
        int before = fakeInt("fake_matmuls");
        try (LtMatmul plain = new LtMatmul(lt, handle, LtMatmul.Key.simple(CublasLt.R_16BF, CublasLt.R_16BF, CublasLt.R_32F, 37, 51, 83), 1 << 20);
             LtMatmul acc = new LtMatmul(lt, handle, new LtMatmul.Key(CublasLt.R_8F_E4M3, CublasLt.R_8F_E4M3, CublasLt.R_32F,
                     4060, 7216, 13696, 13696, 13696, 7216, CublasLt.EPILOGUE_DEFAULT, -1, true), 32L << 20)) {
            assertEquals(4096, plain.workspaceBytes());
            plain.run(0x1000, 0x2000, 0x3000, 0, 0x4000, MemorySegment.ofAddress(0x5));
            assertEquals(0f, (float) fake.fn(FunctionDescriptor.of(ValueLayout.JAVA_FLOAT), "fake_last_beta").invokeExact());
            acc.run(0x1000, 0x2000, 0x3000, 0, 0x4000, MemorySegment.ofAddress(0x5));
            assertEquals(1f, (float) fake.fn(FunctionDescriptor.of(ValueLayout.JAVA_FLOAT), "fake_last_beta").invokeExact());
            assertEquals(4096, fakeLong("fake_last_workspace"));
            assertEquals(2 * 37.0 * 51 * 83, plain.flops());
        }
        assertEquals(before + 2, fakeInt("fake_matmuls"));
        var e = assertThrows(IllegalArgumentException.class, () -> new LtMatmul.Key(CublasLt.R_16BF, CublasLt.R_16BF, CublasLt.R_32F,
                4, 8, 16, 8, 16, 8, CublasLt.EPILOGUE_DEFAULT, -1, false));
        assertTrue(e.getMessage().contains("ldx 8"), e.getMessage());
    }

    @Test void sdpaBuildsTheEightOperationGraphAndReleasesItsDescriptors() throws Throwable {
        MemorySegment handle = dnn.createHandle(MemorySegment.ofAddress(0x5));
        assertEquals(91000, dnn.version());
        int live = fakeInt("fake_live_descriptors"), runs = fakeInt("fake_executed");
        SdpaPlan.Key key = new SdpaPlan.Key(40, 8, 4060, 4060, 128, Cudnn.DATA_BFLOAT16, 0.0884f);
        try (SdpaPlan plan = new SdpaPlan(dnn, handle, key)) {
            assertEquals(8, fakeLong("fake_graph_ops"), "matmul, scale, max, sub, exp, sum, div, matmul");
            assertEquals(0, plan.workspaceBytes());
            plan.run(0x1000, 0x2000, 0x3000, 0x4000, 0);
            assertEquals(4.0 * 4060 * 4060 * 128 * 40, plan.flops());
        }
        assertEquals(runs + 1, fakeInt("fake_executed"));
        assertEquals(live, fakeInt("fake_live_descriptors"), "every descriptor is destroyed");
        MethodHandle failPlans = fake.fn(FunctionDescriptor.ofVoid(ValueLayout.JAVA_INT), "fake_set_fail_plans");
        failPlans.invokeExact(1);
        try {
            CudaException e = assertThrows(CudaException.class, () -> new SdpaPlan(dnn, handle, key));
            assertTrue(e.getMessage().contains("none of cuDNN's 3 engine configurations runs the SDPA graph"), e.getMessage());
        } finally {
            failPlans.invokeExact(0);
        }
        assertThrows(IllegalArgumentException.class, () -> new SdpaPlan.Key(40, 7, 10, 10, 128, Cudnn.DATA_BFLOAT16, 1f));
    }

    private CudaDevice device() {
        return new CudaDevice(cu, 0, "Fake GPU 0", 90, Map.of("fake", FATBIN), lt, dnn, "attention: fake cuDNN",
                new dev.gallop.engine.backend.cuda.fft.FftSupport(null, "cuFFT is not bound in this test"));
    }

    @Test void operationsPickTheirKernelAndPath() throws Throwable {
        CudaDevice dev = device();
        Kernels k = dev.kernels();
        assertTrue(dev.description().startsWith("Fake GPU 0, sm_90, 80 GiB, CUDA driver 13.0, cuBLASLt 13.1.0"), dev.description());
        Tensor x = dev.empty(DType.F32, Shape.of(37, 300)), y = dev.empty(DType.BF16, Shape.of(37, 300)), g = dev.empty(DType.F32, Shape.of(300));
        k.rmsNorm(y, x, g, 1e-6f);
        assertEquals("rmsnorm_f32_bf16", lastKernel(), "the norm writes the bf16 GEMM operand");
        assertEquals(5, lastGrid(0), "37 rows, 8 warps per block");
        k.add(x, y);
        assertEquals("add_bf16_f32", lastKernel());
        k.gelu7(dev.empty(DType.BF16, Shape.of(37, 320)), x);
        assertEquals("gelu7_f32_bf16", lastKernel());
        Tensor q = dev.empty(DType.BF16, Shape.of(37, 4, 128)), kv = dev.empty(DType.BF16, Shape.of(37, 2, 128));
        Tensor qkv = dev.empty(DType.BF16, Shape.of(37, 4 * 128 + 2 * 2 * 128 + 4));
        k.qkNormRope(q, qkv, 0, dev.empty(DType.F32, Shape.of(128)), 1e-6f, dev.empty(DType.F32, Shape.of(37, 48)), dev.empty(DType.F32, Shape.of(37, 48)));
        assertEquals("qk_norm_rope_bf16_bf16", lastKernel());
        k.sigmoidGate(q, q, qkv, 4 * 128 + 2 * 2 * 128);
        assertEquals("sigmoid_gate_bf16_bf16", lastKernel());

        int matmuls = fakeInt("fake_matmuls");
        k.linear(dev.empty(DType.BF16, Shape.of(37, 51)), y, dev.empty(DType.BF16, Shape.of(51, 300)), dev.empty(DType.F32, Shape.of(51)));
        assertEquals(matmuls + 1, fakeInt("fake_matmuls"), "bf16 × bf16 is one cuBLASLt call, bias and bf16 output in its epilogue");
        Tensor w8 = Tensor.quantized(dev.allocate(51L * 300), 0, Shape.of(51, 300), new float[51]);
        k.linearAdd(dev.empty(DType.F32, Shape.of(37, 51)), y, w8);
        assertEquals("scale_epilogue_f32", lastKernel(), "fp8 GEMMs end in the scaling epilogue, which also adds into the residual");
        assertEquals(matmuls + 2, fakeInt("fake_matmuls"));

        int sdpa = fakeInt("fake_executed");
        k.attention(q, q, kv, kv, AttentionSpec.fused(0.088f, AttentionMask.full(37)));
        assertEquals(sdpa + 1, fakeInt("fake_executed"), "bf16 full attention goes to cuDNN, straight on the bf16 operands");
        k.attention(q, q, kv, kv, AttentionSpec.fused(0.088f, AttentionMask.frameWindow(3, 10, 37, 1)));
        assertEquals("attention_bf16", lastKernel(), "frame windows run Gallop's kernel");
        assertEquals(4, lastGrid(1), "one grid row per query head");
        var e = assertThrows(IllegalArgumentException.class, () -> k.rmsNorm(y, x, dev.empty(DType.F32, Shape.of(299)), 1e-6f));
        assertTrue(e.getMessage().startsWith("rmsNorm: x [37, 300]"), e.getMessage());
    }

    static DitInput zeros(Device d, int t, int h, int w, int audio, int text) {
        return new DitInput(d.zeros(DType.F32, Shape.of(48, t, h, w)), d.zeros(DType.F32, Shape.of(audio, 64)), d.zeros(DType.F32, Shape.of(text, 3584)));
    }

    /// A DiT and the checkpoint its weights map (closed with it).
    record LoadedDit(MagiHumanDit dit, Checkpoint ckpt) implements AutoCloseable {
        @Override public void close() throws Exception { ckpt.close(); }
    }

    /// The tiny DiT with seeded random weights, written to `dir` and loaded onto `dev`.
    static LoadedDit tinyDit(Path dir, CudaDevice dev, WeightPolicy policy, java.util.Set<Integer> streamed) throws Exception {
        MagiHumanConfig cfg = MagiHumanConfig.tiny();
        RandomModelWriter.write(dir, cfg, 3, "distill", 8);
        Checkpoint ck = Checkpoints.open(dir.resolve("dit"));
        Weights w = Weights.open(ck, dev, policy);
        MagiHumanDit dit = new MagiHumanDit(cfg, w, dev, streamed);
        w.requireAllConsumed();
        return new LoadedDit(dit, ck);
    }

    @Test void theDitForwardIsRecordedOncePerLayoutAndReplayed(@TempDir Path dir) throws Throwable {
        CudaDevice dev = device();
        MagiHumanConfig cfg = MagiHumanConfig.tiny();
        try (LoadedDit loaded = tinyDit(dir, dev, WeightPolicy.KEEP, java.util.Set.of())) {
            MagiHumanDit dit = loaded.dit();
            for (Precision p : Precision.values()) {
                DitInput in = zeros(dev, 2, 4, 6, 6, 5);
                int before = fakeInt("fake_launches");
                DitOutput out = dit.forward(in, p);
                int recorded = fakeInt("fake_launches") - before;
                assertTrue(recorded >= 2 * cfg.layers() * 10, "eager run + capture launch every layer's kernels: " + recorded);
                assertEquals(48 * 2 * 4 * 6, out.video().numel());
                assertEquals(6 * 64, out.audio().numel());
                DitInput next = zeros(dev, 2, 4, 6, 6, 5);   // made first: filling it launches kernels
                int replay = fakeInt("fake_launches");
                dit.forward(next, p);
                assertEquals(replay, fakeInt("fake_launches"), "the next step replays the graph instead of launching kernels");
                dit.forward(zeros(dev, 2, 4, 6, 6, 3), p);
                assertTrue(fakeInt("fake_launches") > replay, "another layout (text length) is recorded anew");
            }
            dit.closeReplays();
        }
    }

    @Test void streamedLayersCopyOnTheirOwnStreamOrderedByEventsAndAreNotRecorded(@TempDir Path dir) throws Throwable {
        CudaDevice dev = device();
        try (LoadedDit loaded = tinyDit(dir, dev, WeightPolicy.FP8_PER_CHANNEL, java.util.Set.of(1, 2))) {
            MagiHumanDit dit = loaded.dit();
            var stream = dit.stream();
            assertEquals(2, stream.units());
            int waits = fakeInt("fake_stream_waits"), launches = fakeInt("fake_launches");
            dit.forward(zeros(dev, 2, 4, 6, 6, 5), Precision.MIXED_BF16);
            // each acquire: the computation waits for the copy; the second pass's copies wait for their slots' release
            assertEquals(2, fakeInt("fake_stream_waits") - waits, "first pass: two computation waits, slots never used before");
            int first = fakeInt("fake_launches") - launches;
            waits = fakeInt("fake_stream_waits");
            launches = fakeInt("fake_launches");
            dit.forward(zeros(dev, 2, 4, 6, 6, 5), Precision.MIXED_BF16);
            assertEquals(4, fakeInt("fake_stream_waits") - waits, "two copy waits for released slots, two computation waits");
            assertEquals(first, fakeInt("fake_launches") - launches, "a streamed forward runs eagerly every time, never replayed");
            assertEquals(4, stream.uploads());
            stream.close();
        }
    }

    @Test void theDevicePoolHoldsTheFakeGpuToItsBudget() {
        CudaDevice dev = device();
        var old = dev.limitMemory(new dev.gallop.engine.backend.MemoryBudget(dev.memoryUse().inUseBytes() + (256L << 20)));
        try {
            Tensor held = dev.empty(DType.F32, Shape.of(32 << 20));   // 128 MiB
            var e = assertThrows(dev.gallop.engine.backend.DeviceMemoryException.class, () -> dev.empty(DType.F32, Shape.of(48 << 20)));
            assertTrue(e.getMessage().contains("memory budget of"), e.getMessage());
            assertEquals(32 << 20, held.numel());
        } finally {
            dev.limitMemory(old);
        }
    }

    @Test void aWholeGenerationRunsOnTheFakeDevice(@TempDir Path dir) throws Throwable {
        RandomModelWriter.write(dir, MagiHumanConfig.tiny(), 3, "distill", 2);
        var request = new dev.gallop.engine.pipeline.GenerationRequest(dev.gallop.engine.pipeline.StructuredPrompt.of("a red circle"),
                java.util.Optional.empty(), java.util.Optional.empty(), 0.5, new dev.gallop.engine.pipeline.VideoSize(64, 32), 1, 0, dir);
        try (var g = new dev.gallop.engine.pipeline.local.LocalGenerator(device())) {
            var clip = g.submit(request, e -> {}).await();
            assertEquals(48 * 4 * 2 * 4, clip.latents().video().length);
        }
    }

    @Test void theCudaBenchmarkRunsEndToEnd() {
        var buf = new java.io.ByteArrayOutputStream();
        dev.gallop.engine.bench.CudaBench.run(device(), new String[] {"--layers", "2", "--res", "301", "--runs", "1", "--dit-config", "tiny"},
                new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
        String text = buf.toString(java.nio.charset.StandardCharsets.UTF_8);
        for (String want : new String[] {"RESULT gemm qkv 7208x5120 | bf16 | tokens=301 ms=1.500", "RESULT gemm qkv 7216x5120 | fp8",
                "RESULT gemm down K=13696 (padded) 5120x13696 | fp8", "RESULT attention cuDNN SDPA | bf16 | tokens=301",
                "RESULT dit forward, eager (4 layers) | bf16", "RESULT dit forward, one CUDA graph per step | fp8", "| what | dtype | tokens | ms | TFLOP/s |"}) {
            assertTrue(text.contains(want), "missing '" + want + "' in:\n" + text);
        }
        assertTrue(!text.contains("down K=13652 5120x13652 | fp8"), "the unpadded K = 13652 has no fp8 GEMM");
        assertTrue(text.contains("MEMORY dit bf16 tokens=301 streamed=0 predicted="), text);

        buf.reset();
        dev.gallop.engine.bench.CudaBench.run(device(), new String[] {"--what", "dit", "--res", "301", "--runs", "1", "--dit-config", "tiny",
                "--dtype", "fp8", "--stream", "2", "--vram", "40G"}, new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8));
        text = buf.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.contains("RESULT dit forward, eager (4 layers, 2 streamed) | fp8"), text);
        assertTrue(text.contains("MEMORY dit fp8 tokens=301 streamed=2"), text);
        assertTrue(!text.contains("one CUDA graph per step | fp8"), "a streamed forward is not recorded:\n" + text);
        assertTrue(Files.exists(Path.of(System.getProperty("gallop.fakecuda.src", "../inference/cuda/src/test/c/fake_cuda.c"))));
    }
}
