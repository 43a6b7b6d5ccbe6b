package dev.gallop.engine.cli;

import java.io.PrintStream;

/// `gallop bench gemm`, `gallop bench dit`, `gallop bench memory` and `gallop bench cuda`: forwards to the benchmark mains.
final class BenchCommand {
    private BenchCommand() {}

    static int run(String[] args, PrintStream out) throws Exception {
        if (args.length < 2) throw new CliArgs.UsageException("bench needs a target: gemm, dit, memory or cuda");
        String[] rest = java.util.Arrays.copyOfRange(args, 2, args.length);
        switch (args[1]) {
            case "dit" -> dev.gallop.engine.bench.DitBench.main(rest);
            case "memory" -> dev.gallop.engine.bench.MemoryBench.main(rest);
            case "cuda" -> dev.gallop.engine.bench.CudaBench.main(rest);
            case "gemm" -> {
                Class<?> c = Class.forName("dev.gallop.engine.bench.GemmBench");
                c.getMethod("main", String[].class).invoke(null, (Object) rest);
            }
            default -> throw new CliArgs.UsageException("unknown bench target '" + args[1] + "' (gemm, dit, memory or cuda)");
        }
        return 0;
    }
}
