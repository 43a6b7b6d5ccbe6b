package dev.gallop.engine.backend.cuda;

import dev.gallop.engine.backend.BackendProvider;
import dev.gallop.engine.backend.Device;
import java.util.List;
import java.util.Optional;

/// The CUDA backend (priority 100: preferred over the CPU for "auto"). Without an NVIDIA driver, GPU, kernels or
/// cuBLASLt it has no devices and [#unavailableReason] says which is missing; the CPU backend then runs.
public final class CudaBackendProvider implements BackendProvider {
    private static volatile CudaProbe.Result probe;

    @Override public String name() { return "cuda"; }

    @Override public int priority() { return 100; }

    @Override public List<Device> devices() { return result().devices(); }

    @Override public Optional<String> unavailableReason() { return Optional.ofNullable(result().reason()); }

    private static CudaProbe.Result result() {
        CudaProbe.Result r = probe;
        if (r == null) {
            synchronized (CudaBackendProvider.class) {
                if (probe == null) probe = CudaProbe.run();
                r = probe;
            }
        }
        return r;
    }
}
