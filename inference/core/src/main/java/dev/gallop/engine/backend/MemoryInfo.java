package dev.gallop.engine.backend;

/// Free and total bytes of a device, for the UI and for offload decisions.
public record MemoryInfo(long freeBytes, long totalBytes) {}
