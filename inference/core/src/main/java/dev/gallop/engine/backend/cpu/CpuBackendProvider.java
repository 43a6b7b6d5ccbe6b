package dev.gallop.engine.backend.cpu;

import dev.gallop.engine.backend.BackendProvider;
import dev.gallop.engine.backend.Device;
import java.util.List;

/// The CPU backend: always present, priority 0.
public final class CpuBackendProvider implements BackendProvider {
    @Override public String name() { return "cpu"; }

    @Override public int priority() { return 0; }

    @Override public List<Device> devices() { return List.of(CpuDevice.get()); }
}
