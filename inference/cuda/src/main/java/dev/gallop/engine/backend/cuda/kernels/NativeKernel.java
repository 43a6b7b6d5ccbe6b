package dev.gallop.engine.backend.cuda.kernels;

import java.util.List;

/// A kernel of natives/ as Java launches it: its `extern "C"` name and the kinds of its parameters, in order.
/// Launches go through a `NativeKernel`, and [dev.gallop.engine.backend.cuda.driver.KernelArgs] refuses an argument
/// list of other kinds before the driver is called; `NativeSignaturesTest` checks every declaration against the
/// signature in the `.cu` file, so a wrong argument list fails the build without a GPU.
public record NativeKernel(String name, List<Param> params) {
    /// What a C parameter is passed as.
    public enum Param {
        /// A device pointer (`float*`, `const __nv_bfloat16*`, ...).
        PTR,
        /// A 64-bit integer (`int64_t`, `unsigned long long`).
        I64,
        /// A 32-bit `int`.
        I32,
        /// A `float`.
        F32,
        /// A struct passed by value ([dev.gallop.engine.backend.cuda.driver.KernelArgs#struct]).
        STRUCT
    }

    public NativeKernel {
        params = List.copyOf(params);
        if (!name.matches("[a-z0-9_]+")) throw new IllegalArgumentException("kernel name '" + name + "' is not a C identifier in lower case");
    }

    public static NativeKernel of(String name, Param... params) { return new NativeKernel(name, List.of(params)); }

    @Override public String toString() { return name + params.toString().replace('[', '(').replace(']', ')').toLowerCase(java.util.Locale.ROOT); }
}
