package dev.gallop.engine.backend.cpu;

import dev.gallop.engine.backend.Tensor;

/// Checks shared by the CPU's volume kernels.
final class Volumes {
    private Volumes() {}

    /// Requires a [C, T, H, W] F32 or BF16 tensor.
    static void requireVolume(Tensor t, String what) {
        if (t.shape().rank() != 4) throw new IllegalArgumentException(what + " must be a volume [C, T, H, W], got " + t.shape());
        Seg.requireActivation(t, what);
    }
}
