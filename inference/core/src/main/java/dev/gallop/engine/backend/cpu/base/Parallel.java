package dev.gallop.engine.backend.cpu.base;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;

/// Parallel loops over index ranges on the engine's own fork-join pool (`-Dgallop.threads=N`, default: all cores).
public final class Parallel {
    private Parallel() {}

    @FunctionalInterface
    public interface RangeBody {
        void run(int from, int to);
    }

    private static final ForkJoinPool POOL = new ForkJoinPool(threadCount());

    public static int threadCount() {
        int n = Integer.getInteger("gallop.threads", Runtime.getRuntime().availableProcessors());
        return Math.max(1, n);
    }

    public static int parallelism() { return POOL.getParallelism(); }

    /// Runs body over [0, n) split into chunks of at least `grain` indices, in parallel.
    public static void range(int n, int grain, RangeBody body) {
        if (n <= 0) return;
        int g = Math.max(1, grain);
        int tasks = Math.min(POOL.getParallelism() * 4, (n + g - 1) / g);
        if (tasks <= 1 || POOL.getParallelism() == 1) {
            body.run(0, n);
            return;
        }
        int chunk = (n + tasks - 1) / tasks;
        POOL.invoke(new Split(body, 0, n, chunk));
    }

    private static final class Split extends RecursiveAction {
        private final RangeBody body;
        private final int from, to, chunk;

        Split(RangeBody body, int from, int to, int chunk) {
            this.body = body;
            this.from = from;
            this.to = to;
            this.chunk = chunk;
        }

        @Override protected void compute() {
            if (to - from <= chunk) {
                body.run(from, to);
                return;
            }
            int mid = from + ((to - from) / chunk / 2) * chunk;
            if (mid <= from) mid = from + chunk;
            invokeAll(new Split(body, from, mid, chunk), new Split(body, mid, to, chunk));
        }
    }
}
