package dev.gallop.engine.bench;

import dev.gallop.engine.backend.Backends;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.cli.GallopCli;
import dev.gallop.engine.io.safetensors.Checkpoint;
import dev.gallop.engine.models.magihuman.DitInput;
import dev.gallop.engine.models.magihuman.MagiHumanConfig;
import dev.gallop.engine.models.magihuman.MagiHumanDit;
import dev.gallop.engine.nn.WeightPolicy;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.pipeline.RandomModelWriter;
import dev.gallop.engine.runtime.Precision;
import dev.gallop.engine.sampling.GaussianNoise;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/// One DiT forward of the tiny config (random weights) on a device: warm-up, then the median and best of N runs,
/// with tokens and GFLOP/s. `gallop bench dit [--frames T] [--height H] [--width W] [--text L] [--runs N] [--precision f32|mixed]`.
public final class DitBench {
    private DitBench() {}

    public static void main(String[] args) throws Exception {
        int t = arg(args, "--frames", 8), h = arg(args, "--height", 16), w = arg(args, "--width", 28), text = arg(args, "--text", 64);
        int runs = arg(args, "--runs", 5);
        Precision p = Arrays.asList(args).contains("mixed") ? Precision.MIXED_BF16 : Precision.F32;
        MagiHumanConfig cfg = GallopCli.tinyConfig();
        Device device = Backends.device(System.getProperty("gallop.device", "auto"));
        Path dir = Files.createTempDirectory("gallop-ditbench");
        try {
            RandomModelWriter.write(dir, cfg, 7, "distill", 8);
            try (Checkpoint ck = Checkpoint.open(dir.resolve("dit"))) {
                MagiHumanDit dit = new MagiHumanDit(cfg, Weights.open(ck, device, WeightPolicy.KEEP), device);
                int audio = 4 * (t - 1) + 2;
                GaussianNoise n = new GaussianNoise(1);
                DitInput in = new DitInput(n.next(48 * t * h * w), t, h, w, n.next(audio * 64), n.next(text * 3584));
                int tokens = t * h / 2 * w / 2 + audio + text;
                double flops = flops(cfg, tokens);
                for (int i = 0; i < 2; i++) dit.forward(in, p);
                double[] ms = new double[runs];
                for (int i = 0; i < runs; i++) {
                    long s = System.nanoTime();
                    dit.forward(in, p);
                    ms[i] = (System.nanoTime() - s) / 1e6;
                }
                Arrays.sort(ms);
                System.out.printf(Locale.ROOT, "tiny DiT (width %d, %d layers) %s, %d tokens on %s: median %.1f ms, best %.1f ms, %.1f GFLOP/s%n",
                        cfg.hidden(), cfg.layers(), p, tokens, device.description(), ms[runs / 2], ms[0], flops / ms[runs / 2] / 1e6);
            }
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /// GEMM FLOPs (one expert per token) plus attention (QKᵀ and PV) of one forward.
    static double flops(MagiHumanConfig c, long n) {
        double f = 0;
        for (int l = 0; l < c.layers(); l++) {
            double perToken = (double) c.qkvWidth() * c.hidden() + (double) c.hidden() * c.hidden()
                    + (double) c.mlpUpWidth(l) * c.hidden() + (double) c.hidden() * c.mlpIntermediate(l);
            f += 2 * perToken * n + 4.0 * c.hidden() * n * n;
        }
        return f;
    }

    private static int arg(String[] args, String key, int dflt) {
        for (int i = 0; i + 1 < args.length; i++) if (args[i].equals(key)) return Integer.parseInt(args[i + 1]);
        return dflt;
    }
}
