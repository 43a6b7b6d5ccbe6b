package dev.gallop.engine.backend.cuda;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gallop.engine.backend.BackendProvider;
import dev.gallop.engine.backend.Backends;

/// For the GPU harness (tests tagged "gpu", run with -Pcuda): the first CUDA device, or the test is skipped with the
/// provider's reason (no driver, no GPU, no kernels, ...). Never a silent pass.
final class GpuRequired {
    private GpuRequired() {}

    static CudaDevice device() {
        BackendProvider cuda = Backends.providers().stream().filter(p -> p.name().equals("cuda")).findFirst().orElseThrow();
        assumeTrue(!cuda.devices().isEmpty(), () -> "no usable CUDA device: " + cuda.unavailableReason().orElse("(no reason given)"));
        return (CudaDevice) cuda.devices().get(0);
    }
}
