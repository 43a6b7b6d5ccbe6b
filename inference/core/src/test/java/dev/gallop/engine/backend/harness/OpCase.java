package dev.gallop.engine.backend.harness;

import dev.gallop.engine.backend.Device;
import dev.gallop.engine.backend.Kernels;
import dev.gallop.engine.backend.Op;
import dev.gallop.engine.backend.Tensor;
import java.util.List;

/// One case of the op harness (ggml's test-backend-ops, in Java): an operation at given shapes and dtypes, with the
/// tolerance it must meet against the CPU backend's scalar twins (relative L2 per output; 0 means bit for bit).
///
/// @param op        the operation this case covers
/// @param name      shapes and dtypes, e.g. "linear bf16 x 37×83 · w 51×83"
/// @param tolerance the largest relative L2 error allowed per output
/// @param flops     floating-point operations of one run (0 when none are worth counting: throughput is then in
///                  output elements per second)
/// @param body      makes the inputs on a device and returns the run
public record OpCase(Op op, String name, double tolerance, double flops, Body body) {
    /// Builds a case's inputs on `device` (from fixed seeds: the same values on every device) and returns the run.
    public interface Body {
        Run prepare(Device device, Kernels kernels);
    }

    /// A prepared run: `op` can be called repeatedly (the perf mode does) and leaves its results in `outputs`.
    public record Run(Runnable op, List<Tensor> outputs) {}

    public static OpCase of(Op op, String name, double tolerance, Body body) { return new OpCase(op, name, tolerance, 0, body); }

    @Override public String toString() { return op + ": " + name; }
}
