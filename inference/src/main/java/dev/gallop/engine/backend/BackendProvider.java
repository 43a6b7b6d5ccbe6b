package dev.gallop.engine.backend;

import java.util.List;

/// A backend family, found with [java.util.ServiceLoader]. Returns no devices (never throws) when its driver or
/// hardware is absent, so the engine falls back to the CPU.
public interface BackendProvider {
    /// "cpu", "cuda"
    String name();

    /// Higher wins when the user asks for "auto". The CPU reports 0.
    int priority();

    List<Device> devices();
}
