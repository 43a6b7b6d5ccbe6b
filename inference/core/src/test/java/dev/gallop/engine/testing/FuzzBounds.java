package dev.gallop.engine.testing;

/// What a fuzz target asserts besides "no unexpected exception": that one input never takes long. A parser whose
/// work is not linear in its input (the shared-tuple pickle) shows up as a slow input long before it hangs.
public final class FuzzBounds {
    private FuzzBounds() {}

    /// The most one input may take; generous, for a loaded build machine.
    public static final long MAX_NANOS = 3_000_000_000L;

    /// Fails when an input started at `t0` (System.nanoTime) took longer than [#MAX_NANOS].
    public static void inTime(long t0, String what) {
        long took = System.nanoTime() - t0;
        if (took > MAX_NANOS) throw new AssertionError(what + " took " + took / 1_000_000 + " ms on one input (limit " + MAX_NANOS / 1_000_000 + " ms)");
    }
}
