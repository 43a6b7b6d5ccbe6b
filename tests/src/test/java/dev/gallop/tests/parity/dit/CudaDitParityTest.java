package dev.gallop.tests.parity.dit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gallop.engine.backend.BackendProvider;
import dev.gallop.engine.backend.Backends;
import dev.gallop.engine.backend.Device;
import dev.gallop.tests.parity.GoldenDirs;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/// The DiT parity goldens on the CUDA backend (run with -Pcuda): the same inputs, taps and tolerances as
/// [DitParityTest] on the CPU. Skipped, with the CUDA provider's reason, where no GPU is usable.
@Tag("gpu")
class CudaDitParityTest {
    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("dev.gallop.tests.parity.dit.DitParityTest#runs")
    void forwardMatchesReferenceOnCuda(GoldenDirs.Dir dir, String ioName, String style) throws Exception {
        BackendProvider cuda = Backends.providers().stream().filter(p -> p.name().equals("cuda")).findFirst().orElseThrow();
        assumeTrue(!cuda.devices().isEmpty(), () -> "no usable CUDA device: " + cuda.unavailableReason().orElse("(no reason given)"));
        Device gpu = cuda.devices().get(0);
        DitParityTest.compareOn(gpu, dir, ioName, style);
    }
}
