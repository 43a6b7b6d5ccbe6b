package dev.gallop.engine.pipeline.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.backend.Buffer;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.DeviceMemoryException;
import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.MemoryBudget;
import dev.gallop.engine.backend.MemoryInfo;
import dev.gallop.engine.backend.MemoryUse;
import dev.gallop.engine.backend.Op;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.backend.cpu.CpuDevice;
import dev.gallop.engine.models.magihuman.MagiHumanConfig;
import dev.gallop.engine.nn.WeightPolicy;
import dev.gallop.engine.pipeline.GenerationEvent;
import dev.gallop.engine.pipeline.GenerationJob;
import dev.gallop.engine.pipeline.GenerationRequest;
import dev.gallop.engine.pipeline.StructuredPrompt;
import dev.gallop.engine.pipeline.VideoSize;
import dev.gallop.engine.pipeline.discovery.ModelManifest;
import dev.gallop.engine.randommodel.RandomModelWriter;
import dev.gallop.engine.runtime.CancelToken;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The memory plan against what a run really holds (the CPU device counts its buffers the way a GPU's pool does), its
/// choices for the released 15B DiT on cards of 80, 24 and 16 GB, and a job that runs out of memory midway.
class MemoryPlanTest {
    @TempDir static Path dir;
    static Path tiny, real;

    @BeforeAll static void models() throws Exception {
        tiny = dir.resolve("tiny");
        RandomModelWriter.write(tiny, MagiHumanConfig.tiny(), 3, "distill", 3);
        // the released DiT's config on a folder without its 30 GB of weights: planning reads configs and headers only
        real = dir.resolve("real");
        RandomModelWriter.write(real, MagiHumanConfig.tiny(), 3, "distill", 8);
        RandomModelWriter.writeDitConfig(real.resolve("dit"), MagiHumanConfig.real15B());
        Path manifest = real.resolve(ModelManifest.FILE);
        Files.writeString(manifest, Files.readString(manifest).replace("\"f32\"", "\"mixed\""));
    }

    static GenerationRequest request(Path model, double seconds, VideoSize size) {
        return new GenerationRequest(StructuredPrompt.of("a red circle moving left"), Optional.empty(), Optional.empty(), seconds, size, 7, 0, model);
    }

    static long liveBytes() throws InterruptedException {
        long before;
        long now = CpuDevice.get().memoryUse().inUseBytes();
        do {
            before = now;
            System.gc();
            Thread.sleep(50);
            now = CpuDevice.get().memoryUse().inUseBytes();
        } while (now < before);
        return now;
    }

    /// The prediction is what the run needs: it completes with 10 % more than the predicted peak and cannot complete
    /// with 20 % less. Garbage the run leaves is reclaimed when the budget is reached, as on a GPU.
    @Test void aRunFitsTenPercentOverThePredictedPeakAndNotTwentyUnder() throws Exception {
        GenerationRequest r = request(tiny, 2, new VideoSize(1024, 576));
        ModelManifest m = ModelManifest.open(tiny, null);
        Device cpu = CpuDevice.get();
        MemoryPlan plan = MemoryPlanner.plan(r, m, cpu, MemoryBudget.UNLIMITED, false);
        assertTrue(plan.fits(), plan.table());
        assertTrue(plan.placement().releaseAfterUse());
        long predicted = plan.peakBytes();
        assertEquals("denoising", plan.peakStage().name(), plan.table());
        MemoryBudget old = cpu.limitMemory(MemoryBudget.UNLIMITED);
        try {
            long live = liveBytes();
            cpu.limitMemory(new MemoryBudget(Math.max(MemoryBudget.MIN_BYTES, live + (long) (predicted * 1.10))));
            try (LoadedModel model = LoadedModel.lazy(m, cpu, plan.placement())) {
                var clip = GenerationPipeline.run(model, r, Residency.RELEASE_AFTER_USE, e -> { }, CancelToken.NEVER);
                assertEquals(48, clip.latents().channels());
            }
            live = liveBytes();
            long under = live + (long) (predicted * 0.80);
            if (under >= MemoryBudget.MIN_BYTES) {
                cpu.limitMemory(new MemoryBudget(under));
                try (LoadedModel model = LoadedModel.lazy(m, cpu, plan.placement())) {
                    assertThrows(DeviceMemoryException.class,
                            () -> GenerationPipeline.run(model, r, Residency.RELEASE_AFTER_USE, e -> { }, CancelToken.NEVER));
                }
            } else {
                // the budget floor is above 80 % of this run: shown by the prediction being larger than the floor's share
                throw new AssertionError("the test run is too small to check the lower bound: predicted " + predicted + " bytes, live " + live);
            }
        } finally {
            cpu.limitMemory(old);
        }
    }

    @Test void theReleasedDitFitsResidentOnAnH200AndInFp8On24GbButNotOn16Gb() throws Exception {
        ModelManifest m = ModelManifest.open(real, null);
        GenerationRequest r = request(real, 5, new VideoSize(448, 256));
        MagiHumanConfig cfg = MagiHumanConfig.real15B();

        MemoryPlan big = MemoryPlanner.plan(r, m, new PlanningDevice(141L << 30), MemoryBudget.UNLIMITED, true);
        assertTrue(big.fits(), big.table());
        assertEquals(Placement.RESIDENT.withDitWeights(WeightPolicy.BF16), big.placement());
        long bf16 = big.stages().stream().filter(s -> s.name().equals("denoising")).findFirst().orElseThrow().weightBytes();
        // 15.3 B parameters, GEMM weights in bf16 (the down projection padded to 13696 columns), vectors in f32
        assertTrue(Math.abs(bf16 - 2 * cfg.parameterCount()) < 0.01 * bf16, bf16 + " vs " + 2 * cfg.parameterCount());

        MemoryPlan card24 = MemoryPlanner.plan(r, m, new PlanningDevice(141L << 30), MemoryBudget.parse("24G"), true);
        assertTrue(card24.fits(), card24.table());
        assertEquals(WeightPolicy.FP8_PER_CHANNEL, card24.placement().ditWeights());
        assertTrue(card24.placement().releaseAfterUse());
        assertTrue(card24.summary().startsWith("fits: peak"), card24.summary());
        long fp8 = card24.peakStage().weightBytes();
        assertTrue(fp8 < bf16 * 0.52 && fp8 > bf16 * 0.48, fp8 + " vs " + bf16);

        MemoryPlan card16 = MemoryPlanner.plan(r, m, new PlanningDevice(141L << 30), MemoryBudget.parse("16G"), true);
        assertTrue(card16.fits(), card16.table());
        assertEquals(WeightPolicy.FP8_PER_CHANNEL, card16.placement().ditWeights());
        int streamed = card16.placement().streamedLayers();
        assertTrue(streamed > 0 && streamed < 40, card16.table());
        assertTrue(card16.verdict().contains(streamed + " DiT layers streamed from host memory") && card16.streamSecondsPerStep() > 0, card16.verdict());
        MemoryPlan card12 = MemoryPlanner.plan(r, m, new PlanningDevice(12L << 30), MemoryBudget.UNLIMITED, true);
        assertTrue(card12.fits() && card12.placement().streamedLayers() > streamed, card12.table());

        MemoryPlan card2 = MemoryPlanner.plan(r, m, new PlanningDevice(141L << 30), MemoryBudget.parse("2G"), true);
        assertFalse(card2.fits(), card2.table());
        assertTrue(card2.verdict().startsWith("does not fit: denoising needs"), card2.verdict());
        assertTrue(card2.verdict().contains("within the budget of 2.0 GiB") && card2.verdict().endsWith("or raise the budget"), card2.verdict());

        // the device's own free memory caps an unlimited budget
        MemoryPlan tiny = MemoryPlanner.plan(r, m, new PlanningDevice(2L << 30), MemoryBudget.UNLIMITED, true);
        assertFalse(tiny.fits());
        assertTrue(tiny.verdict().contains("on cuda:0"), tiny.verdict());
    }

    /// The released T5Gemma encoder's tensors (9.2 B values in bf16, the layers 16.6 GB) as a sparse file: its header is all the
    /// planner reads.
    static Path realT5Gemma(Path dir) throws Exception {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), """
                {"hidden_size": 3584, "num_hidden_layers": 42, "num_attention_heads": 16, "num_key_value_heads": 8, "head_dim": 256,
                 "intermediate_size": 14336, "vocab_size": 256000}""");
        StringBuilder h = new StringBuilder("{");
        long[] at = {0};
        java.util.function.BiConsumer<String, long[]> add = (key, shape) -> {
            long n = 2;
            for (long d : shape) n *= d;
            h.append(h.length() > 1 ? "," : "").append('"').append(key).append("\":{\"dtype\":\"BF16\",\"shape\":")
                    .append(java.util.Arrays.toString(shape)).append(",\"data_offsets\":[").append(at[0]).append(',').append(at[0] + n).append("]}");
            at[0] += n;
        };
        add.accept("model.encoder.embed_tokens.weight", new long[] {256000, 3584});
        for (int l = 0; l < 42; l++) {
            String p = "model.encoder.layers." + l + ".";
            add.accept(p + "self_attn.q_proj.weight", new long[] {4096, 3584});
            add.accept(p + "self_attn.k_proj.weight", new long[] {2048, 3584});
            add.accept(p + "self_attn.v_proj.weight", new long[] {2048, 3584});
            add.accept(p + "self_attn.o_proj.weight", new long[] {3584, 4096});
            add.accept(p + "mlp.gate_proj.weight", new long[] {14336, 3584});
            add.accept(p + "mlp.up_proj.weight", new long[] {14336, 3584});
            add.accept(p + "mlp.down_proj.weight", new long[] {3584, 14336});
            for (String norm : List.of("pre_self_attn_layernorm", "post_self_attn_layernorm", "pre_feedforward_layernorm", "post_feedforward_layernorm")) {
                add.accept(p + norm + ".weight", new long[] {3584});
            }
        }
        add.accept("model.encoder.norm.weight", new long[] {3584});
        byte[] header = h.append('}').toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        try (var f = new java.io.RandomAccessFile(dir.resolve("model.safetensors").toFile(), "rw")) {
            f.write(java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
            f.write(header);
            f.setLength(8 + header.length + at[0]);   // sparse: no data is written
        }
        return dir;
    }

    @Test void t5GemmaGoesFp8WhereItsTextStageDoesNotFit() throws Exception {
        Path m = dir.resolve("real-t5");
        RandomModelWriter.write(m, MagiHumanConfig.tiny(), 3, "distill", 8);
        RandomModelWriter.writeDitConfig(m.resolve("dit"), MagiHumanConfig.real15B());
        realT5Gemma(m.resolve("t5"));
        Path manifest = m.resolve(ModelManifest.FILE);
        Files.writeString(manifest, Files.readString(manifest).replace("\"f32\"", "\"mixed\"")
                .replace("\"text_encoder\" : \"text_encoder\"", "\"text_encoder\" : {\"path\": \"t5\", \"kind\": \"t5gemma\"}"));
        ModelManifest man = ModelManifest.open(m, null);
        assertEquals("t5gemma", man.components().get(ModelManifest.TEXT_ENCODER).kind(), Files.readString(manifest));
        GenerationRequest r = request(m, 5, new VideoSize(448, 256));

        MemoryPlan card24 = MemoryPlanner.plan(r, man, new PlanningDevice(141L << 30), MemoryBudget.parse("24G"), true);
        MemoryPlan.Stage text24 = card24.stages().getFirst();
        assertEquals("text encoding", text24.name());
        long layers = 42L * (2 * 4096 * 3584 + 2 * 2048 * 3584 + 3L * 14336 * 3584) * 2;    // bf16 projections; the embedding stays on the host
        assertTrue(Math.abs(text24.weightBytes() - layers) < 0.001 * layers, layers + "\n" + card24.table());
        assertTrue(card24.fits() && card24.placement().textEncoderWeights() == null, card24.table());

        MemoryPlan card16 = MemoryPlanner.plan(r, man, new PlanningDevice(141L << 30), MemoryBudget.parse("16G"), true);
        assertTrue(card16.fits(), card16.table());
        assertEquals(WeightPolicy.FP8_PER_CHANNEL, card16.placement().textEncoderWeights(), card16.table());
        assertFalse(card16.placement().textEncoderOnCpu(), "fp8 is enough: the text encoder stays on the GPU");
        assertTrue(card16.placement().describe().contains("fp8 text encoder weights"), card16.placement().describe());

        MemoryPlan card8 = MemoryPlanner.plan(r, man, new PlanningDevice(141L << 30), MemoryBudget.parse("8G"), true);
        assertTrue(card8.placement().textEncoderOnCpu(), card8.table());
    }

    /// On a budget below the DiT's weights the plan streams layers, and the run within that budget makes the clip
    /// the resident run makes, value for value.
    @Test void aStreamedRunWithinTheBudgetMakesTheResidentRunsClip() throws Exception {
        Path mid = dir.resolve("mid");
        MagiHumanConfig cfg = new MagiHumanConfig(512, 12, 128, 4, 1, java.util.Set.of(0, 11), java.util.Set.of(0), 2048,
                MagiHumanConfig.swigluWidth(512), java.util.Set.of(), 11, 1e-6f, 48, 64, 3584, 16, MagiHumanConfig.TextCoords.V2);
        RandomModelWriter.write(mid, cfg, 9, "distill", 2);
        GenerationRequest r = request(mid, 0.5, new VideoSize(128, 64));
        Device cpu = CpuDevice.get();
        MemoryPlan resident = MemoryPlanner.plan(r, ModelManifest.open(mid, null), cpu, MemoryBudget.UNLIMITED, false);
        assertEquals(0, resident.placement().streamedLayers());
        MemoryBudget budget = new MemoryBudget(Math.max(MemoryBudget.MIN_BYTES, (long) (resident.peakBytes() * 0.8 / MemoryPlanner.MARGIN)));
        assertTrue(budget.bytes() < resident.peakBytes(), "the test model's DiT must be larger than the budget floor");
        try (LocalGenerator gen = new LocalGenerator(cpu, Residency.RELEASE_AFTER_USE)) {
            var whole = gen.submit(r, e -> { }).future().get();
            gen.setBudget(budget);
            MemoryPlan plan = gen.plan(r);
            assertTrue(plan.fits() && plan.placement().streamedLayers() > 0, plan.table());
            liveBytes();
            var streamed = gen.submit(r, e -> { }).future().get();
            assertEquals(budget, cpu.memoryUse().budget());
            org.junit.jupiter.api.Assertions.assertArrayEquals(whole.latents().video(), streamed.latents().video());
            org.junit.jupiter.api.Assertions.assertArrayEquals(whole.latents().audio(), streamed.latents().audio());
        } finally {
            cpu.limitMemory(MemoryBudget.UNLIMITED);
        }
    }

    @Test void aJobThatRunsOutOfMemoryMidwayEndsWithTheReasonAndTheNextJobRuns() throws Exception {
        Device cpu = CpuDevice.get();
        List<Tensor> ballast = new CopyOnWriteArrayList<>();
        List<GenerationEvent> events = new CopyOnWriteArrayList<>();
        try (LocalGenerator gen = new LocalGenerator(cpu)) {
            GenerationJob first = gen.submit(request(tiny, 1, new VideoSize(256, 128)), e -> {
                events.add(e);
                if (e instanceof GenerationEvent.Phase p && p.name().equals("denoising") && ballast.isEmpty()) {
                    // another program takes the memory: 64 MiB more than is live now, and nothing is left over
                    ballast.add(cpu.empty(DType.F32, Shape.of(16 << 20)));
                    try {
                        cpu.limitMemory(new MemoryBudget(liveBytes() + (1 << 16)));
                    } catch (InterruptedException x) {
                        throw new IllegalStateException(x);
                    }
                }
            });
            ExecutionException e = assertThrows(ExecutionException.class, first.future()::get);
            assertInstanceOf(DeviceMemoryException.class, e.getCause());
            GenerationEvent.Failed failed = (GenerationEvent.Failed) events.getLast();
            assertTrue(failed.message().startsWith("out of memory while denoising: cpu: allocating"), failed.message());
            assertTrue(failed.message().contains("The plan expected a peak of") && failed.message().contains("ask for a shorter or smaller clip"),
                    failed.message());

            ballast.clear();
            events.clear();
            var second = gen.submit(request(tiny, 1, new VideoSize(256, 128)), events::add).future().get();
            assertEquals(48, second.latents().channels());
            assertInstanceOf(GenerationEvent.Done.class, events.getLast());
        } finally {
            cpu.limitMemory(MemoryBudget.UNLIMITED);
        }
    }

    /// A GPU as the planner sees it: its name, free memory and GEMM width; it runs nothing.
    record PlanningDevice(long bytes) implements Device {
        @Override public String id() { return "cuda:0"; }

        @Override public String description() { return "a GPU of " + MemoryBudget.format(bytes); }

        @Override public MemoryInfo memory() { return new MemoryInfo(bytes, bytes); }

        @Override public MemoryUse memoryUse() { return new MemoryUse(0, 0, MemoryBudget.UNLIMITED); }

        @Override public MemoryBudget limitMemory(MemoryBudget budget) { return MemoryBudget.UNLIMITED; }

        @Override public void resetPeakMemory() { }

        @Override public boolean supports(Op op, DType dtype) { return false; }

        @Override public int gemmWidth(int k) { return k % 64 == 0 ? k : Math.ceilDiv(k, 128) * 128; }

        @Override public Buffer allocate(long n) { throw new UnsupportedOperationException("planning only"); }

        @Override public Buffer fromHost(MemorySegment host) { throw new UnsupportedOperationException("planning only"); }

        @Override public void copyToHost(Buffer src, long off, MemorySegment dst) { throw new UnsupportedOperationException("planning only"); }

        @Override public void copyFromHost(MemorySegment src, Buffer dst, long off) { throw new UnsupportedOperationException("planning only"); }

        @Override public Kernels kernels() { throw new UnsupportedOperationException("planning only"); }

        @Override public void synchronize() { }
    }
}
