package dev.gallop.engine.cli;

import dev.gallop.engine.backend.Backends;
import dev.gallop.engine.backend.Device;
import dev.gallop.engine.models.magihuman.MagiHumanConfig;
import dev.gallop.engine.randommodel.RandomModelWriter;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;

/// The headless command line: `gallop generate`, `gallop devices`, `gallop random-model`, `gallop bench`, `gallop models`.
/// Every failure prints one clear line and exits non-zero (2 usage, 1 failure, 3 cancelled, 4 does not fit the memory budget).
public final class GallopCli {
    private static final String USAGE = """
            usage: gallop <command> [options]
              generate      run a model headless and write the result (gallop generate --help)
              devices       list compute devices
              random-model  write a model folder with seeded random weights (--out DIR [--preset tiny|real15b] [--seed N] [--sampler distill|unipc])
              bench         benchmarks: bench gemm | bench dit | bench memory [--model DIR] | bench cuda
              models        check the models folder (--root DIR [--json]): found / missing / incomplete / changed
              demo          the demo model's procedural clips: demo dataset (training shards) | demo clip (one clip) | demo eval
            """;

    private GallopCli() {}

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
            out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        try {
            return switch (args[0]) {
                case "generate" -> {
                    if (Arrays.asList(args).contains("--help")) {
                        out.print(GenerateCommand.USAGE);
                        yield 0;
                    }
                    yield GenerateCommand.run(args, out, err);
                }
                case "devices" -> {
                    for (Device d : Backends.devices()) out.println(d.id() + "\t" + d.description());
                    for (var p : Backends.providers()) {
                        p.unavailableReason().ifPresent(r -> out.println(p.name() + "\t" + (p.devices().isEmpty() ? "unavailable: " : "note: ") + r));
                    }
                    yield 0;
                }
                case "random-model" -> randomModel(args, out);
                case "bench" -> BenchCommand.run(args, out);
                case "models" -> ModelsCommand.run(args, out);
                case "demo" -> DemoCommand.run(args, out, err);
                default -> throw new CliArgs.UsageException("unknown command '" + args[0] + "'");
            };
        } catch (CliArgs.UsageException e) {
            err.println("gallop: " + e.getMessage());
            err.print(USAGE);
            return 2;
        } catch (Exception e) {
            err.println("gallop: error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            if (Boolean.getBoolean("gallop.debug")) e.printStackTrace(err);
            return 1;
        }
    }

    private static int randomModel(String[] args, PrintStream out) throws Exception {
        CliArgs a = new CliArgs(args, 1, Set.of("out", "preset", "seed", "sampler", "steps"), Set.of());
        Path dir = Path.of(a.require("out"));
        MagiHumanConfig cfg = switch (a.get("preset", "tiny")) {
            case "tiny" -> MagiHumanConfig.tiny();
            case "real15b" -> MagiHumanConfig.real15B();
            default -> throw new CliArgs.UsageException("--preset must be tiny or real15b");
        };
        String sampler = a.get("sampler", "distill");
        if (!sampler.equals("distill") && !sampler.equals("unipc")) throw new CliArgs.UsageException("--sampler must be distill or unipc");
        RandomModelWriter.write(dir, cfg, a.integer("seed", 1), sampler, (int) a.integer("steps", sampler.equals("distill") ? 8 : 32));
        out.println("wrote random " + a.get("preset", "tiny") + " model to " + dir);
        return 0;
    }
}
