package dev.gallop.engine.backend;

import java.util.List;
import java.util.Optional;

/// A backend family, found with [java.util.ServiceLoader]. Returns no devices (never throws) when its driver or
/// hardware is absent, so the engine falls back to the CPU.
public interface BackendProvider {
    /// "cpu", "cuda"
    String name();

    /// Higher wins when the user asks for "auto". The CPU reports 0.
    int priority();

    List<Device> devices();

    /// Why some or all of this backend's devices are missing here (no driver, no GPU, a library not found), for
    /// `gallop devices` and the UI; empty when there is nothing to report.
    default Optional<String> unavailableReason() { return Optional.empty(); }
}
