package dev.gallop.engine.bench;

import dev.gallop.engine.backend.Backends;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.models.magihuman.MagiHumanConfig;
import dev.gallop.engine.pipeline.GeneratedClip;
import dev.gallop.engine.pipeline.GenerationEvent;
import dev.gallop.engine.pipeline.GenerationRequest;
import dev.gallop.engine.pipeline.StructuredPrompt;
import dev.gallop.engine.pipeline.VideoSize;
import dev.gallop.engine.pipeline.discovery.ModelManifest;
import dev.gallop.engine.backend.MemoryBudget;
import dev.gallop.engine.pipeline.local.LocalGenerator;
import dev.gallop.engine.pipeline.local.MemoryPlan;
import dev.gallop.engine.pipeline.local.Residency;
import dev.gallop.engine.randommodel.RandomModelWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/// `gallop bench memory [--model DIR] [--size WxH] [--seconds S] [--steps N] [--keep] [--xmx SIZE] [--vram SIZE]`: one
/// generation, with the process's resident memory sampled per stage, against the bytes of the weight files. Shows that
/// weights are mapped (resident as file pages, not copied into the heap) and what each stage adds; then the memory
/// plan and, per stage, its predicted peak against the peak the device counted (docs/memory.md).
///
/// Without `--model` it writes a mid-size random model ([#midConfig()], a 360 MB bf16 DiT) to a temporary folder and
/// measures it in a fresh JVM (so the writing does not count), then deletes it. `--keep` keeps components loaded
/// between stages (the studio's setting) instead of releasing each after its stage (the CLI's). `--xmx SIZE` caps
/// the measuring JVM's heap (e.g. 512m): the default heap grows its young generation with the allocation rate, which
/// the resident figure then includes.
public final class MemoryBench {
    private MemoryBench() {}

    /// 8 layers of width 1024 (4 with modality experts, 2 GELU7), text width 3584: 180 M parameters, 360 MB in bf16.
    public static MagiHumanConfig midConfig() {
        return new MagiHumanConfig(1024, 8, 128, 8, 2, Set.of(0, 1, 6, 7), Set.of(0, 1), 4096, MagiHumanConfig.swigluWidth(1024),
                Set.of(), 11, 1e-6f, 48, 64, 3584, 16, MagiHumanConfig.TextCoords.V2);
    }

    public static void main(String[] args) throws Exception {
        String model = str(args, "--model");
        if (model == null) {
            Path dir = Files.createTempDirectory("gallop-membench");
            try {
                System.out.println("writing a mid-size random model to " + dir + " ...");
                RandomModelWriter.write(dir, midConfig(), 7, "distill", 8);
                List<String> cmd = new ArrayList<>();
                cmd.add(ProcessHandle.current().info().command().orElse("java"));
                cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
                if (str(args, "--xmx") != null) cmd.add("-Xmx" + str(args, "--xmx"));
                cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), MemoryBench.class.getName(), "--model", dir.toString()));
                cmd.addAll(List.of(args));
                int rc = new ProcessBuilder(cmd).inheritIO().start().waitFor();
                if (rc != 0) throw new IOException("the measuring JVM exited with " + rc);
            } finally {
                try (Stream<Path> s = Files.walk(dir)) {
                    s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
                }
            }
            return;
        }
        measure(Path.of(model), args);
    }

    private static void measure(Path model, String[] args) throws Exception {
        String[] wh = Optional.ofNullable(str(args, "--size")).orElse("448x256").split("x");
        VideoSize size = new VideoSize(Integer.parseInt(wh[0]), Integer.parseInt(wh[1]));
        double seconds = Double.parseDouble(Optional.ofNullable(str(args, "--seconds")).orElse("1"));
        int steps = Integer.parseInt(Optional.ofNullable(str(args, "--steps")).orElse("2"));
        boolean keep = List.of(args).contains("--keep");
        ModelManifest m = ModelManifest.open(model, null);
        long weights = weightBytes(m);
        Device device = Backends.device(System.getProperty("gallop.device", "auto"));
        GenerationRequest req = new GenerationRequest(StructuredPrompt.of("a red circle bouncing on a blue background"),
                Optional.empty(), Optional.empty(), seconds, size, 42, steps, model);
        ResidentMemory.Reading before = ResidentMemory.read();
        long allocated0 = allocatedBytes();
        long t0 = System.nanoTime();
        Map<String, ResidentMemory.Peak> peaks;
        GeneratedClip clip;
        MemoryPlan plan;
        Map<String, Long> devicePeaks = new java.util.LinkedHashMap<>();
        try (ResidentMemory rss = new ResidentMemory(10);
             LocalGenerator gen = new LocalGenerator(device, keep ? Residency.KEEP_LOADED : Residency.RELEASE_AFTER_USE)) {
            gen.setBudget(MemoryBudget.parse(Optional.ofNullable(str(args, "--vram")).orElse("auto")));
            plan = gen.plan(req);
            String[] stage = {null};
            clip = gen.submit(req, e -> {
                if (e instanceof GenerationEvent.Phase p) rss.phase(p.isProgress() ? "unpacking zstd shards" : p.name());
                if (e instanceof GenerationEvent.Phase p && !p.isProgress()) {
                    if (stage[0] != null) devicePeaks.merge(stage[0], device.memoryUse().peakBytes(), Math::max);
                    stage[0] = planStage(p.name());
                    System.gc();   // what the last stage left unreachable is not this stage's
                    device.resetPeakMemory();
                }
            }).await();
            if (stage[0] != null) devicePeaks.merge(stage[0], device.memoryUse().peakBytes(), Math::max);
            rss.phase("done");
            peaks = rss.peaks();
        }
        ResidentMemory.Reading after = ResidentMemory.read();
        double secs = (System.nanoTime() - t0) / 1e9;
        long allocated = allocatedBytes() - allocated0;
        System.out.printf(Locale.ROOT, "model %s (%s), weights on disk %s; %s, %d latent frames, %d steps, %s; %s; %.1f s%n",
                m.name(), model, mb(weights), size, clip.latents().frames(), steps, keep ? "components kept loaded" : "released after each stage",
                device.description(), secs);
        System.out.printf(Locale.ROOT, "JVM max heap %s; resident before the run %s (anon %s, file %s)%n",
                mb(Runtime.getRuntime().maxMemory()), mb(before.rss()), mb(before.anon()), mb(before.file()));
        System.out.printf(Locale.ROOT, "%-22s %12s %12s %12s %14s%n", "stage", "peak anon", "peak file", "peak total", "heap committed");
        peaks.forEach((phase, p) -> System.out.printf(Locale.ROOT, "%-22s %12s %12s %12s %14s%n", phase, mb(p.anon()), mb(p.file()),
                mb(p.total()), mb(p.heap())));
        System.out.printf(Locale.ROOT, "peak resident (VmHWM) %s = %.2f x the weight bytes; peak resident file pages %s%n",
                mb(after.hwm()), after.hwm() / (double) weights, mb(peaks.values().stream().mapToLong(ResidentMemory.Peak::file).max().orElse(0)));
        System.out.printf(Locale.ROOT, "allocated on the Java heap during the run %s (all threads)%n", mb(allocated));
        System.out.print(plan.table());
        System.out.printf(Locale.ROOT, "%-22s %14s %14s %10s%n", "stage", "predicted", "device peak", "ratio");
        for (MemoryPlan.Stage st : plan.stages()) {
            Long measured = devicePeaks.get(st.name());
            System.out.printf(Locale.ROOT, "%-22s %14s %14s %10s%n", st.name(), mb(st.peakBytes()), measured == null ? "-" : mb(measured),
                    measured == null ? "-" : String.format(Locale.ROOT, "%.3f", measured / (double) st.peakBytes()));
        }
    }

    /// The plan's name of the stage a pipeline phase belongs to, or null for phases outside the plan's stages.
    static String planStage(String phase) {
        if (phase.equals("encoding prompt")) return "text encoding";
        if (phase.equals("denoising")) return "denoising";
        if (phase.startsWith("super-resolution")) return "super-resolution";
        if (phase.equals("decoding video")) return "video decoding";
        if (phase.equals("decoding audio")) return "audio decoding";
        if (phase.startsWith("encoding image")) return "image encoding";
        if (phase.equals("encoding audio")) return "audio encoding";
        return null;
    }

    /// Bytes allocated on the Java heap by all threads since the JVM started (HotSpot's counter), or 0 without it.
    private static long allocatedBytes() {
        return ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t && t.isThreadAllocatedMemoryEnabled()
                ? t.getTotalThreadAllocatedBytes() : 0;
    }

    /// Bytes of the weight files the model's components read (safetensors, pickles).
    static long weightBytes(ModelManifest m) throws IOException {
        List<Path> roots = new ArrayList<>(List.of(m.dit()));
        m.components().values().forEach(c -> roots.add(c.path()));
        m.superResolution().values().forEach(d -> roots.add(d.path()));
        long sum = 0;
        for (Path r : roots.stream().distinct().toList()) {
            try (Stream<Path> s = Files.walk(r)) {
                for (Path f : s.filter(Files::isRegularFile).toList()) {
                    String n = f.getFileName().toString();
                    if (n.endsWith(".safetensors") || n.endsWith(".ckpt") || n.endsWith(".pth")) sum += Files.size(f);
                }
            }
        }
        return sum;
    }

    private static String mb(long bytes) { return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6); }

    private static String str(String[] args, String key) {
        for (int i = 0; i + 1 < args.length; i++) if (args[i].equals(key)) return args[i + 1];
        return null;
    }
}
