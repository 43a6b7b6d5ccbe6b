package dev.gallop.engine.backend;

/// What Gallop holds on a device now and at most since the last [Device#resetPeakMemory], against its budget: the
/// measured side of a memory plan.
public record MemoryUse(long inUseBytes, long peakBytes, MemoryBudget budget) {}
