package dev.gallop.engine.bench;

import dev.gallop.engine.backend.Backends;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Tensor;
import dev.gallop.engine.io.Checkpoints;
import dev.gallop.engine.io.safetensors.Checkpoint;
import dev.gallop.engine.io.safetensors.SafetensorsWriter;
import dev.gallop.engine.models.magihuman.DitInput;
import dev.gallop.engine.models.magihuman.DitOutput;
import dev.gallop.engine.models.magihuman.MagiHumanConfig;
import dev.gallop.engine.models.magihuman.MagiHumanDit;
import dev.gallop.engine.nn.WeightPolicy;
import dev.gallop.engine.nn.Weights;
import dev.gallop.engine.randommodel.RandomModelWriter;
import dev.gallop.engine.runtime.Precision;
import dev.gallop.engine.sampling.GaussianNoise;
import dev.gallop.engine.tensor.DType;
import dev.gallop.engine.tensor.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/// One DiT forward of the tiny config (random weights) on a device: warm-up, then the median and best of N runs,
/// with tokens and GFLOP/s. `gallop bench dit [--frames T] [--height H] [--width W] [--text L] [--runs N] [--precision f32|mixed]
/// [--model DIR] [--dump FILE]`.
///
/// `--model DIR` runs the DiT of an existing model folder (`DIR/dit/config.json`, `DIR/dit/model.safetensors`, e.g. one
/// written by `gallop random-model`) instead of a fresh random tiny model. `--dump FILE` writes the inputs and the
/// outputs of the first forward to a safetensors file (F32 tensors `video` [C,T,H,W], `audio` [La,64], `text` [Lt,3584],
/// `out_video`, `out_audio`), for a peer implementation to check its forward against (tests/bench/dit_torch.py).
public final class DitBench {
    private DitBench() {}

    public static void main(String[] args) throws Exception {
        int t = arg(args, "--frames", 8), h = arg(args, "--height", 16), w = arg(args, "--width", 28), text = arg(args, "--text", 64);
        int runs = arg(args, "--runs", 5);
        Precision p = Arrays.asList(args).contains("mixed") ? Precision.MIXED_BF16 : Precision.F32;
        String model = str(args, "--model"), dump = str(args, "--dump");
        MagiHumanConfig cfg = model == null ? MagiHumanConfig.tiny() : MagiHumanConfig.fromJson(Path.of(model, "dit", "config.json"));
        Device device = Backends.device(System.getProperty("gallop.device", "auto"));
        Path dir = model == null ? Files.createTempDirectory("gallop-ditbench") : Path.of(model);
        try {
            if (model == null) RandomModelWriter.write(dir, cfg, 7, "distill", 8);
            try (Checkpoint ck = Checkpoints.open(dir.resolve("dit"))) {
                MagiHumanDit dit = new MagiHumanDit(cfg, Weights.open(ck, device, WeightPolicy.KEEP), device);
                int audio = 4 * (t - 1) + 2;
                GaussianNoise n = new GaussianNoise(1);
                DitInput in = new DitInput(Tensor.fromFloats(device, Shape.of(48, t, h, w), n.next(48 * t * h * w)),
                        Tensor.fromFloats(device, Shape.of(audio, 64), n.next(audio * 64)),
                        Tensor.fromFloats(device, Shape.of(text, 3584), n.next(text * 3584)));
                int tokens = t * h / 2 * w / 2 + audio + text;
                double flops = flops(cfg, tokens);
                DitOutput first = dit.forward(in, p);
                if (dump != null) dump(Path.of(dump), in, first, cfg, text, audio);
                dit.forward(in, p);
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
            if (model == null) try (var s = Files.walk(dir)) {
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

    private static void dump(Path file, DitInput in, DitOutput out, MagiHumanConfig cfg, int text, int audio) throws java.io.IOException {
        int c = cfg.latentChannels();
        Shape video = Shape.of(c, in.frames(), in.height(), in.width());
        new SafetensorsWriter().metadata("note", "gallop DitBench inputs and outputs of one forward")
                .add("video", in.video().toFloats(), video, DType.F32)
                .add("audio", in.audio().toFloats(), Shape.of(audio, cfg.audioChannels()), DType.F32)
                .add("text", in.text().toFloats(), Shape.of(text, cfg.textChannels()), DType.F32)
                .add("out_video", out.video().toFloats(), video, DType.F32)
                .add("out_audio", out.audio().toFloats(), Shape.of(audio, cfg.audioChannels()), DType.F32)
                .write(file);
    }

    private static String str(String[] args, String key) {
        for (int i = 0; i + 1 < args.length; i++) if (args[i].equals(key)) return args[i + 1];
        return null;
    }

    private static int arg(String[] args, String key, int dflt) {
        for (int i = 0; i + 1 < args.length; i++) if (args[i].equals(key)) return Integer.parseInt(args[i + 1]);
        return dflt;
    }
}
