package dev.gallop.engine.backend.cpu.gemm;

/// Per-thread GEMM buffers, grown on demand and reused across calls (the fork-join workers live as long as the pool).
final class Scratch {
    private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

    float[] packedX = new float[0];
    float[] packedW = new float[0];
    float[] rows = new float[0];
    float[] tmp = new float[0];
    final float[] tile = new float[MicroKernel.MR * MicroKernel.NR];

    private Scratch() {}

    static Scratch get() { return LOCAL.get(); }

    static float[] atLeast(float[] a, int n) { return a.length >= n ? a : new float[n]; }
}
