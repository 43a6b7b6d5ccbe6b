package dev.gallop.engine.cli;

import dev.gallop.engine.demo.DatasetWriter;
import dev.gallop.engine.demo.DemoClip;
import dev.gallop.engine.demo.DemoPrompt;
import dev.gallop.engine.demo.DemoScene;
import dev.gallop.engine.demo.DemoSpec;
import dev.gallop.engine.media.Mp4Writer;
import dev.gallop.engine.models.demo.DemoFormat;
import dev.gallop.engine.pipeline.DecodedAudio;
import dev.gallop.engine.runtime.CancelToken;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/// `gallop demo dataset` writes the demo model's training shards; `gallop demo clip` renders one procedural clip
/// (the ground truth the demo model learns) for a prompt in the demo grammar.
final class DemoCommand {
    static final String USAGE = """
            gallop demo dataset --out DIR [--clips 12000] [--shard-size 200] [--seed 1] [--seconds 1,2,3,4,5]
                the training set as latents; shard s holds clips of the (s mod k)-th length
            gallop demo clip --prompt "a red circle bouncing on a blue background" --out FILE.mp4 [--seed 1] [--seconds 2]
                [--size 128x128]
            gallop demo eval [--model DIR] [--seed 1] [--seconds 2] [--size WxH] [--device cpu] [--quiet]
                prompt adherence on the 28 held-out prompts (at the model's own size unless --size) and the time per clip
            """;

    private DemoCommand() {}

    static int run(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length < 2) throw new CliArgs.UsageException("demo needs a target: dataset or clip\n" + USAGE);
        return switch (args[1]) {
            case "dataset" -> dataset(args, out, err);
            case "clip" -> clip(args, out);
            case "eval" -> eval(args, out);
            default -> throw new CliArgs.UsageException("unknown demo target '" + args[1] + "'\n" + USAGE);
        };
    }

    private static int dataset(String[] args, PrintStream out, PrintStream err) throws Exception {
        CliArgs a = new CliArgs(args, 2, Set.of("out", "clips", "shard-size", "seed", "seconds"), Set.of());
        Path dir = Path.of(a.require("out"));
        int clips = (int) a.integer("clips", 12000), shard = (int) a.integer("shard-size", 200);
        if (clips < 1 || shard < 1) throw new CliArgs.UsageException("--clips and --shard-size must be positive");
        java.util.List<Double> seconds = new java.util.ArrayList<>();
        for (String part : a.get("seconds", "1,2,3,4,5").split(",")) {
            double s;
            try {
                s = Double.parseDouble(part.trim());
            } catch (NumberFormatException e) {
                throw new CliArgs.UsageException("--seconds takes lengths separated by commas, e.g. 1,2,5; got '" + part + "'");
            }
            if (!(s > 0) || s > 10) throw new CliArgs.UsageException("--seconds must be in (0, 10], got " + part);
            seconds.add(s);
        }
        long t0 = System.nanoTime();
        DatasetWriter.write(dir, clips, shard, a.integer("seed", 1), seconds,
                done -> err.printf(java.util.Locale.ROOT, "gallop: %d/%d clips, %.1f s%n", done, clips, (System.nanoTime() - t0) / 1e9),
                CancelToken.NEVER);
        out.println("wrote " + clips + " clips to " + dir);
        return 0;
    }

    private static int eval(String[] args, PrintStream out) throws Exception {
        CliArgs a = new CliArgs(args, 2, Set.of("model", "seed", "device", "seconds", "size"), Set.of("quiet"));
        Path model = a.get("model", null) != null ? Path.of(a.get("model", null)) : dev.gallop.engine.demo.DemoModel.folder().orElseThrow(
                () -> new CliArgs.UsageException("no --model given and the demo model (assets/models/demo) was not found"));
        var device = dev.gallop.engine.backend.Backends.device(a.get("device", "cpu"));
        boolean quiet = a.flag("quiet");
        out.println("demo eval: " + model + " on " + device.description() + ", " + Runtime.getRuntime().availableProcessors()
                + " cores visible, gallop.threads=" + System.getProperty("gallop.threads", "(all)"));
        double seconds = a.number("seconds", 2.0);
        if (!(seconds > 0) || seconds > DemoFormat.MAX_SECONDS) throw new CliArgs.UsageException("--seconds must be in (0, " + DemoFormat.MAX_SECONDS + "], got " + seconds);
        var size = a.get("size", null) == null ? null : GenerateCommand.size(a, "size");
        var clips = dev.gallop.engine.demo.DemoEvaluation.run(model, device, DemoSpec.heldOut(), seconds, size, a.integer("seed", 1),
                c -> { if (!quiet) out.printf(java.util.Locale.ROOT, "%5.2f s  %s%n", c.seconds(), c.score().describe()); });
        out.println(dev.gallop.engine.demo.Adherence.Rates.of(clips.stream().map(dev.gallop.engine.demo.DemoEvaluation.Clip::score).toList()));
        double[] t = clips.stream().mapToDouble(dev.gallop.engine.demo.DemoEvaluation.Clip::seconds).sorted().toArray();
        out.printf(java.util.Locale.ROOT, "time per %.0f-second clip (prompt to decoded sound, model loaded): median %.3f s, best %.3f s, worst %.3f s%n",
                seconds, t[t.length / 2], t[0], t[t.length - 1]);
        return 0;
    }

    private static int clip(String[] args, PrintStream out) throws Exception {
        CliArgs a = new CliArgs(args, 2, Set.of("prompt", "out", "seed", "seconds", "size"), Set.of());
        String body = a.require("prompt");
        DemoSpec spec = DemoPrompt.parse(body).orElseThrow(() -> new CliArgs.UsageException(
                "--prompt must follow the demo grammar, e.g. \"a red circle bouncing on a blue background\"; got '" + body + "'"));
        double seconds = a.number("seconds", 2.0);
        if (!(seconds > 0) || seconds > 10) throw new CliArgs.UsageException("--seconds must be in (0, 10], got " + seconds);
        var size = a.get("size", null) == null ? new dev.gallop.engine.pipeline.VideoSize(DemoFormat.WIDTH, DemoFormat.HEIGHT)
                : GenerateCommand.size(a, "size");
        DemoScene scene = DemoScene.sample(spec, new SplittableRandom(a.integer("seed", 1)));
        DemoClip c = DemoClip.of(scene, DemoPrompt.of(spec, false), seconds);
        Path file = Path.of(a.require("out"));
        Mp4Writer.write(file, c.video(size.width(), size.height()), new DecodedAudio(c.audio(), 1, DemoFormat.SAMPLE_RATE), DemoFormat.FPS,
                Map.of("comment", c.prompt().render()), p -> { }, CancelToken.NEVER);
        out.println("wrote " + file);
        return 0;
    }
}
