package dev.gallop.engine.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gallop.engine.backend.harness.OpCase;
import dev.gallop.engine.backend.harness.OpCases;
import dev.gallop.engine.backend.harness.OpHarness;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/// Every op-harness case on the first CUDA device against the CPU's scalar twins (ggml's test-backend-ops). With
/// `-Dgallop.ops.perf=true` each case is also timed on the GPU.
@Tag("gpu")
class CudaOpsGpuTest {
    static Stream<OpCase> cases() { return OpCases.all().stream(); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void everyCaseMeetsItsToleranceOnTheGpu(OpCase c) {
        CudaDevice gpu = GpuRequired.device();
        OpHarness.Result r = OpHarness.run(c, gpu, gpu.kernels());
        System.out.println(r);
        assertTrue(r.ok(), r.toString());
    }
}
